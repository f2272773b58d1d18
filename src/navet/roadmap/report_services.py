"""Creating reports and saving their narrative (one transaction each, Swedish `RoadmapError`s).

- A report is created with one empty section per section of its layout; the form's
  `request_key` makes a double submit create one report.
- Saving a section locks its row and compares `lock_version`: a stale form is refused
  (`StaleEdit`), never silently overwritten; every save is kept as a revision (who, when, what).
  Replaying a save's `request_key` returns the section as it is.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from navet.roadmap.errors import RoadmapError, StaleEdit
from navet.roadmap.models import (
    Report,
    ReportKind,
    ReportSection,
    ReportSectionRevision,
    Roadmap,
)
from navet.roadmap.report_layout import layout


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


@transaction.atomic
def create_report(
    *,
    user,
    roadmap: Roadmap,
    kind: str,
    title: str,
    period_start: date,
    period_end: date,
    request_key: str,
) -> Report:
    existing = Report.objects.filter(request_key=request_key).first()
    if existing is not None:
        return existing
    if kind not in ReportKind.values:
        raise RoadmapError("Välj vilken sorts rapport det är.")
    if period_end < period_start:
        raise RoadmapError("Periodens slut kan inte vara före dess början.")
    Roadmap.objects.select_for_update().get(pk=roadmap.pk)  # serialises concurrent replays
    existing = Report.objects.filter(request_key=request_key).first()
    if existing is not None:
        return existing
    report = Report.objects.create(
        roadmap=roadmap,
        kind=kind,
        title=title.strip()
        or f"{ReportKind(kind).label} {period_start:%Y-%m} – {period_end:%Y-%m}",
        period_start=period_start,
        period_end=period_end,
        created_by=user,
        request_key=request_key,
    )
    ReportSection.objects.bulk_create(
        ReportSection(report=report, key=spec.key) for spec in layout(kind)
    )
    return report


@transaction.atomic
def save_section(
    *, user, report: Report, key: str, text: str, lock_version: int, request_key: str
) -> ReportSection:
    replay = ReportSectionRevision.objects.filter(request_key=request_key).first()
    if replay is not None:
        return replay.section
    try:
        section = ReportSection.objects.select_for_update().get(report=report, key=key)
    except ReportSection.DoesNotExist as error:
        raise RoadmapError("Rapporten har inget sådant avsnitt.") from error
    replay = ReportSectionRevision.objects.filter(request_key=request_key).first()
    if replay is not None:
        return replay.section
    if section.lock_version != lock_version:
        raise StaleEdit
    section.text = text.strip()
    section.lock_version += 1
    section.updated_by_name = _name(user)
    section.updated_at = timezone.now()
    section.save()
    ReportSectionRevision.objects.create(
        section=section,
        number=section.lock_version - 1,
        text=section.text,
        saved_by=user,
        saved_by_name=section.updated_by_name,
        request_key=request_key,
    )
    return section
