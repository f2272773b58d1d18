"""The cases a deviation can concern, by a generic reference (kind + id). Each kind reads its
owning app's selectors only, so the deviation needs no foreign key into another app: a person's
cases for the report form, one case resolved (and checked to be the person's) when reporting,
the responsible unit a case suggests, and the link back to it.

Default responsible unit: a stay → its ward; a SIP → the coordinating unit; a mobile-team
request → the team; a monitoring alert → the enrolling unit that got the alert.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from navet.deviations.models import CaseKind
from navet.organisation.models import CareUnit

PER_KIND = 20  # the latest cases of each kind offered on the form


@dataclass(frozen=True)
class Case:
    kind: str
    id: int
    label: str
    unit: CareUnit  # the default responsible unit

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.id}"


def _day(at) -> str:
    return f"{timezone.localtime(at):%Y-%m-%d}" if at else ""


def _stays(person) -> Iterable[Case]:
    from navet.transitions.selectors import stays_of_person

    for s in stays_of_person(person):
        end = f", utskriven {_day(s.discharged_at)}" if s.discharged_at else ", inneliggande"
        yield Case(
            CaseKind.STAY, s.pk, f"Vårdtillfälle {_day(s.admitted_at)}{end}, {s.ward.name}", s.ward
        )


def _plans(person) -> Iterable[Case]:
    from navet.plans.selectors import plans_of_person

    for p in plans_of_person(person):
        label = f"SIP från {_day(p.created_at)}, samordnas av {p.coordinator_unit.name}"
        yield Case(CaseKind.SIP, p.pk, label, p.coordinator_unit)


def _mobile(person) -> Iterable[Case]:
    from navet.mobile.selectors import requests_of_person

    for r in requests_of_person(person):
        yield Case(
            CaseKind.MOBILE, r.pk, f"Uppdrag {_day(r.received_at)} till {r.team.name}", r.team
        )


def _alerts(person) -> Iterable[Case]:
    from navet.monitoring.selectors import alerts_of_person

    for a in alerts_of_person(person):
        yield Case(CaseKind.MONITORING, a.pk, f"Larm {_day(a.created_at)}: {a.reason}", a.unit)


READERS: dict[str, Callable[..., Iterable[Case]]] = {
    CaseKind.STAY: _stays,
    CaseKind.SIP: _plans,
    CaseKind.MOBILE: _mobile,
    CaseKind.MONITORING: _alerts,
}

URLS = {
    CaseKind.STAY: ("transitions:stay", "stay_id"),
    CaseKind.SIP: ("plans:detail", "plan_id"),
    CaseKind.MOBILE: ("mobile:request", "request_id"),
}


def cases_of(person, *, per_kind: int = PER_KIND) -> list[Case]:
    found: list[Case] = []
    for reader in READERS.values():
        for i, case in enumerate(reader(person)):
            if i >= per_kind:
                break
            found.append(case)
    return found


def parse_ref(ref: str) -> tuple[str, int] | None:
    kind, _, number = (ref or "").partition(":")
    if kind not in READERS or not number.isdigit():
        return None
    return kind, int(number)


def resolve(person, kind: str, case_id: int) -> Case | None:
    """The person's case of this kind and id, or None (another person's, or no such case)."""
    reader = READERS.get(kind)
    if reader is None or person is None:
        return None
    return next((c for c in reader(person) if c.id == case_id), None)


def url_of(kind: str, case_id: int | None, person_id: int | None) -> str:
    if kind == CaseKind.MONITORING and person_id:
        return reverse("monitoring:person", kwargs={"person_id": person_id})
    name = URLS.get(kind)
    if name is None or case_id is None or person_id is None:
        return ""
    try:
        return reverse(name[0], kwargs={"person_id": person_id, name[1]: case_id})
    except NoReverseMatch:
        return ""
