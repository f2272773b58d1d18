"""Compare two versions of a roadmap: what the revision added, removed and changed.

Areas, activities and targets are matched by their `key`, which a revision keeps. Only the plan's
content is compared (texts, dates, owners, principals, subareas, target values); an activity's
status is follow-up, not content, and is shown on its own page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from navet.roadmap.models import RoadmapVersion


def _date(value) -> str:
    return value.isoformat() if value else "–"


def _plain(value) -> str:
    if value is None or value == "":
        return "–"
    return str(value)


@dataclass(frozen=True)
class Change:
    field: str  # Swedish label
    before: str
    after: str


@dataclass
class ItemDiff:
    key: str
    title: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class SectionDiff:
    label: str
    added: list[ItemDiff] = field(default_factory=list)
    removed: list[ItemDiff] = field(default_factory=list)
    changed: list[ItemDiff] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass
class Comparison:
    before: RoadmapVersion
    after: RoadmapVersion
    version_changes: list[Change]
    sections: list[SectionDiff]

    @property
    def identical(self) -> bool:
        return not self.version_changes and all(s.empty for s in self.sections)


def _version_fields(v: RoadmapVersion) -> dict[str, str]:
    return {
        "Titel": _plain(v.title),
        "Målbildens rubrik": _plain(v.vision_title),
        "Målbild": _plain(v.vision),
        "Målår": _plain(v.goal_year),
        "Period": f"{_date(v.period_start)} – {_date(v.period_end)}",
        "Styrning och ansvar": _plain(v.governance),
        "Giltighet och revidering": _plain(v.revision_note),
    }


def _area_fields(area) -> dict[str, str]:
    return {
        "Rubrik": area.title,
        "Beskrivning": _plain(area.description),
        "År": _plain(area.year) if area.year else "hela perioden",
        "Mål": "; ".join(g.text for g in area.goals.all()) or "–",
    }


def _activity_fields(activity) -> dict[str, str]:
    return {
        "Rubrik": activity.title,
        "Beskrivning": _plain(activity.description),
        "Område": activity.area.title,
        "Ägande forum": activity.owner_forum.name if activity.owner_forum else "–",
        "Ansvarig": _plain(activity.owner_name),
        "Huvudmän": ", ".join(sorted(p.name for p in activity.principals.all())) or "alla",
        "Noder": ", ".join(sorted(s.name for s in activity.subareas.all())) or "hela länet",
        "Start": _date(activity.starts_on),
        "Slut": _date(activity.ends_on),
    }


def _target_fields(target) -> dict[str, str]:
    value = "–" if target.target_value is None else f"{target.target_value.normalize():f}"
    return {
        "Namn": target.name,
        "Målvärde": value,
        "Målår": _plain(target.target_year),
        "Mål i ord": _plain(target.target_text),
        "Riktning": target.get_direction_display() if target.direction else "–",
    }


def _diff(fields_before: dict[str, str], fields_after: dict[str, str]) -> list[Change]:
    return [
        Change(name, fields_before[name], fields_after[name])
        for name in fields_after
        if fields_before.get(name) != fields_after[name]
    ]


def _section(label, before_items, after_items, fields, title) -> SectionDiff:
    before = {item.key: item for item in before_items}
    after = {item.key: item for item in after_items}
    section = SectionDiff(label)
    for key, item in after.items():
        if key not in before:
            section.added.append(ItemDiff(key, title(item)))
            continue
        changes = _diff(fields(before[key]), fields(item))
        if changes:
            section.changed.append(ItemDiff(key, title(item), changes))
    for key, item in before.items():
        if key not in after:
            section.removed.append(ItemDiff(key, title(item)))
    return section


def compare(before: RoadmapVersion, after: RoadmapVersion) -> Comparison:
    def areas(v):
        return v.areas.prefetch_related("goals")

    def activities(v):
        return v.activities.select_related("area", "owner_forum").prefetch_related(
            "principals", "subareas"
        )

    return Comparison(
        before=before,
        after=after,
        version_changes=_diff(_version_fields(before), _version_fields(after)),
        sections=[
            _section(
                "Prioriterade områden", areas(before), areas(after), _area_fields, lambda a: a.title
            ),
            _section(
                "Aktiviteter",
                activities(before),
                activities(after),
                _activity_fields,
                lambda a: a.title,
            ),
            _section(
                "Målindikatorer",
                before.targets.all(),
                after.targets.all(),
                _target_fields,
                lambda t: t.name,
            ),
        ],
    )
