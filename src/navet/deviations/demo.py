"""Example deviations between the demo ward and the demo municipal nurse's home health care, so
that `./navet demo` shows shared deviations from both sides: one the municipality reported
about a demo patient's stay, waiting for the ward to receive it; one the ward reported about a
routine, open at the municipality; and one the ward has closed with measures.

Run after navet.transitions.demo (it uses that patient). Idempotent: every deviation has a
fixed key ("demo:deviation:…"); a second run adds nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from navet.access.audit import actor_for
from navet.deviations import services
from navet.deviations.models import Deviation, Status
from navet.transitions.models import InpatientStay

MUNICIPAL, WARD = "kommunskoterska", "avdelningsskoterska"


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def seed_demo_deviations(*, now=None) -> int:
    """Report (and partly handle) the examples; returns how many deviations were new."""
    now = now or timezone.now()
    nurse, ward_nurse = _user(MUNICIPAL), _user(WARD)
    stay = InpatientStay.objects.filter(key="demo:stay:waiting").first()
    if None in (nurse, ward_nurse, stay) or Deviation.objects.filter(key__startswith="demo:"):
        return 0
    home_health = services.unit_of(nurse)

    def report(user, key, **details):
        return services.report(actor=actor_for(user), user=user, key=key, now=now, **details)

    report(
        nurse,
        "demo:deviation:open",
        person=stay.person,
        case=("stay", stay.pk),
        category="information",
        severity="mild",
        occurred_at=now - timedelta(days=1, hours=3),
        description=(
            "Inskrivningsmeddelandet saknade uppgift om att personen har trygghetslarm och "
            "insulin i hemmet. Hemsjukvården fick veta det först vid telefonsamtal."
        ),
        immediate_action="Ringde avdelningen och stämde av läkemedelslistan.",
    )
    report(
        ward_nurse,
        "demo:deviation:routine",
        category="equipment",
        severity="none",
        occurred_at=now - timedelta(days=3),
        description=(
            "Rullator och toalettförhöjning beställdes inte före hemgång trots att behovet var "
            "bedömt; hemgången fick flyttas en dag."
        ),
        responsible_unit=home_health,
    )
    closed = report(
        nurse,
        "demo:deviation:closed",
        person=stay.person,
        case=("stay", stay.pk),
        category="medication",
        severity="moderate",
        occurred_at=now - timedelta(days=20),
        description="Personen kom hem utan läkemedel för helgen; ingen e-recept hade skickats.",
        immediate_action="Jourläkare kontaktades och skrev recept.",
    )
    ward = actor_for(ward_nurse)
    if closed.status == Status.REPORTED:
        services.receive(actor=ward, user=ward_nurse, deviation=closed)
        services.close(
            actor=ward,
            user=ward_nurse,
            deviation=closed,
            measures=(
                "Kontroll av e-recept och läkemedel för tre dygn läggs in i avdelningens "
                "checklista för hemgång (ansvarig: vårdenhetschef, klart inom en månad)."
            ),
            conclusion="Rutinen för läkemedel vid utskrivning före helg följdes inte.",
        )
    return 3
