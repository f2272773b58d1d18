"""What a report shows: its sections with their figures and narrative, and for the directors'
report the status per area and activity, indicator values against targets and decisions.

`build(report)` is read by the page, the PDF and the DOCX alike, so the three always agree.
Every figure is read through `figures.latest_values` for the report's period and carries its
definition, period and data date; a figure without a stored result says it is missing — never a
zero — and the report lists the missing figures at the top.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import formats

from navet.roadmap import services
from navet.roadmap.catalogue import indicator_catalogue
from navet.roadmap.figures import Figure, latest_values
from navet.roadmap.models import (
    Activity,
    FollowUp,
    Judgement,
    Report,
    ReportKind,
    ReportSection,
    Target,
    TargetUnit,
)
from navet.roadmap.report_layout import FigureSpec, SectionSpec, indicator_ids, layout

MANUAL = "Ingen indikator i Navet: manuell uppgift som analytikern anger i avsnittets text."


@dataclass(frozen=True)
class FigureRow:
    label: str
    indicator_id: str
    value: str  # formatted, or "" when missing
    period: str
    data_date: str
    definition: str
    reference: str = ""
    missing: str = ""  # why there is no value (also for manual figures)
    manual: bool = False


@dataclass
class SectionContent:
    spec: SectionSpec
    section: ReportSection | None
    figures: list[FigureRow] = field(default_factory=list)


@dataclass(frozen=True)
class ActivityLine:
    """An activity as it stood at the end of the report's period: the status and judgement of
    its latest follow-up up to then (today's, if it had none), and the latest comment."""

    activity: Activity
    status: str  # label
    judgement: str  # label
    comment: str
    commented_on: date | None


@dataclass(frozen=True)
class TargetLine:
    target: Target
    figure: FigureRow
    goal: str


@dataclass(frozen=True)
class Decision:
    recorded_on: date
    forum: str
    activity: str
    text: str


@dataclass
class ReportContent:
    report: Report
    sections: list[SectionContent]
    missing: list[str]  # labels of the figures without a value for the period
    manual: list[str]  # labels of the figures Navet does not compute
    areas: list[tuple[object, list[ActivityLine]]] = field(default_factory=list)
    targets: list[TargetLine] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    needs_action: list[ActivityLine] = field(default_factory=list)

    @property
    def is_directors(self) -> bool:
        return self.report.kind == ReportKind.DIRECTORS


def number(value: float, unit: str) -> str:
    decimals = 1 if unit == TargetUnit.PERCENT or abs(value) < 100 else 0
    text = formats.number_format(
        round(value, decimals), decimals, use_l10n=True, force_grouping=True
    )
    return f"{text}\u00a0%" if unit == TargetUnit.PERCENT else text


def period_text(start: date | None, end: date | None) -> str:
    return f"{start.isoformat()} – {end.isoformat()}" if start and end else ""


def figure_row(spec: FigureSpec, figure: Figure | None) -> FigureRow:
    if spec.manual or figure is None:
        return FigureRow(spec.label, "", "", "", "", MANUAL, spec.reference, MANUAL, True)
    info = indicator_catalogue()[spec.indicator_id]
    unit = info.target_unit
    raw = figure.value
    if spec.use == "numerator":
        raw, unit = figure.numerator, TargetUnit.NUMBER
    definition = info.definition
    if spec.use == "numerator":
        definition = f"Täljaren i {info.name.lower()}: {definition}"
    label_unit = f" {info.unit_label}" if info.unit_label and unit == TargetUnit.NUMBER else ""
    return FigureRow(
        label=spec.label,
        indicator_id=spec.indicator_id,
        value=(number(raw, unit) + label_unit) if raw is not None else "",
        period=period_text(figure.period_start, figure.period_end),
        data_date=figure.data_date.isoformat() if figure.data_date else "",
        definition=definition,
        reference=spec.reference,
        missing="" if raw is not None else (figure.note or "Saknas för perioden"),
    )


def build(report: Report) -> ReportContent:
    roadmap = report.roadmap
    period = (report.period_start, report.period_end)
    specs = layout(report.kind)
    version = services.current_version(roadmap)
    targets = list(version.targets.select_related("area", "activity")) if version else []
    ids = indicator_ids(report.kind) + [t.indicator_id for t in targets if t.indicator_id]
    figures = latest_values(ids, county_code=roadmap.county_id, period=period)
    saved = {s.key: s for s in report.sections.all()}
    sections = [
        SectionContent(
            s, saved.get(s.key), [figure_row(f, figures.get(f.indicator_id)) for f in s.figures]
        )
        for s in specs
    ]
    content = ReportContent(report, sections, [], [])
    if report.kind == ReportKind.DIRECTORS and version is not None:
        _directors(content, version, targets, figures)
    rows = [f for s in sections for f in s.figures] + [t.figure for t in content.targets]
    content.missing = list(dict.fromkeys(r.label for r in rows if r.missing and not r.manual))
    content.manual = list(dict.fromkeys(r.label for r in rows if r.manual))
    return content


def _directors(content: ReportContent, version, targets: list[Target], figures) -> None:
    report = content.report
    activities = list(version.activities.select_related("area", "owner_forum"))
    follow_ups = (
        FollowUp.objects.filter(
            activity__roadmap_version__roadmap=report.roadmap, recorded_on__lte=report.period_end
        )
        .select_related("activity", "meeting__forum")
        .order_by("recorded_on", "pk")
    )
    commented: dict[str, FollowUp] = {}
    state: dict[str, FollowUp] = {}
    for follow_up in follow_ups:
        state[follow_up.activity.key] = follow_up
        if follow_up.comment:
            commented[follow_up.activity.key] = follow_up
        if follow_up.decisions and follow_up.recorded_on >= report.period_start:
            forum = follow_up.meeting.forum.name if follow_up.meeting_id else ""
            content.decisions.append(
                Decision(
                    follow_up.recorded_on, forum, follow_up.activity.title, follow_up.decisions
                )
            )
    by_area: dict[int, tuple[object, list[ActivityLine]]] = {}
    for activity in activities:
        then = state.get(activity.key) or activity
        last = commented.get(activity.key)
        line = ActivityLine(
            activity,
            then.get_status_display(),
            then.get_judgement_display(),
            last.comment if last else "",
            last.recorded_on if last else None,
        )
        by_area.setdefault(activity.area_id, (activity.area, []))[1].append(line)
        if then.judgement == Judgement.RED or then.status == "delayed":
            content.needs_action.append(line)
    content.areas = list(by_area.values())
    for target in targets:
        spec = FigureSpec(target.name, target.indicator_id)
        row = figure_row(spec, figures.get(target.indicator_id))
        if target.is_manual:
            row = _manual_target_row(target, report)
        content.targets.append(TargetLine(target, row, _goal(target)))


def _goal(target: Target) -> str:
    parts = []
    if target.target_value is not None:
        unit = target.unit
        parts.append(number(float(target.target_value), unit))
    if target.target_year:
        parts.append(f"år {target.target_year}")
    if target.target_text:
        parts.append(target.target_text)
    return " ".join(parts) or "Inget målvärde angivet"


def _manual_target_row(target: Target, report: Report) -> FigureRow:
    """A manual measure: the latest value entered by hand up to the report's end."""
    value = target.values.filter(period_end__lte=report.period_end).order_by("period_end").last()
    if value is None:
        return FigureRow(
            target.name,
            "",
            "",
            "",
            "",
            target.note or "Manuellt mått",
            missing="Inget värde registrerat för perioden",
            manual=True,
        )
    return FigureRow(
        label=target.name,
        indicator_id="",
        value=number(float(value.value), target.unit),
        period=value.period_label,
        data_date=value.recorded_at.date().isoformat(),
        definition="Manuellt mått, rapporterat för hand"
        + (f": {value.source}" if value.source else "."),
        manual=True,
    )
