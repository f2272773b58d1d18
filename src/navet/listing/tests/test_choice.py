"""The person's own choice of named doctor: the resident chooses among the doctors of their
health centre with room (or queues), the unit head confirms or refuses with an explanation the
resident sees, double submits give one request, and proposals can see whom to leave alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from navet.access.models import AuditEvent
from navet.listing import choice, selectors, services
from navet.listing.models import ChoiceStatus, GuideValue, NamedDoctorChoice
from navet.listing.tests.support import ACTOR, key
from navet.residents.models import Listing
from navet.web.tests.html import text, texts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def choose(client, doctor, form_key="c-1", message=""):
    value = "queue" if doctor is None else str(doctor.pk)
    return client.post(
        reverse("listing:request_doctor"), {"key": form_key, "choice": value, "message": message}
    )


def decide(client, made, **data):
    prefix = f"c{made.pk}"
    data.setdefault("key", "d-1")
    return client.post(
        reverse("listing:choice_decide", args=[made.pk]),
        {f"{prefix}-{k}": v for k, v in data.items()},
    )


def no_room(small_county):
    """A guide value of 1 per FTE: Per Ek (1.0 FTE, Elsa) is full and Nora Lind (0.8 FTE) has
    no place at all."""
    county = small_county.units["skiljebo"].municipality.county
    GuideValue.objects.create(county=county, year=TODAY.year, specialist_per_fte=1, st_per_fte=1)


def test_the_resident_sees_the_doctors_with_room_and_chooses_one(small_county, client_as):
    elsa, nora = small_county.persons["elsa"], small_county.staff["st"]
    client = client_as("invanare")
    page = client.get(reverse("listing:choose_doctor"))
    assert page.status_code == 200
    main = text(page.content, "main")
    assert "Per Ek, specialist i allmänmedicin: din fasta läkarkontakt" in main
    assert "Nora Lind, ST-läkare i allmänmedicin: har plats" in main
    assert "Nora Lind – ST-läkare, allmänmedicin (440 lediga platser)" in main
    assert AuditEvent.objects.filter(
        person_id=elsa.pk, action="read", object_type="own_doctor_choice", username="invanare"
    ).exists()

    response = choose(client, nora, message="Jag har träffat henne förut.")
    assert response.status_code == 302
    # A double submit (the same form again) and a second form for the same doctor: one request.
    assert choose(client, nora).status_code == 302
    assert choose(client, nora, form_key="c-2").status_code == 302
    made = NamedDoctorChoice.objects.get(person=elsa)
    assert (made.status, made.doctor, made.kind) == ("pending", nora, "doctor")
    assert made.message == "Jag har träffat henne förut."
    main = text(client.get(reverse("listing:choose_doctor")).content, "main")
    assert "Du har valt Nora Lind på Vårdcentralen Skiljebo" in main
    # Nothing changes until the unit head confirms.
    assert selectors.named_doctor(elsa, on=TODAY).staff == small_county.staff["allmanlakare"]
    assert (
        AuditEvent.objects.filter(
            person_id=elsa.pk, action="create", object_type="nameddoctorchoice"
        ).count()
        == 1
    )


def test_refusals_say_why(small_county, client_as):
    elsa, staff = small_county.persons["elsa"], small_county.staff
    client = client_as("invanare")
    # The doctor she already has is not offered; a crafted post is refused with the reason.
    response = choose(client, staff["allmanlakare"])
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in text(response.content, "main")
    with pytest.raises(choice.ChoiceRefused, match="redan din fasta läkarkontakt"):
        choice.request_named_doctor(actor=ACTOR, person=elsa, doctor=staff["allmanlakare"], key="x")
    with pytest.raises(choice.ChoiceRefused, match="kan inte väljas"):
        choice.request_named_doctor(actor=ACTOR, person=elsa, doctor=staff["city_doctor"], key="y")
    choice.request_named_doctor(actor=ACTOR, person=elsa, doctor=staff["st"], key="z")
    with pytest.raises(choice.ChoiceRefused, match="redan en begäran som väntar"):
        choice.request_named_doctor(actor=ACTOR, person=elsa, doctor=None, key="w")
    ahmed = small_county.persons["ahmed"]  # not listed anywhere
    with pytest.raises(choice.ChoiceRefused, match="inte listad"):
        choice.request_named_doctor(actor=ACTOR, person=ahmed, doctor=None, key="v")


def test_with_no_room_the_resident_may_queue(small_county, client_as):
    no_room(small_county)
    elsa, nora = small_county.persons["elsa"], small_county.staff["st"]
    client = client_as("invanare")
    main = text(client.get(reverse("listing:choose_doctor")).content, "main")
    assert "Nora Lind, ST-läkare i allmänmedicin: har inte plats för fler just nu" in main
    assert "Ställ mig i kö till en fast läkarkontakt" in main
    response = choose(client, nora)
    assert response.status_code == 400
    with pytest.raises(choice.ChoiceRefused, match="inte plats för fler"):
        choice.request_named_doctor(actor=ACTOR, person=elsa, doctor=nora, key="x")
    assert choose(client, None).status_code == 302
    made = NamedDoctorChoice.objects.get(person=elsa)
    assert (made.kind, made.doctor) == ("waiting_list", None)
    main = text(client.get(reverse("listing:choose_doctor")).content, "main")
    assert "Du står i kö till en fast läkarkontakt på Vårdcentralen Skiljebo" in main


def test_the_unit_head_confirms_and_the_choice_is_kept_from_proposals(small_county, client_as):
    elsa, staff, skiljebo = (
        small_county.persons["elsa"],
        small_county.staff,
        small_county.units["skiljebo"],
    )
    made, created = choice.request_named_doctor(
        actor=ACTOR, person=elsa, doctor=staff["st"], key=key()
    )
    assert created
    assert choice.own_choice_person_ids(skiljebo, on=TODAY) == {elsa.pk}  # pending
    head = client_as("verksamhetschef")
    start = text(head.get(reverse("web:start")).content, "main")
    assert "Egna val av fast läkarkontakt (1 väntar)" in start
    page = head.get(reverse("listing:choice_requests"))
    assert page.status_code == 200
    main = text(page.content, "main")
    assert "Vårdcentralen Skiljebo: 1 väntar på besked" in main
    assert "Har valt Nora Lind : 440 lediga platser enligt riktvärdet" in main
    assert AuditEvent.objects.filter(
        person_id=elsa.pk, action="search", username="verksamhetschef",
        detail="arbetslista: egna val av fast läkarkontakt",
    ).exists()  # fmt: skip

    assert decide(head, made, decision="confirm").status_code == 302
    assert decide(head, made, decision="confirm", key="d-2").status_code == 302  # again: no-op
    made.refresh_from_db()
    contact = selectors.named_doctor(elsa, on=TODAY)
    assert (made.status, made.named_contact, made.decided_by) == (
        "confirmed", contact, staff["verksamhetschef"],
    )  # fmt: skip
    assert contact.staff == staff["st"] and contact.reason == choice.OWN_CHOICE_REASON
    assert choice.own_choice_person_ids(skiljebo, on=TODAY) == {elsa.pk}  # confirmed
    assert "Inga val väntar på besked." in text(
        head.get(reverse("listing:choice_requests")).content
    )
    rows = texts(client_as("invanare").get(reverse("listing:choose_doctor")).content, "tr")
    assert any(
        r.startswith(f"{TODAY.isoformat()} Nora Lind, Vårdcentralen Skiljebo Bekräftad")
        for r in rows
    )
    # A later change by the unit ends the chosen contact: no longer an own choice.
    services.end_named_contact(actor=ACTOR, contact=contact, valid_to=TODAY, reason="Test", by=None)
    assert choice.own_choice_person_ids(skiljebo, on=TODAY + timedelta(days=1)) == set()


def test_a_queued_person_gets_the_doctor_the_unit_head_picks(small_county, client_as):
    no_room(small_county)
    elsa, staff = small_county.persons["elsa"], small_county.staff
    made, _ = choice.request_named_doctor(actor=ACTOR, person=elsa, doctor=None, key=key())
    head = client_as("verksamhetschef")
    response = decide(head, made, decision="confirm")
    assert response.status_code == 400
    assert "Välj vilken läkare personen ska få." in text(response.content, "main")
    assert decide(head, made, decision="confirm", doctor=staff["st"].pk).status_code == 302
    assert selectors.named_doctor(elsa, on=TODAY).staff == staff["st"]


def test_a_refusal_needs_an_explanation_and_the_resident_sees_it(small_county, client_as):
    elsa, staff = small_county.persons["elsa"], small_county.staff
    made, _ = choice.request_named_doctor(actor=ACTOR, person=elsa, doctor=staff["st"], key=key())
    head = client_as("verksamhetschef")
    response = decide(head, made, decision="refuse", explanation="Nej")
    assert response.status_code == 400
    assert "Förklara för personen varför valet inte kan bekräftas." in text(response.content)
    assert NamedDoctorChoice.objects.get(pk=made.pk).status == ChoiceStatus.PENDING
    why = "Nora Lind slutar i december. Välj gärna igen i januari."
    assert decide(head, made, decision="refuse", explanation=why).status_code == 302
    main = text(client_as("invanare").get(reverse("listing:choose_doctor")).content, "main")
    assert "Avböjd" in main and why in main
    assert selectors.named_doctor(elsa, on=TODAY).staff == staff["allmanlakare"]
    assert choice.own_choice_person_ids(small_county.units["skiljebo"], on=TODAY) == set()


def test_the_resident_can_withdraw_and_choose_again(small_county, client_as):
    elsa, nora = small_county.persons["elsa"], small_county.staff["st"]
    client = client_as("invanare")
    choose(client, nora)
    made = NamedDoctorChoice.objects.get(person=elsa)
    assert client.post(reverse("listing:withdraw_choice", args=[made.pk])).status_code == 302
    assert NamedDoctorChoice.objects.get(pk=made.pk).status == ChoiceStatus.WITHDRAWN
    assert choose(client, nora, form_key="c-9").status_code == 302
    assert NamedDoctorChoice.objects.filter(person=elsa, status="pending").count() == 1


def test_only_the_unit_head_of_the_centre_answers(small_county, client_as):
    elsa, staff = small_county.persons["elsa"], small_county.staff
    made, _ = choice.request_named_doctor(actor=ACTOR, person=elsa, doctor=staff["st"], key=key())
    assert client_as("allmanlakare").get(reverse("listing:choice_requests")).status_code == 403
    assert decide(client_as("allmanlakare"), made, decision="confirm").status_code == 403
    with pytest.raises(choice.NotAuthorised):
        choice.confirm_choice(actor=ACTOR, choice=made, by=staff["allmanlakare"])
    assert client_as("invanare").get(reverse("listing:choice_requests")).status_code == 403


def test_an_unlisted_resident_is_told_to_list_first(small_county, client_as):
    Listing.objects.filter(person=small_county.persons["elsa"]).delete()
    main = text(client_as("invanare").get(reverse("listing:choose_doctor")).content, "main")
    assert "Du är inte listad på någon vårdcentral. Lista dig först" in main
