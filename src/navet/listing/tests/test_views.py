"""The staff pages: the person's listing and named contacts (gated, audited, refusals shown with
their reason), the worklists, the unit head's listing page and the listing-file upload."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from navet.access.models import AuditEvent
from navet.access.tests.support import relate
from navet.listing import selectors, services
from navet.listing.models import WaitingListEntry
from navet.listing.tests.support import ACTOR, add_staff, key
from navet.organisation.models import Assignment
from navet.residents.models import Listing, LivingSituation, NamedContact
from navet.web.tests.html import text, texts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def page_of(client, person):
    return client.get(reverse("listing:person", args=[person.pk]))


def appoint_post(client, person, staff, *, role="named_doctor", unit, form_key="k-1", **extra):
    prefix = f"appoint-{role}-{unit.pk}".replace("_", "-")
    data = {
        "form": prefix,
        f"{prefix}-key": form_key,
        f"{prefix}-role": role,
        f"{prefix}-unit": unit.pk,
        f"{prefix}-staff": staff.pk,
        f"{prefix}-valid_from": TODAY.isoformat(),
        f"{prefix}-reason": extra.pop("reason", "Personens önskemål"),
        **{f"{prefix}-{k}": v for k, v in extra.items()},
    }
    return client.post(reverse("listing:appoint", args=[person.pk]), data)


def test_the_person_page_shows_listing_contacts_and_the_forms_the_user_may_use(
    small_county, client_as
):
    elsa = small_county.persons["elsa"]
    response = page_of(client_as("verksamhetschef"), elsa)
    assert response.status_code == 200
    html = response.content
    main = text(html, "main")
    assert "Listad på Vårdcentralen Skiljebo (Västerås) från 2019-03-01. Aktivt val." in main
    rows = texts(html, "tr")
    assert any(
        r.startswith("Fast läkarkontakt Per Ek Vårdcentralen Skiljebo från 2019-03-01")
        for r in rows
    )
    # Citykliniken (another care provider) and the municipality's home care are withheld:
    # no consent. The gate decides what the page shows, as everywhere.
    assert not any("Citykliniken" in r or "Fatima Ali" in r for r in rows)
    headings = texts(html, "h3")
    assert "Utse fast läkarkontakt" in headings
    assert "Utse fast vårdkontakt på Vårdcentralen Skiljebo" in headings
    options = texts(html, "option")
    assert "Nora Lind – ST-läkare, allmänmedicin" in options
    assert "Eva Holm – Distriktssköterska" in options  # a care contact may be a nurse
    assert AuditEvent.objects.filter(
        person_id=elsa.pk, action="read", object_type="listing_and_contacts"
    ).exists()
    # A doctor of the unit registers named doctors but does not appoint care contacts.
    headings = texts(page_of(client_as("allmanlakare"), elsa).content, "h3")
    assert "Utse fast läkarkontakt" in headings
    assert "Utse fast vårdkontakt på Vårdcentralen Skiljebo" not in headings


def test_appointing_a_named_doctor_in_the_ui(small_county, client_as):
    elsa, st = small_county.persons["elsa"], small_county.staff["st"]
    client = client_as("verksamhetschef")
    skiljebo = small_county.units["skiljebo"]
    response = appoint_post(client, elsa, st, unit=skiljebo)
    assert response.status_code == 302
    assert selectors.named_doctor(elsa, on=TODAY).staff == st
    again = appoint_post(client, elsa, st, unit=skiljebo)  # the same form, submitted twice
    assert again.status_code == 302
    assert NamedContact.objects.filter(person=elsa, staff=st).count() == 1
    page = client.get(response["Location"])
    main = text(page.content, "main")
    assert f"Nora Lind är nu fast läkarkontakt för Elsa Lindqvist från {TODAY.isoformat()}." in main
    rows = texts(page.content, "tr")
    assert any("Per Ek" in r and "Ingrid Wall" in r and "Ersatt av Nora Lind." in r for r in rows)


@pytest.mark.parametrize(
    ("staff", "reason"),
    [
        ("distriktsskoterska", "Eva Holm är distriktssköterska, inte läkare"),
        ("city_doctor", "Hans Ahl har ingen placering på Vårdcentralen Skiljebo"),
    ],
)
def test_a_wrong_named_doctor_is_refused_with_the_reason(small_county, client_as, staff, reason):
    elsa = small_county.persons["elsa"]
    response = appoint_post(
        client_as("verksamhetschef"),
        elsa,
        small_county.staff[staff],
        unit=small_county.units["skiljebo"],
    )
    assert response.status_code == 400
    summary = text(response.content, "div", **{"class": "error-summary"})
    assert reason in summary
    assert selectors.named_doctor(elsa, on=TODAY).staff.given_name == "Per"


def test_a_named_doctor_whose_assignment_ended_is_refused_in_the_ui(small_county, client_as):
    Assignment.objects.filter(staff=small_county.staff["st"]).update(
        valid_to=TODAY - timedelta(days=1)
    )
    response = appoint_post(
        client_as("verksamhetschef"), small_county.persons["elsa"], small_county.staff["st"],
        unit=small_county.units["skiljebo"],
    )  # fmt: skip
    assert response.status_code == 400
    assert "placering på Vårdcentralen Skiljebo upphörde" in text(response.content, "main")


def test_only_the_unit_head_appoints_care_contacts(small_county, client_as):
    elsa, skiljebo = small_county.persons["elsa"], small_county.units["skiljebo"]
    response = appoint_post(
        client_as("allmanlakare"), elsa, small_county.staff["st"], role="named_care_contact",
        unit=skiljebo,
    )  # fmt: skip
    assert response.status_code == 400
    assert "Bara verksamhetschefen för Vårdcentralen Skiljebo" in text(response.content, "main")
    response = appoint_post(
        client_as("verksamhetschef"), elsa, small_county.staff["st"], role="named_care_contact",
        unit=skiljebo,
    )  # fmt: skip
    assert response.status_code == 302


def test_ending_a_contact_in_the_ui(small_county, client_as):
    elsa = small_county.persons["elsa"]
    contact = selectors.named_doctor(elsa, on=TODAY)
    url = reverse("listing:end_contact", args=[elsa.pk, contact.pk])
    prefix = f"end-{contact.pk}"
    client = client_as("allmanlakare")
    refused = client.post(url, {f"{prefix}-key": "x", f"{prefix}-valid_to": TODAY.isoformat()})
    assert refused.status_code == 400
    assert "Skäl till avslut" in text(refused.content, "div", **{"class": "error-summary"})
    response = client.post(
        url,
        {
            f"{prefix}-key": "y",
            f"{prefix}-valid_to": TODAY.isoformat(),
            f"{prefix}-reason": "Slutar",
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.valid_to, contact.end_reason) == (TODAY, "Slutar")


def test_changing_listing_and_the_waiting_list_in_the_ui(small_county, client_as):
    gustav, skiljebo = small_county.persons["gustav"], small_county.units["skiljebo"]
    relate(gustav, skiljebo)  # he came to Skiljebo and asked to be listed there
    client = client_as("allmanlakare")
    data = {
        "listing-key": "lk1",
        "listing-unit": skiljebo.pk,
        "listing-valid_from": TODAY.isoformat(),
        "listing-origin": "active_choice",
    }
    skiljebo.listing_cap = 3  # Elsa, Maria, Leo
    skiljebo.save()
    response = client.post(reverse("listing:change_listing", args=[gustav.pk]), data)
    assert response.status_code == 400
    main = text(response.content, "main")
    assert "Vårdcentralen Skiljebo har nått sitt listningstak (3 listade)" in main
    assert "Ställ personen på väntelistan till Vårdcentralen Skiljebo" in main
    waiting = {
        "waiting-key": "wk1",
        "waiting-unit": skiljebo.pk,
        "waiting-requested_on": TODAY.isoformat(),
        "waiting-origin": "active_choice",
    }
    assert (
        client.post(reverse("listing:join_waiting_list", args=[gustav.pk]), waiting).status_code
        == 302
    )
    assert WaitingListEntry.objects.filter(person=gustav, unit=skiljebo, status="waiting").exists()
    skiljebo.listing_cap = None
    skiljebo.save()
    response = client.post(
        reverse("listing:change_listing", args=[gustav.pk]), {**data, "listing-key": "lk2"}
    )
    assert response.status_code == 302
    assert selectors.current_listing(gustav, on=TODAY).unit == skiljebo
    assert not WaitingListEntry.objects.filter(person=gustav, status="waiting").exists()


def test_the_change_limit_is_shown_on_the_person_page(small_county, client_as):
    elsa = small_county.persons["elsa"]
    d1, d2 = TODAY - timedelta(days=200), TODAY - timedelta(days=30)
    services.change_listing(
        actor=ACTOR, person=elsa, unit=small_county.units["city"], valid_from=d1, key=key(), by=None
    )
    services.change_listing(
        actor=ACTOR,
        person=elsa,
        unit=small_county.units["skiljebo"],
        valid_from=d2,
        key=key(),
        by=None,
    )
    main = text(page_of(client_as("verksamhetschef"), elsa).content, "main")
    possible = (d1 + timedelta(days=365)).isoformat()
    assert f"nästa byte kan gälla från {possible}" in main


def test_the_life_threatening_flag_in_the_ui(small_county, client_as):
    elsa = small_county.persons["elsa"]
    url = reverse("listing:condition", args=[elsa.pk])
    client = client_as("allmanlakare")
    client.post(
        url, {"condition-key": "c1", "condition-action": "note", "condition-note": "Cancer"}
    )
    assert selectors.has_life_threatening_condition(elsa, on=TODAY)
    options = texts(page_of(client_as("verksamhetschef"), elsa).content, "option")
    assert "Eva Holm – Distriktssköterska" not in options  # a doctor is required now
    client.post(url, {"condition-key": "c2", "condition-action": "clear"})
    assert not selectors.has_life_threatening_condition(elsa, on=TODAY + timedelta(days=1))


def test_person_pages_are_gated(small_county, client_as):
    gustav = small_county.persons["gustav"]  # listed in Sala: no relationship with Skiljebo
    response = page_of(client_as("allmanlakare"), gustav)
    assert response.status_code == 403
    assert "Olof Sand" not in response.content.decode()
    response = appoint_post(
        client_as("allmanlakare"),
        gustav,
        small_county.staff["st"],
        unit=small_county.units["skiljebo"],
    )
    assert response.status_code == 403
    assert not NamedContact.objects.filter(person=gustav, staff=small_county.staff["st"]).exists()


# --- Worklists ----------------------------------------------------------------------------------


def test_worklists_show_what_needs_doing_and_log_every_person_shown(small_county, client_as):
    skiljebo = small_county.units["skiljebo"]
    ahmed, maria, leo = (small_county.persons[k] for k in ("ahmed", "maria", "leo"))
    services.change_listing(
        actor=ACTOR,
        person=ahmed,
        unit=skiljebo,
        valid_from=TODAY - timedelta(days=10),
        key=key(),
        by=None,
    )
    gone = add_staff(
        small_county, "gone", "skiljebo", profession="nurse", valid_to=TODAY - timedelta(days=5)
    )
    NamedContact.objects.create(
        person=leo,
        role="named_care_contact",
        staff=gone,
        unit=skiljebo,
        valid_from=TODAY - timedelta(days=100),
    )
    LivingSituation.objects.create(
        person=maria, kind="nursing_home", valid_from=TODAY - timedelta(days=50)
    )
    response = client_as("distriktsskoterska").get(reverse("listing:worklist"))
    assert response.status_code == 200
    rows = texts(response.content, "tr")
    listed_from = (TODAY - timedelta(days=10)).isoformat()
    assert any(r.startswith("Ahmed Hassan") and r.endswith(listed_from) for r in rows)
    ended = (TODAY - timedelta(days=5)).isoformat()
    assert any(
        r.startswith("Leo Nilsson") and r.endswith(f"Fast vårdkontakt Gone Testsson {ended}")
        for r in rows
    )
    assert any(r.startswith("Maria Svensson") and r.endswith("– Saknas Saknas") for r in rows)
    logged = set(
        AuditEvent.objects.filter(action="search", detail__startswith="arbetslista").values_list(
            "person_id", flat=True
        )
    )
    assert {ahmed.pk, leo.pk, maria.pk} <= logged
    summary = texts(client_as("distriktsskoterska").get(reverse("web:start")).content, "li")
    assert "Nyligen listade utan fast läkarkontakt, Vårdcentralen Skiljebo: 1" in summary


def test_worklists_refuse_roles_without_care_work(small_county, client_as):
    assert client_as("analytiker").get(reverse("listing:worklist")).status_code == 403
    response = Client().get(reverse("listing:worklist"))
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


def test_home_care_worklist_offers_social_care_contacts(small_county, client_as):
    elsa = small_county.persons["elsa"]
    NamedContact.objects.filter(person=elsa, role="named_social_care_contact").update(
        valid_to=TODAY - timedelta(days=1)
    )
    rows = texts(client_as("underskoterska").get(reverse("listing:worklist")).content, "tr")
    assert any(r.startswith("Elsa Lindqvist") and r.endswith("2022-06-01") for r in rows)


# --- The unit head's page and the upload --------------------------------------------------------


def test_the_unit_page_sets_the_cap_and_admits_from_the_waiting_list(small_county, client_as):
    skiljebo, gustav = small_county.units["skiljebo"], small_county.persons["gustav"]
    services.set_listing_cap(actor=ACTOR, unit=skiljebo, cap=3, by=None)
    services.join_waiting_list(actor=ACTOR, person=gustav, unit=skiljebo, key=key(), by=None)
    client = client_as("verksamhetschef")
    response = client.get(reverse("listing:unit"))
    assert response.status_code == 200
    assert "1 Gustav Berg" in " ".join(texts(response.content, "tr"))
    assert AuditEvent.objects.filter(person_id=gustav.pk, action="search").exists()
    assert client.post(reverse("listing:set_cap"), {"key": "c", "cap": "0"}).status_code == 400
    assert client.post(reverse("listing:set_cap"), {"key": "c", "cap": "4"}).status_code == 302
    assert client.post(reverse("listing:admit"), {}).status_code == 302
    assert selectors.current_listing(gustav, on=TODAY).unit == skiljebo
    assert client_as("allmanlakare").get(reverse("listing:unit")).status_code == 403
    assert client.get(reverse("listing:admit")).status_code == 405


def _upload(client, content: bytes, mode="all_or_nothing"):
    return client.post(
        reverse("listing:import"),
        {"file": SimpleUploadedFile("lista.csv", content, "text/csv"), "mode": mode},
    )


def test_the_unit_head_uploads_a_listing_file(small_county, client_as):
    ahmed, gustav = small_county.persons["ahmed"], small_county.persons["gustav"]
    units = small_county.units
    day = (TODAY - timedelta(days=2)).isoformat()
    content = (
        "personnummer,hsa_id,datum\n"
        f"{ahmed.identifier},{units['skiljebo'].hsa_id},{day}\n"
        f"{gustav.identifier},{units['city'].hsa_id},{day}\n"
    ).encode()
    client = client_as("verksamhetschef")
    assert client.get(reverse("listing:import")).status_code == 200
    response = _upload(client, content)
    assert response.status_code == 200
    rows = texts(response.content, "tr")
    assert any(r.startswith("3 hsa_id") and "verksamhetschef för" in r for r in rows)
    assert not Listing.objects.filter(person=ahmed).exists()
    response = _upload(client, content, mode="valid_only")
    assert "1 nya listningar" in text(response.content, "main")
    assert Listing.objects.filter(person=ahmed, unit=units["skiljebo"]).exists()
    assert client_as("allmanlakare").get(reverse("listing:import")).status_code == 403
    assert client_as("analytiker").get(reverse("listing:import")).status_code == 403


def test_an_admin_imports_to_any_health_centre(small_county, client):
    from django.contrib.auth.models import Group

    admin = User.objects.create_superuser("admin", password="x" * 16)
    admin.groups.add(Group.objects.get_or_create(name="otp_optional")[0])
    client.force_login(admin)
    gustav = small_county.persons["gustav"]
    content = (
        f"personnummer,hsa_id,datum\n{gustav.identifier},{small_county.units['city'].hsa_id},"
        f"{TODAY.isoformat()}\n"
    ).encode()
    response = _upload(client, content)
    assert "1 nya listningar" in text(response.content, "main")


def test_what_the_gate_withholds_stays_hidden_on_the_person_page(small_county, client_as):
    from navet.listing.models import LifeThreateningCondition
    from navet.organisation.models import County, Municipality
    from navet.residents.models import Residence

    maria, city = small_county.persons["maria"], small_county.units["city"]
    # A flag recorded at another care provider (no consent) is not shown …
    LifeThreateningCondition.objects.create(
        person=maria, unit=city, valid_from=TODAY - timedelta(days=3), key="elsewhere"
    )
    # … nor the county a person with a protected identity moved from.
    stockholm = County.objects.create(code="01", name="Stockholms län")
    solna = Municipality.objects.create(code="0184", name="Solna", county=stockholm)
    Residence.objects.filter(person=maria).update(valid_from=TODAY - timedelta(days=400))
    Residence.objects.create(
        person=maria, municipality=solna, street_address="Hemlig 2", postal_code="171 00",
        city="Solna", valid_from=TODAY - timedelta(days=800), valid_to=TODAY - timedelta(days=401),
    )  # fmt: skip
    main = text(page_of(client_as("verksamhetschef"), maria).content, "main")
    assert "Inget livshotande tillstånd är markerat." in main
    assert "Citykliniken" not in main
    assert "Stockholms län" not in main and "Flyttade från Stockholms" not in main
