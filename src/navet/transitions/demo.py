"""Example stays on the demo ward, so that `./navet demo` shows the discharge process: one patient
ready for discharge for two days and still in hospital, and one admitted this morning whose
admission notices wait for acknowledgement at the municipality and the health centre.

The patients are persons listed at the demo district nurse's health centre and registered in the
ward's municipality. Idempotent: every event has a fixed key ("demo:…"); a second run adds
nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from navet.access.audit import actor_for
from navet.listing.selectors import listed_persons, units_served
from navet.organisation.models import UnitKind
from navet.residents.models import Residence
from navet.residents.selectors import valid_on
from navet.transitions import services
from navet.transitions.models import InpatientStay

NURSE, DOCTOR, HEALTH_CENTRE_NURSE = "avdelningsskoterska", "avdelningslakare", "distriktsskoterska"


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).select_related("staff").first()


def _patients(ward, health_centre, today, count: int):
    residents = Residence.objects.filter(valid_on(today), municipality=ward.municipality)
    return list(
        listed_persons(health_centre, on=today)
        .filter(protected_identity=False, pk__in=residents.values("person"))
        .exclude(pk__in=InpatientStay.objects.filter(discharged_at__isnull=True).values("person"))
        .order_by("birth_date", "pk")[:count]
    )


def seed_demo_stays(*, now=None) -> int:
    """Admit the example patients; returns how many stays were new."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    nurse, doctor, gp_nurse = _user(NURSE), _user(DOCTOR), _user(HEALTH_CENTRE_NURSE)
    if None in (nurse, doctor, gp_nurse) or InpatientStay.objects.filter(key__startswith="demo:"):
        return 0
    wards = units_served(getattr(nurse, "staff", None), on=today, kinds=[UnitKind.INPATIENT_WARD])
    centres = units_served(
        getattr(gp_nurse, "staff", None), on=today, kinds=[UnitKind.HEALTH_CENTRE]
    )
    if not wards or not centres:
        return 0
    ward = wards[0]
    patients = _patients(ward, centres[0], today, 2)
    if len(patients) < 2:
        return 0
    waiting, new = patients

    def admit(person, *, hours_ago: int, **details):
        return services.admit(
            actor=actor_for(nurse),
            user=nurse,
            person=person,
            ward=ward,
            at=now - timedelta(hours=hours_ago),
            admission_type="acute",
            care_type="somatic",
            needs_follow_on=True,
            now=now - timedelta(hours=hours_ago - 1),
            **details,
        )[0]

    stay = admit(
        waiting,
        hours_ago=6 * 24,
        reason="Fall i hemmet, höftfraktur opererad",
        consent="given",
        estimate=today - timedelta(days=2),
        key="demo:stay:waiting",
    )
    services.mark_ready(
        actor=actor_for(doctor),
        user=doctor,
        stay=stay,
        key="demo:stay:waiting:ready",
        now=now - timedelta(days=2),
    )
    admit(
        new,
        hours_ago=5,
        reason="Pneumoni",
        consent="refused",
        estimate=today + timedelta(days=4),
        key="demo:stay:new",
    )
    return 2
