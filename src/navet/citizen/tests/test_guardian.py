"""*Mina barn*: a guardian reads a child's plans (issue "Coordinated care", part 7), less what
an OSL 12:3 decision withholds; refused when not (or no longer) a guardian or the child is too
old; every read, confirmation and question attributed to the guardian and in the child's log."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from navet.access.audit import actor_for
from navet.access.models import AuditEvent
from navet.access.relationships import open_relationship
from navet.citizen.selectors import own_log
from navet.citizen.tests.guardian_support import (
    leos_finalised_plan,
    make_guardian,
    withhold,
)
from navet.messaging.models import InboxItem
from navet.plans import agreements
from navet.plans.models import PlanReading, SecrecyDecision
from navet.plans.tests.support import key, user
from navet.residents.models import NamedContact, Relative
from navet.web.tests.html import text
from navet.web.tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def sara(demo_users, small_county, identity_numbers):
    login = make_guardian(small_county, identity_numbers)
    client = Client()
    client.force_login(login)
    return client


@pytest.fixture
def plan(demo_users, small_county):
    return leos_finalised_plan(small_county)


def page(client, plan):
    return client.get(reverse("citizen:child_plan", args=[plan.person_id, plan.pk]))


def pdf_words(client, plan):
    response = client.get(reverse("citizen:child_plan_pdf", args=[plan.person_id, plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    return " ".join(pdf_text(response.content).split())


def test_a_guardian_sees_the_childs_plan_and_the_read_is_in_the_childs_log(sara, plan):
    start = sara.get(reverse("web:start")).content.decode()
    assert reverse("citizen:my_children") in start  # the menu's *Mina barn*
    assert "Du är vårdnadshavare för ett barn." in text(start, "main")  # no name: no read
    children = text(sara.get(reverse("citizen:my_children")).content, "main")
    assert "Leo Nilsson" in children and "Samordnad individuell plan (SIP)" in children
    assert "Ny plan att läsa" in children
    main = text(page(sara, plan).content, "main")
    assert "Leo Nilssons samordnade individuella plan (SIP)" in main
    assert "Det här är viktigt för Leo" in main
    assert "Att få vara med kompisarna på rasten." in main
    assert "Läkemedelsgenomgång" in main and "Hemtjänst morgon och kväll" in main
    assert "Elevhälsan: skolsköterskan Kim Ek." in main
    assert "Leos samordnare är Maja Fors" in main
    assert "Mötet är ett videomöte" in main
    next_meeting = timezone.localdate() + timedelta(days=7)
    assert f"Nästa tid: {next_meeting.day} " in main
    assert "lämnas inte ut" not in main
    assert "barnets samordnare, märkt med att den kommer från dig som vårdnadshavare" in main
    read = AuditEvent.objects.get(object_type="guardian_sip", action="read")
    assert (read.person_id, read.purpose, read.role) == (plan.person_id, "guardian", "resident")
    assert read.user_id == user("sara").pk
    rows = [r for r in own_log(plan.person) if r.unit == "Vårdnadshavare Sara Nilsson"]
    assert "Läste din plan" in {r.action for r in rows}
    assert {r.purpose for r in rows} == {"Vårdnadshavare läser barnets plan"}


def test_a_resident_who_is_no_guardian_has_no_mina_barn(client_as, plan):
    resident = client_as("invanare")
    start = resident.get(reverse("web:start")).content.decode()
    assert reverse("citizen:my_children") not in start and "vårdnadshavare" not in start
    assert "inte registrerad som vårdnadshavare för något barn" in text(
        resident.get(reverse("citizen:my_children")).content, "main"
    )


def _not_guardian(small_county):
    pass  # Elsa, the demo resident, is nobody's guardian


def _ex_guardian(small_county):
    Relative.objects.filter(name="Sara Nilsson").update(
        valid_to=timezone.localdate() - timedelta(days=1)
    )


def _years_ago(years, days=0):
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


def _child_turned(age):
    def change(small_county):
        leo = small_county.persons["leo"]
        leo.birth_date = _years_ago(age)
        leo.save()
        Relative.objects.filter(person=leo).update(valid_from=leo.birth_date)

    return change


@pytest.mark.parametrize(
    "who, change, reason, message",
    [
        ("invanare", _not_guardian, "not_guardian", "inte registrerad som vårdnadshavare"),
        ("sara", _ex_guardian, "not_guardian", "inte registrerad som vårdnadshavare"),
        ("sara", _child_turned(18), "child_adult", "Barnet har fyllt 18 år"),
        ("sara", _child_turned(16), "child_older", "självt bestämmer vem som läser"),
    ],
)
def test_refused_with_a_swedish_reason_and_the_refusal_is_logged(
    sara, client_as, small_county, plan, who, change, reason, message
):
    change(small_county)
    client = sara if who == "sara" else client_as(who)
    urls = [
        reverse("citizen:child_plan", args=[plan.person_id, plan.pk]),
        reverse("citizen:child_plan_pdf", args=[plan.person_id, plan.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        main = text(response.content, "main")
        assert message in main and "Att få vara med kompisarna" not in main
        assert "Kontakta barnets samordnare" in main
    response = client.post(
        reverse("citizen:child_confirm_read", args=[plan.person_id, plan.pk]), {"key": "k"}
    )
    assert response.status_code == 403 and not PlanReading.objects.exists()
    denied = AuditEvent.objects.filter(action="denied", person_id=plan.person_id)
    assert denied.count() == 3 and set(denied.values_list("reason", flat=True)) == {reason}
    assert set(denied.values_list("purpose", flat=True)) == {"guardian"}
    children = text(client.get(reverse("citizen:my_children")).content, "main")
    assert "Ny plan att läsa" not in children


def test_a_guardian_can_read_until_the_day_before_the_sixteenth_birthday(sara, small_county, plan):
    _child_turned(16)(small_county)
    leo = small_county.persons["leo"]
    leo.birth_date += timedelta(days=1)
    leo.save()
    assert page(sara, plan).status_code == 200


def test_the_age_limit_is_a_setting(sara, small_county, plan, settings):
    _child_turned(16)(small_county)
    settings.NAVET_GUARDIAN_VIEW_UNTIL_AGE = 18
    assert page(sara, plan).status_code == 200


def test_no_guardian_view_of_a_child_who_has_died(sara, small_county, plan):
    leo = small_county.persons["leo"]
    leo.death_date = timezone.localdate() - timedelta(days=1)
    leo.save()
    assert page(sara, plan).status_code == 403
    assert "Leo" not in text(sara.get(reverse("citizen:my_children")).content, "main")


def test_staff_cannot_use_the_guardian_pages(client_as, plan):
    url = reverse("citizen:child_plan", args=[plan.person_id, plan.pk])
    assert client_as("kommunskoterska").get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_another_childs_plan_is_not_found(sara, small_county, plan):
    elsa = small_county.persons["elsa"]
    url = reverse("citizen:child_plan", args=[elsa.pk, plan.pk])
    assert sara.get(url).status_code == 403  # Sara is not Elsa's guardian
    other = reverse("citizen:child_plan", args=[plan.person_id, plan.pk + 1000])
    assert sara.get(other).status_code == 404


def test_withheld_parts_are_absent_from_the_page_and_the_pdf(sara, plan):
    withhold(plan, parts=["goals", "contacts", "meetings"], interventions=["Läkemedelsgenomgång"])
    main = text(page(sara, plan).content, "main")
    pdf = pdf_words(sara, plan)
    for shown in (main, pdf):
        assert "Att få vara med kompisarna" not in shown
        assert "Kim Ek" not in shown
        assert "Läkemedelsgenomgång" not in shown
        assert "videomöte" not in shown
        assert "Hemtjänst morgon och kväll" in shown
        assert "Skolan ordnar en lugn plats i klassrummet." in shown
        assert "lämnas inte ut till vårdnadshavare" in shown
    # The next agreed time no longer gives away the meeting's date: the follow-up date only.
    follow_up = plan.follow_up_date or plan.versions.get(number=1).follow_up_date
    assert f"Nästa tid: {follow_up.day} " in main


def test_a_reworded_withheld_intervention_withholds_them_all(sara, plan):
    withhold(plan, parts=[], interventions=["Läkemedelsgenomgång (gammal lydelse)"])
    main = text(page(sara, plan).content, "main")
    assert "Läkemedelsgenomgång" not in main and "Hemtjänst morgon och kväll" not in main
    assert "En eller flera insatser lämnas inte ut" in main
    assert "Att få vara med kompisarna" in main


def test_a_decision_on_the_whole_plan_hides_it_and_its_guardians_copy(sara, client_as, plan):
    withhold(plan, parts=["all"])
    assert page(sara, plan).status_code == 404
    pdf_url = reverse("citizen:child_plan_pdf", args=[plan.person_id, plan.pk])
    assert sara.get(pdf_url).status_code == 404
    children = text(sara.get(reverse("citizen:my_children")).content, "main")
    assert "Samordnad individuell plan" not in children
    assert "Leo har ingen plan som du kan se här" in children
    staff = client_as("kommunskoterska")
    url = reverse("plans:print", args=[plan.person_id, plan.pk]) + "?for=vardnadshavare"
    assert staff.get(url).status_code == 302


def test_a_free_text_decision_from_before_parts_withholds_everything(sara, plan):
    old = SecrecyDecision.objects.create(
        plan=plan, withheld="Samtal om skolan", reason="Mogen nog", decided_by_name="Maja Fors"
    )
    assert page(sara, plan).status_code == 404
    migration = importlib.import_module("navet.plans.migrations.0004_guardian_view_secrecy_parts")
    migration.existing_decisions_withhold_everything(apps, None)
    old.refresh_from_db()
    assert old.parts == ["all"]
    assert page(sara, plan).status_code == 404


def test_staff_print_the_guardians_copy_without_the_withheld_parts(client_as, plan):
    withhold(plan, parts=["goals"])
    staff = client_as("kommunskoterska")
    url = reverse("plans:print", args=[plan.person_id, plan.pk]) + "?for=vardnadshavare"
    words = " ".join(pdf_text(staff.get(url).content).split())
    assert "Till vårdnadshavarna för Leo Nilsson" in words
    assert "Att få vara med kompisarna" not in words and "Kim Ek" in words
    detail = text(
        staff.get(reverse("plans:detail", args=[plan.person_id, plan.pk])).content, "main"
    )
    assert "Det som är viktigt för barnet, med barnets egna ord" in detail


def test_staff_record_a_decision_with_parts_and_single_interventions(client_as, plan):
    staff = client_as("kommunskoterska")
    url = reverse("plans:secrecy", args=[plan.person_id, plan.pk])
    assert "Läkemedelsgenomgång" in text(staff.get(url).content, "main")
    response = staff.post(url, {"withheld": "Samtal", "reason": "Mogen"})
    assert response.status_code == 400
    assert "Välj vad som inte lämnas ut" in text(response.content, "main")
    data = {
        "withheld": "Samtal",
        "reason": "Mogen",
        "parts": ["contacts"],
        "interventions": ["Läkemedelsgenomgång"],
    }
    assert staff.post(url, data).status_code == 302
    decision = SecrecyDecision.objects.get()
    assert decision.parts == ["contacts"]
    assert decision.withheld_interventions == ["Läkemedelsgenomgång"]


def test_confirming_as_guardian_is_recorded_by_name(sara, client_as, plan):
    url = reverse("citizen:child_confirm_read", args=[plan.person_id, plan.pk])
    assert sara.post(url, {"key": "r1"}).status_code == 302
    sara.post(url, {"key": "r1"})  # a double click
    [reading] = PlanReading.objects.all()
    assert (reading.read_by_name, reading.by_guardian, reading.version) == ("Sara Nilsson", True, 1)
    assert "att du som vårdnadshavare har läst planen" in text(page(sara, plan).content, "main")
    staff = client_as("kommunskoterska").get(
        reverse("plans:detail", args=[plan.person_id, plan.pk])
    )
    assert "av Sara Nilsson (vårdnadshavare)" in text(staff.content, "main")
    created = AuditEvent.objects.get(object_type="sip_reading", action="create")
    assert (created.purpose, created.person_id) == ("guardian", plan.person_id)
    log = own_log(plan.person)
    assert any(r.action == "Bekräftade att din plan är läst" for r in log)


def test_a_question_from_the_guardian_is_marked_as_such(sara, client_as, plan):
    url = reverse("citizen:child_ask_coordinator", args=[plan.person_id, plan.pk])
    data = {"key": "q1", "text": "Kan mötet vara efter skolan?"}
    assert sara.post(url, data).status_code == 302
    sara.post(url, data)  # a double submission
    [item] = InboxItem.objects.filter(kind="message")
    assert item.sender_name == "Sara Nilsson (vårdnadshavare)"
    assert "vårdnadshavare för Leo Nilsson" in item.body and "efter skolan" in item.body
    assert item.to_unit == plan.coordinator_unit and item.person_id == plan.person_id
    staff = client_as("kommunskoterska").get(
        reverse("plans:detail", args=[plan.person_id, plan.pk])
    )
    assert "från Sara Nilsson (vårdnadshavare)" in text(staff.content, "main")
    response = sara.post(url, {"key": "q2", "text": "  "})
    assert response.status_code == 400
    assert "Skriv din fråga eller kommentar." in text(response.content, "main")


def test_the_guardians_pdf_names_the_guardian_and_is_logged(sara, plan):
    words = pdf_words(sara, plan)
    assert "Till vårdnadshavarna för Leo Nilsson – nedladdad av Sara Nilsson" in words
    assert "Att få vara med kompisarna på rasten." in words
    printed = AuditEvent.objects.get(object_type="guardian_sip_pdf", action="print")
    assert (printed.purpose, printed.person_id) == ("guardian", plan.person_id)
    assert "Laddade ner din plan" in {r.action for r in own_log(plan.person)}


def _leos_agreement(small_county, plan=None):
    leo = small_county.persons["leo"]
    NamedContact.objects.create(
        person=leo,
        role="named_care_contact",
        staff=small_county.staff["distriktsskoterska"],
        unit=small_county.units["skiljebo"],
        valid_from=leo.birth_date,
    )
    open_relationship(
        person=leo,
        unit=small_county.units["skiljebo"],
        kind="manual",
        key="test:skiljebo-leo",
        reason="Besök",
    )
    eva = user("distriktsskoterska")
    agreement = agreements.create_agreement(
        actor=actor_for(eva), user=eva, person=leo, key=key(), plan=plan
    )
    agreements.save_agreement_version(
        actor=actor_for(eva),
        user=eva,
        agreement=agreement,
        base_version=0,
        key=key(),
        data={"what_happens": "Astmakontroll varje halvår.", "person_does": "Tar sprayen."},
    )
    return agreement


def test_a_guardian_sees_the_childs_agreement_unless_its_sip_has_a_decision(
    sara, small_county, plan
):
    agreement = _leos_agreement(small_county, plan=plan)
    url = reverse("citizen:child_agreement", args=[plan.person_id, agreement.pk])
    main = text(sara.get(url).content, "main")
    assert "Astmakontroll varje halvår." in main and '"Du" i texten är Leo' in main
    pdf = sara.get(reverse("citizen:child_agreement_pdf", args=[plan.person_id, agreement.pk]))
    assert "Astmakontroll" in " ".join(pdf_text(pdf.content).split())
    assert "Överenskommelse med" in text(sara.get(reverse("citizen:my_children")).content)
    withhold(plan, parts=["meetings"])
    assert sara.get(url).status_code == 404
    assert "Överenskommelse med" not in text(sara.get(reverse("citizen:my_children")).content)


def test_the_childs_own_pages_are_not_the_guardians(sara, small_county, plan):
    """The guardian's own log, consents and blocks are their own: nothing of the child's."""
    main = text(sara.get(reverse("citizen:my_log")).content, "main")
    assert "Läste din plan" not in main and "Vårdnadshavare Sara Nilsson" not in main
    assert "Mina planer" in text(sara.get(reverse("citizen:my_plans")).content)
    assert "kompisarna" not in text(sara.get(reverse("citizen:my_plans")).content, "main")
    assert "kompisarna" in text(page(sara, plan).content, "main")  # where it belongs
