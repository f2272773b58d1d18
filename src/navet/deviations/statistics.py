"""Deviation statistics: counts per category, severity, responsible unit and direction (which
principal reported to which) over a period, with small counts hidden.

Suppression as on the follow-up dashboards: a count of 1 to min_count()-1 is hidden (primary),
and when a breakdown then has exactly one hidden count, its smallest visible non-zero count is
hidden too, so no hidden count can be recovered as the total minus the rest (complementary).
Zero is shown. The "closed" column is hidden with its row and on its own when small.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from navet.deviations import config
from navet.deviations.models import Deviation, Severity, Status

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


def _facts(start: date, end: date) -> list[tuple]:
    low, high = _bounds(start, end)
    return list(
        Deviation.objects.filter(reported_at__gte=low, reported_at__lte=high).values_list(
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


def tables(start: date, end: date) -> list[Table]:
    facts = _facts(start, end)
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
