"""Deviation statistics: counts per category, severity, responsible unit and direction (which
principal reported to which) over a period, with small counts hidden.

Suppression as on the follow-up dashboards: a count of 1 to min_count()-1 is hidden (primary),
and when a breakdown then has exactly one hidden count, its smallest visible non-zero count is
hidden too, so no hidden count can be recovered as the total minus the rest (complementary).
Zero is shown. The "closed" column is hidden with its row and on its own when small.

A unit filter narrows the counts to the deviations the unit reported or is responsible for; the
suppression then works on those counts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db.models import Q

from navet.deviations import config
from navet.deviations.models import Deviation, Severity, Status
from navet.organisation.models import CareUnit

BREAKDOWNS = {
    "category": "Kategori",
    "severity": "Allvarlighetsgrad",
    "unit": "Ansvarig enhet",
    "direction": "Anmälande → ansvarig huvudman",
}
PRINCIPALS = {"region": "Region", "municipality": "Kommun"}
TZ = ZoneInfo("Europe/Stockholm")


@dataclass
class Row:
    label: str
    count: int | None  # None: hidden
    closed: int | None
    escalated: int | None


@dataclass
class Table:
    key: str
    title: str
    rows: list[Row]
    total: int | None


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(start, time.min, TZ),
        datetime.combine(end, time.max, TZ),
    )


def of_unit(unit_id: int) -> Q:
    """The deviations a unit reported or received: it is the reporting or the responsible unit.
    One that was forwarded on counts at the unit now responsible, not at the one that passed it
    on (as in the breakdown per responsible unit)."""
    return Q(reporting_unit_id=unit_id) | Q(responsible_unit_id=unit_id)


def units_to_choose(own_ids=()) -> tuple[list[CareUnit], list[CareUnit]]:
    """The units the filter offers: `own_ids` (the user's units, in their order) whether or not
    they have deviations, then every other unit that reported or is responsible for one."""
    involved = Q(pk__in=Deviation.objects.values("reporting_unit_id")) | Q(
        pk__in=Deviation.objects.values("responsible_unit_id")
    )
    units = (
        CareUnit.objects.filter(involved | Q(pk__in=own_ids))
        .select_related("principal")
        .order_by("principal__kind", "principal__name", "name", "pk")
    )
    own = {u.pk: u for u in units if u.pk in own_ids}
    return [own[pk] for pk in own_ids if pk in own], [u for u in units if u.pk not in own]


def _facts(start: date, end: date, unit_id: int | None) -> list[tuple]:
    low, high = _bounds(start, end)
    deviations = Deviation.objects.filter(reported_at__gte=low, reported_at__lte=high)
    if unit_id is not None:
        deviations = deviations.filter(of_unit(unit_id))
    return list(
        deviations.values_list(
            "category",
            "severity",
            "responsible_unit__name",
            "reporting_unit__principal__kind",
            "responsible_unit__principal__kind",
            "status",
            "escalation",
        )
    )


def _label_key(fact: tuple, by: str) -> str:
    category, severity, unit, from_kind, to_kind, _, _ = fact
    if by == "category":
        return config.category_label(category)
    if by == "severity":
        return dict(Severity.choices).get(severity, severity)
    if by == "unit":
        return unit
    return f"{PRINCIPALS.get(from_kind, from_kind)} → {PRINCIPALS.get(to_kind, to_kind)}"


def _order(by: str, labels: set[str]) -> list[str]:
    if by == "category":
        known = [label for _, label in config.categories()]
    elif by == "severity":
        known = [label for _, label in Severity.choices]
    else:
        known = []
    return known + sorted(labels - set(known))


def _hide(n: int, k: int) -> int | None:
    return None if 0 < n < k else n


def suppress(counts: list[int], k: int) -> list[int | None]:
    shown = [_hide(n, k) for n in counts]
    hidden = [i for i, (n, s) in enumerate(zip(counts, shown, strict=True)) if n and s is None]
    if len(hidden) == 1:
        visible = [i for i, s in enumerate(shown) if s]
        if visible:
            shown[min(visible, key=lambda i: counts[i])] = None
    return shown


def tables(start: date, end: date, unit_id: int | None = None) -> list[Table]:
    """The breakdowns of the deviations reported from `start` to `end` (inclusive), of those
    that unit `unit_id` reported or received if given, else of all."""
    facts = _facts(start, end, unit_id)
    k = config.min_count()
    result = []
    for by, title in BREAKDOWNS.items():
        count, closed, escalated = Counter(), Counter(), Counter()
        for fact in facts:
            label = _label_key(fact, by)
            count[label] += 1
            closed[label] += fact[5] == Status.CLOSED
            escalated[label] += bool(fact[6])
        labels = _order(by, set(count))
        if by in ("unit", "direction"):
            labels = [label for label in labels if count[label]]
        shown = suppress([count[label] for label in labels], k)
        rows = [
            Row(
                label,
                shown[i],
                _hide(closed[label], k) if shown[i] is not None else None,
                _hide(escalated[label], k) if shown[i] is not None else None,
            )
            for i, label in enumerate(labels)
        ]
        result.append(Table(by, title, rows, _hide(len(facts), k)))
    return result
