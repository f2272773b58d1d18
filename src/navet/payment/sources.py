"""Where timelines come from. The transitions app registers its adapter here; until then a CSV
file of timelines is the input (the same columns as docs/payment.md).

A source is a function `(municipality_code, first_day, last_day) -> Iterable[StayTimeline]`
returning the municipality's stays that were ready for discharge at some time in the days, or
discharged in them (the basis filters further).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.utils import timezone

from navet.payment.timeline import CareType, ExcludedDays, ReadyPeriod, StayTimeline

Source = Callable[[str, date, date], Iterable[StayTimeline]]


@dataclass(frozen=True)
class RegisteredSource:
    key: str
    label: str
    timelines: Source


_REGISTRY: dict[str, RegisteredSource] = {}


def register(key: str, label: str, timelines: Source) -> None:
    """Called from an app's AppConfig.ready(); registering the same key again replaces it."""
    _REGISTRY[key] = RegisteredSource(key, label, timelines)


def unregister(key: str) -> None:
    _REGISTRY.pop(key, None)


def registered() -> list[RegisteredSource]:
    return sorted(_REGISTRY.values(), key=lambda s: s.label)


def get(key: str) -> RegisteredSource | None:
    return _REGISTRY.get(key)


# ---- the CSV input -------------------------------------------------------------------------

COLUMNS = [
    "episode",
    "person_key",
    "municipality",
    "care_type",
    "admitted_at",
    "admission_notice_at",
    "discharged_at",
    "ready_at",
    "revoked_at",
    "ready_notice_received",
    "excluded_from",
    "excluded_to",
    "excluded_reason",
    "sip_call_required",
    "sip_call_sent_at",
]
CARE_TYPES = {"somatisk": CareType.SOMATIC, "psykiatrisk": CareType.PSYCHIATRIC}
CARE_TYPES.update({c.value: c for c in CareType})
YES = {"ja", "j", "yes", "1", "true"}
NO = {"nej", "n", "no", "0", "false"}


class TimelineFileError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _moment(text: str, column: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace(" ", "T"))
    except ValueError as error:
        raise ValueError(f"{column}: ”{text}” är ingen tidpunkt (ÅÅÅÅ-MM-DD TT:MM)") from error
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _day(text: str, column: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise ValueError(f"{column}: ”{text}” är inget datum (ÅÅÅÅ-MM-DD)") from error


def _flag(text: str, column: str, default: bool) -> bool:
    text = text.strip().lower()
    if not text:
        return default
    if text in YES | NO:
        return text in YES
    raise ValueError(f"{column}: ”{text}” ska vara ja eller nej")


def _base(row: dict) -> StayTimeline:
    care = CARE_TYPES.get(row["care_type"].strip().lower())
    if care is None:
        raise ValueError(f"care_type: ”{row['care_type']}” ska vara somatisk eller psykiatrisk")
    admitted = _moment(row["admitted_at"], "admitted_at")
    if admitted is None:
        raise ValueError("admitted_at saknas")
    if not row["episode"].strip() or not row["municipality"].strip():
        raise ValueError("episode och municipality måste fyllas i")
    return StayTimeline(
        episode_ref=row["episode"].strip(),
        person_key=row["person_key"].strip(),
        municipality_code=row["municipality"].strip().zfill(4),
        care_type=care,
        admitted_at=admitted,
        admission_notice_at=_moment(row["admission_notice_at"], "admission_notice_at"),
        discharged_at=_moment(row["discharged_at"], "discharged_at"),
        sip_call_required=_flag(row["sip_call_required"], "sip_call_required", False),
        sip_call_sent_at=_moment(row["sip_call_sent_at"], "sip_call_sent_at"),
    )


def _add_row(timeline: StayTimeline, row: dict) -> StayTimeline:
    """A row adds a ready period and/or an excluded interval to its episode."""
    ready = _moment(row["ready_at"], "ready_at")
    if ready is not None:
        period = ReadyPeriod(
            notified_at=ready,
            revoked_at=_moment(row["revoked_at"], "revoked_at"),
            notice_received=_flag(row["ready_notice_received"], "ready_notice_received", True),
        )
        timeline = replace(timeline, ready_periods=(*timeline.ready_periods, period))
    if row["excluded_from"].strip():
        gap = ExcludedDays(
            first_day=_day(row["excluded_from"], "excluded_from"),
            last_day=_day(row["excluded_to"] or row["excluded_from"], "excluded_to"),
            reason=row["excluded_reason"].strip() or "regionens egen brist",
        )
        timeline = replace(timeline, excluded=(*timeline.excluded, gap))
    return timeline


def parse_csv(text: str) -> list[StayTimeline]:
    """Timelines from CSV (`;` or `,`); one or more rows per episode. All or nothing: every
    problem is reported with its line number."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines:
        raise TimelineFileError(["filen är tom"])
    delimiter = "," if lines[0].count(",") > lines[0].count(";") else ";"
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise TimelineFileError([f"kolumner saknas: {', '.join(missing)}"])
    episodes: dict[str, StayTimeline] = {}
    errors = []
    for line, row in enumerate(reader, start=2):
        row = {k: (v or "") for k, v in row.items() if k}
        try:
            key = row["episode"].strip()
            timeline = episodes.get(key) or _base(row)
            episodes[key] = _add_row(timeline, row)
        except ValueError as error:
            errors.append(f"rad {line}: {error}")
    for key, timeline in episodes.items():
        errors += [f"vårdtillfälle {key}: {problem}" for problem in timeline.problems()]
    if errors:
        raise TimelineFileError(errors)
    return list(episodes.values())
