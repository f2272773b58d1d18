"""--database: the generated stays run through the discharge process in the operational tables,
so that the worklists at the end of the history (the data date) show every kind of deadline."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, F

from navet.access.models import CareRelationship
from navet.messaging.models import InboxItem
from navet.synth.discharge import ADMISSION, NOT_READY, READY
from navet.synth.discharge import generate as process
from navet.synth.generate import Params, generate
from navet.synth.hospital import OPEN
from navet.synth.services import generate_into_database
from navet.transitions import deadlines, readmission, selectors, sip_call
from navet.transitions.models import (
    ChecklistMark,
    DischargeNotice,
    FollowUpCall,
    HealthCentrePlan,
    InpatientStay,
    MunicipalPlan,
    Notice,
    PlanningMessage,
    Readmission,
    SipCall,
)

ARGS = {"county_code": "19", "seed": 5, "scale": 0.02, "years": 1, "end_date": date(2025, 12, 31)}
# The data date: noon on the last day of the history.
DATA_DATE = datetime.combine(ARGS["end_date"], time(12), tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.fixture
def loaded(db):
    """The county in the test's own transaction: a committed load would need a flush afterwards,
    and a flush also removes the rows data migrations put in (the payment amounts per year)."""
    generate_into_database(**ARGS)


@pytest.mark.django_db
def test_every_generated_notice_is_a_notice_with_its_inbox_item(loaded):
    _, n = process(generate(Params(**ARGS)))
    kinds = (ADMISSION, READY, NOT_READY)
    expected = sum(
        1
        for kind, to, sent in zip(n["kind"], n["to"], n["sent"], strict=True)
        if kind in kinds and to >= 0 and sent != OPEN
    )
    assert Notice.objects.count() == expected > 0
    assert not Notice.objects.exclude(inbox_item__to_unit=F("unit")).exists()
    assert not Notice.objects.exclude(inbox_item__kind=F("kind")).exists()
    assert not Notice.objects.exclude(inbox_item__person=F("stay__person")).exists()
    late = [n for n in Notice.objects.filter(kind="admission_notice", version=1) if n.sent_late]
    assert late, "some admission notices are late"
    assert Notice.objects.filter(kind="not_ready_notice").exists()  # revoked ready marks
    acknowledged = InboxItem.objects.filter(acknowledged_at__isnull=False)
    assert acknowledged.exists() and not acknowledged.filter(acknowledged_by_name="").exists()


@pytest.mark.django_db
def test_the_rest_of_the_process(loaded):
    assert SipCall.objects.filter(sent_at__isnull=False).exists()
    assert SipCall.objects.filter(sent_at__isnull=True).exists()
    assert DischargeNotice.objects.count() > 0
    assert not DischargeNotice.objects.exclude(inbox_item__to_unit=F("unit")).exists()
    calls = FollowUpCall.objects
    assert calls.filter(done_at__isnull=False).exists() and calls.filter(done_at__isnull=True)
    for call in calls.filter(done_at__isnull=False).select_related("inbox_item")[:20]:
        assert call.inbox_item.acknowledged_at == call.done_at
    for flag in Readmission.objects.select_related("index_stay", "new_stay")[:20]:
        assert flag.new_stay.admission_type == "acute"
        gap = flag.new_stay.admitted_at.date() - flag.index_stay.discharged_at.date()
        assert 0 <= flag.days <= 30 and abs(gap.days - flag.days) <= 1
    assert Readmission.objects.exists()
    assert ChecklistMark.objects.filter(undone_at__isnull=False).exists()
    one_mark = ChecklistMark.objects.filter(undone_at__isnull=True).values("stay", "code")
    assert not one_mark.annotate(n=Count("id")).filter(n__gt=1).exists()
    assert PlanningMessage.objects.exists() and MunicipalPlan.objects.exists()
    assert HealthCentrePlan.objects.exists()
    assert InboxItem.objects.filter(kind="discharge_planning_message").exists()


@pytest.mark.django_db
def test_worklists_at_the_data_date_have_every_kind_of_open_item(loaded):
    units = list(InboxItem.objects.values_list("to_unit", flat=True).distinct())
    wards = list(InpatientStay.objects.values_list("ward", flat=True).distinct())
    everyone = units + wards
    assert selectors.notices_to_acknowledge(everyone).exists()
    assert selectors.overdue_notices(everyone, now=DATA_DATE).exists()
    ready = selectors.ready_in_hospital(everyone)
    assert ready.exists()
    assert deadlines.discharges_soon(everyone, now=DATA_DATE).exists()
    assert sip_call.calls_to_send(everyone).exists()
    assert readmission.calls_open(everyone).exists()
    # The receivers may read the patients still in hospital (the notice opened the relationship).
    for stay in ready[:10]:
        for notice in stay.notices.all():
            assert CareRelationship.objects.filter(
                person=stay.person, unit=notice.unit, kind="admission", ends_at__isnull=True
            ).exists()
    assert deadlines.needing_action(everyone, now=DATA_DATE + timedelta(days=1)).total > 0
