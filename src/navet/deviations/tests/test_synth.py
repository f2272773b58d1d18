"""`./navet synth --database` loads the generated deviations, linked to the loaded stays and
SIPs of the same person, with their history and the investigating unit's relationship."""

from datetime import date

import pytest

from navet.access.models import CareRelationship
from navet.deviations.models import Deviation, DeviationEvent, Status
from navet.plans.models import CoordinatedPlan
from navet.synth.services import generate_into_database
from navet.transitions.models import InpatientStay

ARGS = {"county_code": "19", "seed": 5, "scale": 0.01, "years": 2, "end_date": date(2025, 12, 31)}


@pytest.mark.django_db
def test_deviations_are_loaded_linked_to_stays_and_sips():
    from navet.synth.deviations import generate
    from navet.synth.discharge import generate as process
    from navet.synth.generate import Params
    from navet.synth.generate import generate as county

    generate_into_database(**ARGS)
    g = county(Params(**ARGS))
    expected = generate(g, process(g)[0])
    assert Deviation.objects.count() == len(expected["person"]) > 0
    stays = Deviation.objects.filter(case_kind="stay")
    assert stays.exists()
    for d in stays[:20]:
        assert InpatientStay.objects.get(pk=d.case_id).person_id == d.person_id
    for d in Deviation.objects.filter(case_kind="sip")[:20]:
        assert CoordinatedPlan.objects.get(pk=d.case_id).person_id == d.person_id
    assert Deviation.objects.filter(person=None, case_kind="").exists()  # routines
    closed = Deviation.objects.filter(status=Status.CLOSED).first()
    assert closed.measures and closed.conclusion and closed.closed_at >= closed.reported_at
    kinds = list(closed.events.values_list("kind", flat=True))
    assert kinds == ["reported", "received", "closed"]
    assert DeviationEvent.objects.filter(kind="reported").count() == Deviation.objects.count()
    with_person = Deviation.objects.exclude(person=None).first()
    assert CareRelationship.objects.filter(
        kind="deviation", source_id=str(with_person.pk), unit=with_person.responsible_unit
    ).exists()
