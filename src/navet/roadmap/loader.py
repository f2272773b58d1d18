"""Load a roadmap from a YAML file (format `navet-roadmap/1`, see docs/roadmap.md): all or nothing.

    load_roadmap(path)                      # into the county the file names
    load_roadmap(path, county_code="19")    # into another county (the demo does this)

The file is parsed with the line of every key, checked completely against the database — the
county's principals and subareas, the file's own forums, areas and activities, Follow-up's
indicator catalogue — and only then written, in one transaction. Any problem raises
`FixtureError`, which names the file, the line and the key of each problem, and nothing is
loaded.

A county missing from the database is created from the reference data (`shared/data`: the county,
its municipalities and nodes, the region and one principal per municipality), so every seed loads
on an empty database; that too is rolled back when the file has a problem.

Loading into another county than the file's (`county_code`) maps the file's `region` to that
county's region and `all` / `municipalities` to its principals; a municipality named by code must
exist there. The roadmap remembers where it came from (`source_county_code`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils.text import slugify

from navet.organisation.models import County, Municipality, Principal, PrincipalKind, Subarea
from navet.roadmap.models import (
    Activity,
    ActivityStatus,
    Direction,
    Forum,
    ForumKind,
    ForumMember,
    Goal,
    PriorityArea,
    ReportingLine,
    Roadmap,
    RoadmapVersion,
    Target,
    TargetUnit,
    TargetValue,
    VersionStatus,
)

FORMAT = "navet-roadmap/1"
SEEDS_DIR = Path(__file__).resolve().parent / "seeds"
SEEDS = {
    "vastra_gotaland": SEEDS_DIR / "vastra_gotaland.yaml",
    "vastmanland": SEEDS_DIR / "vastmanland.yaml",
    "vasternorrland": SEEDS_DIR / "vasternorrland.yaml",
    "vasterbotten": SEEDS_DIR / "vasterbotten.yaml",
}
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --- Problems ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    line: int | None
    where: str  # the key path, e.g. version.areas[2].activities[0].owner
    message: str  # Swedish

    def __str__(self) -> str:
        line = f"rad {self.line}" if self.line else "filen"
        return f"{line}, {self.where}: {self.message}" if self.where else f"{line}: {self.message}"


class FixtureError(Exception):
    """The file cannot be loaded; `problems` says where and why. Nothing was loaded."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = Path(path)
        self.problems = problems
        count = len(problems)
        head = f"{self.path.name}: {count} fel, inget lästes in" if count > 1 else None
        lines = [f"{self.path.name}: {p}" for p in problems]
        text = "\n".join([head, *(f"  {line}" for line in lines)]) if head else lines[0]
        super().__init__(text)


class AlreadyLoaded(FixtureError):
    def __init__(self, path: Path | str, roadmap: Roadmap) -> None:
        self.roadmap = roadmap
        super().__init__(
            path,
            [
                Problem(
                    None,
                    "key",
                    f'färdplanen "{roadmap.key}" finns redan i {roadmap.county}; inget lästes in',
                )
            ],
        )


# --- YAML with line numbers --------------------------------------------------------------------


class Located(dict):
    """A YAML mapping that knows its line and the line of each key (1-based)."""

    line: int = 0
    lines: dict[str, int]


class LocatedList(list):
    line: int = 0
    lines: list[int]


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int) -> None:
        super().__init__(key)
        self.key, self.line = key, line


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    result = Located()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in result:
            raise _DuplicateKey(str(key), line)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = line
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
# YAML 1.1 reads on/off/yes/no as booleans (a key "on:" would become True); only true/false here.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def parse(path: Path) -> Located:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FixtureError(path, [Problem(None, "", f"kan inte läsas ({error})")]) from error
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
    except _DuplicateKey as error:
        raise FixtureError(
            path, [Problem(error.line, error.key, "nyckeln förekommer två gånger")]
        ) from error
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        message = f"ogiltig YAML: {error.problem or error}"
        raise FixtureError(path, [Problem(line, "", message)]) from error
    except yaml.YAMLError as error:
        raise FixtureError(path, [Problem(None, "", f"ogiltig YAML: {error}")]) from error
    if not isinstance(data, Located):
        raise FixtureError(path, [Problem(1, "", "filen måste vara en YAML-mappning")])
    return data


# --- The plan: what the file says, checked ------------------------------------------------------


@dataclass
class MemberPlan:
    title: str
    organisation: str = ""
    principal: Principal | None = None
    is_chair: bool = False
    is_secretary: bool = False


@dataclass
class ForumPlan:
    key: str
    name: str
    kind: str
    parent: str = ""
    subarea: str = ""
    mandate: str = ""
    meets: str = ""
    follows_whole_roadmap: bool = False
    stall_weeks: int | None = None
    members: list[MemberPlan] = field(default_factory=list)


@dataclass
class ReportingPlan:
    from_forum: str = ""
    sender: str = ""
    to_forum: str = ""
    recipient: str = ""
    per_year: int | None = None
    description: str = ""


@dataclass
class ValuePlan:
    period_label: str
    period_end: date
    value: Decimal
    source: str = ""
    note: str = ""


@dataclass
class TargetPlan:
    key: str
    indicator_id: str
    name: str
    unit: str
    unit_label: str = ""
    direction: str = ""
    target_value: Decimal | None = None
    target_year: int | None = None
    target_text: str = ""
    note: str = ""
    values: list[ValuePlan] = field(default_factory=list)


@dataclass
class ActivityPlan:
    key: str
    title: str
    description: str = ""
    owner: str = ""
    owner_name: str = ""
    principals: list[Principal] = field(default_factory=list)
    subareas: list[str] = field(default_factory=list)
    starts_on: date | None = None
    ends_on: date | None = None
    status: str = ActivityStatus.NOT_STARTED
    judgement: str = ""
    judgement_comment: str = ""
    targets: list[TargetPlan] = field(default_factory=list)


@dataclass
class AreaPlan:
    key: str
    title: str
    description: str = ""
    year: int | None = None
    goals: list[tuple[str, int | None]] = field(default_factory=list)
    activities: list[ActivityPlan] = field(default_factory=list)
    targets: list[TargetPlan] = field(default_factory=list)


@dataclass
class VersionPlan:
    title: str = ""
    status: str = VersionStatus.DRAFT
    vision_title: str = ""
    vision: str = ""
    goal_year: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    governance: str = ""
    revision_note: str = ""
    consultation_opens: date | None = None
    consultation_closes: date | None = None
    adopted_by: str = ""
    adopted_on: date | None = None
    approved_by: str = ""
    approved_on: date | None = None
    areas: list[AreaPlan] = field(default_factory=list)
    targets: list[TargetPlan] = field(default_factory=list)


@dataclass
class RoadmapPlan:
    key: str
    name: str
    source_file: str
    source_title: str
    source_county_code: str
    principals: list[Principal]
    subareas: list[tuple[str, list[str]]]
    forums: list[ForumPlan]
    reporting: list[ReportingPlan]
    version: VersionPlan


# --- Checking ----------------------------------------------------------------------------------


class _Checker:
    """Reads the parsed file into a RoadmapPlan, collecting every problem on the way."""

    def __init__(self, data: Located, county: County, source_county_code: str) -> None:
        self.data = data
        self.county = county
        self.source_county_code = source_county_code
        self.problems: list[Problem] = []
        self.forum_keys: set[str] = set()
        self.subarea_names = set(
            Subarea.objects.filter(county=county).values_list("name", flat=True)
        )
        self.principals = list(
            Principal.objects.filter(county=county).select_related("municipality__subarea")
        )
        self.target_keys: set[str] = set()
        self._indicators: dict[str, Any] | None = None

    # Helpers -----------------------------------------------------------------------------------

    def problem(self, line: int | None, where: str, message: str) -> None:
        self.problems.append(Problem(line, where, message))

    @staticmethod
    def line(node: Any, key: str | int | None = None) -> int | None:
        if key is not None:
            if isinstance(node, Located) and key in node.lines:
                return node.lines[key]
            if isinstance(node, LocatedList) and isinstance(key, int) and key < len(node.lines):
                return node.lines[key]
        return getattr(node, "line", None) or None

    def mapping(self, value: Any, where: str, line: int | None) -> Located | None:
        if isinstance(value, Located):
            return value
        self.problem(line, where, "ska vara en mappning (nyckel: värde)")
        return None

    def sequence(self, node: Located, key: str, where: str) -> LocatedList:
        value = node.get(key)
        if value is None:
            return LocatedList()
        if isinstance(value, LocatedList):
            return value
        self.problem(self.line(node, key), f"{where}.{key}".lstrip("."), "ska vara en lista")
        return LocatedList()

    def keys(self, node: Located, where: str, required: set[str], optional: set[str]) -> None:
        for key in node:
            if key not in required and key not in optional:
                known = ", ".join(sorted(required | optional))
                self.problem(
                    self.line(node, key),
                    f"{where}.{key}".lstrip("."),
                    f"okänd nyckel (kända: {known})",
                )
        for key in sorted(required - set(node)):
            self.problem(node.line, f"{where}.{key}".lstrip("."), "saknas")

    def text(
        self, node: Located, key: str, where: str, *, required: bool = False, limit: int = 0
    ) -> str:
        value = node.get(key)
        path = f"{where}.{key}".lstrip(".")
        if value is None:
            if required and key in node:
                self.problem(self.line(node, key), path, "får inte vara tomt")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(self.line(node, key), path, "ska vara text")
            return ""
        result = str(value).strip()
        if required and not result:
            self.problem(self.line(node, key), path, "får inte vara tomt")
        if limit and len(result) > limit:
            self.problem(self.line(node, key), path, f"högst {limit} tecken")
        return result

    def key_text(self, node: Located, where: str) -> str:
        value = self.text(node, "key", where, required=True, limit=80)
        if value and not KEY_PATTERN.match(value):
            self.problem(
                self.line(node, "key"),
                f"{where}.key".lstrip("."),
                f'"{value}" är ingen giltig nyckel (små bokstäver a–z, siffror och bindestreck)',
            )
        return value

    def integer(self, node: Located, key: str, where: str, *, low: int, high: int) -> int | None:
        value = node.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(
                self.line(node, key),
                f"{where}.{key}".lstrip("."),
                f"ska vara ett heltal {low}–{high}",
            )
            return None
        return value

    def boolean(self, node: Located, key: str, where: str) -> bool:
        value = node.get(key, False)
        if not isinstance(value, bool):
            self.problem(
                self.line(node, key), f"{where}.{key}".lstrip("."), "ska vara true eller false"
            )
            return False
        return value

    def choice(self, node: Located, key: str, where: str, choices, default: str = "") -> str:
        value = node.get(key)
        if value is None:
            return default
        allowed = [c for c in choices.values if c]
        if value not in allowed:
            self.problem(
                self.line(node, key),
                f"{where}.{key}".lstrip("."),
                f'"{value}" är inget av {", ".join(allowed)}',
            )
            return default
        return value

    def date_value(self, node: Located, key: str, where: str, *, end: bool) -> date | None:
        value = node.get(key)
        if value is None:
            return None
        result = to_date(value, end=end)
        if result is None:
            self.problem(
                self.line(node, key),
                f"{where}.{key}".lstrip("."),
                f'"{value}" är inget datum (ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD)',
            )
        return result

    def number(self, node: Located, key: str, where: str) -> Decimal | None:
        value = node.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(self.line(node, key), f"{where}.{key}".lstrip("."), "ska vara ett tal")
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            self.problem(self.line(node, key), f"{where}.{key}".lstrip("."), "ska vara ett tal")
            return None

    def forum_ref(self, node: Located, key: str, where: str) -> str:
        value = self.text(node, key, where)
        if value and value not in self.forum_keys:
            known = ", ".join(sorted(self.forum_keys)) or "inga"
            self.problem(
                self.line(node, key),
                f"{where}.{key}".lstrip("."),
                f'okänt forum "{value}" (forum i filen: {known})',
            )
            return ""
        return value

    def subarea_ref(self, value: Any, line: int | None, where: str) -> str:
        name = str(value).strip() if isinstance(value, str) else ""
        if name not in self.subarea_names:
            known = ", ".join(sorted(self.subarea_names)) or "inga"
            self.problem(line, where, f'okänd nod "{value}" i {self.county} (kända: {known})')
            return ""
        return name

    def indicators(self) -> dict[str, Any]:
        if self._indicators is None:
            from navet.roadmap.catalogue import indicator_catalogue

            self._indicators = indicator_catalogue()
        return self._indicators

    # Principals --------------------------------------------------------------------------------

    def principal_refs(self, node: Located, key: str, where: str) -> list[Principal]:
        value = node.get(key)
        path = f"{where}.{key}".lstrip(".")
        if value is None:
            return []
        if value == "all":
            return list(self.principals)
        if not isinstance(value, LocatedList):
            self.problem(self.line(node, key), path, 'ska vara "all" eller en lista')
            return []
        found: list[Principal] = []
        for i, item in enumerate(value):
            for principal in self.principal_ref(item, value.lines[i], f"{path}[{i}]"):
                if principal not in found:
                    found.append(principal)
        return found

    def principal_ref(self, item: Any, line: int, where: str) -> list[Principal]:
        if item == "all":
            return list(self.principals)
        if item == "region":
            regions = [p for p in self.principals if p.kind == PrincipalKind.REGION]
            if not regions:
                self.problem(line, where, f"{self.county} har ingen region i databasen")
            return regions
        if item == "municipalities":
            return [p for p in self.principals if p.kind == PrincipalKind.MUNICIPALITY]
        if isinstance(item, Located):
            self.keys(item, where, {"subarea"}, set())
            name = self.subarea_ref(item.get("subarea"), item.line, f"{where}.subarea")
            return [
                p
                for p in self.principals
                if name
                and p.municipality is not None
                and p.municipality.subarea is not None
                and p.municipality.subarea.name == name
            ]
        if isinstance(item, int | str) and not isinstance(item, bool):
            code = str(item).strip().zfill(4)
            matches = [p for p in self.principals if p.municipality_id == code]
            if not matches:
                self.problem(
                    line,
                    where,
                    f'okänd huvudman "{item}": ingen kommun med den koden i {self.county} '
                    '(ange "region", "municipalities", "all", en kommunkod eller {subarea: nod})',
                )
            return matches
        self.problem(line, where, f'okänd huvudman "{item}"')
        return []

    # The file ----------------------------------------------------------------------------------

    def roadmap(self) -> RoadmapPlan:
        data = self.data
        self.keys(
            data,
            "",
            {"format", "source", "county", "key", "name", "version"},
            {"principals", "subareas", "forums", "reporting"},
        )
        if data.get("format") not in (None, FORMAT):
            self.problem(
                self.line(data, "format"), "format", f'okänt format (Navet läser "{FORMAT}")'
            )
        source_file = source_title = ""
        if "source" in data and (
            source := self.mapping(data["source"], "source", self.line(data, "source"))
        ):
            self.keys(source, "source", {"file"}, {"title"})
            source_file = self.text(source, "file", "source", required=True, limit=200)
            source_title = self.text(source, "title", "source", limit=300)
        key = self.key_text(data, "")
        name = self.text(data, "name", "", required=True, limit=200)
        principals = (
            self.principal_refs(data, "principals", "")
            if "principals" in data
            else list(self.principals)
        )
        subareas = self.subareas()
        forums_node = self.sequence(data, "forums", "")
        for i, forum in enumerate(forums_node):
            if isinstance(forum, Located) and isinstance(forum.get("key"), str):
                if forum["key"] in self.forum_keys:
                    self.problem(
                        self.line(forum, "key"),
                        f"forums[{i}].key",
                        f'forumet "{forum["key"]}" finns två gånger',
                    )
                self.forum_keys.add(forum["key"])
        forums = [
            plan
            for i, forum in enumerate(forums_node)
            if (plan := self.forum(forum, forums_node.lines[i], f"forums[{i}]"))
        ]
        reporting_node = self.sequence(data, "reporting", "")
        reporting = [
            plan
            for i, item in enumerate(reporting_node)
            if (plan := self.reporting(item, reporting_node.lines[i], f"reporting[{i}]"))
        ]
        version = VersionPlan()
        if "version" in data and (
            node := self.mapping(data["version"], "version", self.line(data, "version"))
        ):
            version = self.version(node)
        return RoadmapPlan(
            key=key,
            name=name,
            source_file=source_file,
            source_title=source_title,
            source_county_code=self.source_county_code,
            principals=principals,
            subareas=subareas,
            forums=forums,
            reporting=reporting,
            version=version,
        )

    def subareas(self) -> list[tuple[str, list[str]]]:
        node = self.sequence(self.data, "subareas", "")
        codes = set(Municipality.objects.filter(county=self.county).values_list("code", flat=True))
        result = []
        for i, item in enumerate(node):
            where = f"subareas[{i}]"
            entry = self.mapping(item, where, node.lines[i])
            if entry is None:
                continue
            self.keys(entry, where, {"name"}, {"municipalities"})
            name = self.text(entry, "name", where, required=True, limit=100)
            members = []
            listed = self.sequence(entry, "municipalities", where)
            for j, code in enumerate(listed):
                text = str(code).strip().zfill(4)
                if text not in codes:
                    self.problem(
                        listed.lines[j],
                        f"{where}.municipalities[{j}]",
                        f'okänd kommun "{code}" i {self.county}',
                    )
                else:
                    members.append(text)
            if name:
                self.subarea_names.add(name)
                result.append((name, members))
        return result

    def forum(self, item: Any, line: int, where: str) -> ForumPlan | None:
        node = self.mapping(item, where, line)
        if node is None:
            return None
        self.keys(
            node,
            where,
            {"key", "name", "kind"},
            {
                "parent",
                "subarea",
                "mandate",
                "meets",
                "follows_whole_roadmap",
                "stall_weeks",
                "members",
            },
        )
        plan = ForumPlan(
            key=self.key_text(node, where),
            name=self.text(node, "name", where, required=True, limit=200),
            kind=self.choice(node, "kind", where, ForumKind, ForumKind.OTHER),
            parent=self.forum_ref(node, "parent", where),
            mandate=self.text(node, "mandate", where),
            meets=self.text(node, "meets", where),
            follows_whole_roadmap=self.boolean(node, "follows_whole_roadmap", where),
            stall_weeks=self.integer(node, "stall_weeks", where, low=1, high=104),
        )
        if plan.parent and plan.parent == plan.key:
            self.problem(
                self.line(node, "parent"),
                f"{where}.parent",
                "ett forum kan inte ligga under sig självt",
            )
            plan.parent = ""
        if "subarea" in node:
            plan.subarea = self.subarea_ref(
                node["subarea"], self.line(node, "subarea"), f"{where}.subarea"
            )
        members = self.sequence(node, "members", where)
        for i, member in enumerate(members):
            member_where = f"{where}.members[{i}]"
            entry = self.mapping(member, member_where, members.lines[i])
            if entry is None:
                continue
            self.keys(
                entry, member_where, {"title"}, {"organisation", "principal", "chair", "secretary"}
            )
            principal = None
            if "principal" in entry:
                matches = self.principal_ref(
                    entry["principal"], self.line(entry, "principal"), f"{member_where}.principal"
                )
                principal = matches[0] if len(matches) == 1 else None
            plan.members.append(
                MemberPlan(
                    title=self.text(entry, "title", member_where, required=True, limit=200),
                    organisation=self.text(entry, "organisation", member_where, limit=200),
                    principal=principal,
                    is_chair=self.boolean(entry, "chair", member_where),
                    is_secretary=self.boolean(entry, "secretary", member_where),
                )
            )
        return plan

    def reporting(self, item: Any, line: int, where: str) -> ReportingPlan | None:
        node = self.mapping(item, where, line)
        if node is None:
            return None
        self.keys(
            node, where, set(), {"from", "sender", "to", "recipient", "per_year", "description"}
        )
        plan = ReportingPlan(
            from_forum=self.forum_ref(node, "from", where),
            sender=self.text(node, "sender", where, limit=200),
            to_forum=self.forum_ref(node, "to", where),
            recipient=self.text(node, "recipient", where, limit=200),
            per_year=self.integer(node, "per_year", where, low=1, high=52),
            description=self.text(node, "description", where),
        )
        if "from" not in node and "sender" not in node:
            self.problem(node.line, where, 'ange "from" (ett forum) eller "sender"')
        if "to" not in node and "recipient" not in node:
            self.problem(node.line, where, 'ange "to" (ett forum) eller "recipient"')
        return plan

    def version(self, node: Located) -> VersionPlan:
        where = "version"
        self.keys(
            node,
            where,
            {"areas"},
            {
                "activities",
                "title",
                "status",
                "vision_title",
                "vision",
                "goal_year",
                "period",
                "governance",
                "revision_note",
                "consultation",
                "adopted",
                "approved",
                "targets",
            },
        )
        status = node.get("status", VersionStatus.DRAFT)
        if status not in (VersionStatus.DRAFT, VersionStatus.CONSULTATION, VersionStatus.ADOPTED):
            self.problem(
                self.line(node, "status"),
                "version.status",
                f'"{status}" är inget av draft, consultation, adopted',
            )
            status = VersionStatus.DRAFT
        plan = VersionPlan(
            title=self.text(node, "title", where, limit=300),
            status=status,
            vision_title=self.text(node, "vision_title", where, limit=200),
            vision=self.text(node, "vision", where),
            goal_year=self.integer(node, "goal_year", where, low=1990, high=2100),
            governance=self.text(node, "governance", where),
            revision_note=self.text(node, "revision_note", where),
        )
        plan.period_start, plan.period_end = self.period(node, "period", where, "start", "end")
        plan.consultation_opens, plan.consultation_closes = self.period(
            node, "consultation", where, "opens", "closes"
        )
        for key in ("adopted", "approved"):
            if key not in node:
                continue
            decision = self.mapping(node[key], f"{where}.{key}", self.line(node, key))
            if decision is None:
                continue
            self.keys(decision, f"{where}.{key}", set(), {"by", "on"})
            setattr(plan, f"{key}_by", self.forum_ref(decision, "by", f"{where}.{key}"))
            setattr(plan, f"{key}_on", self.date_value(decision, "on", f"{where}.{key}", end=False))
        if "adopted" in node and status != VersionStatus.ADOPTED:
            self.problem(
                self.line(node, "adopted"),
                "version.adopted",
                'en version med "adopted" ska ha status: adopted',
            )
        area_keys: set[str] = set()
        activity_keys: set[str] = set()
        areas = self.sequence(node, "areas", where)
        for i, item in enumerate(areas):
            area = self.area(item, areas.lines[i], f"{where}.areas[{i}]", activity_keys)
            if area is None:
                continue
            if area.key in area_keys:
                self.problem(
                    areas.lines[i],
                    f"{where}.areas[{i}].key",
                    f'området "{area.key}" finns två gånger',
                )
            area_keys.add(area.key)
            plan.areas.append(area)
        # Activities may also be listed after the areas, each naming its area.
        by_key = {area.key: area for area in plan.areas}
        listed = self.sequence(node, "activities", where)
        for i, item in enumerate(listed):
            item_where = f"{where}.activities[{i}]"
            entry = self.mapping(item, item_where, listed.lines[i])
            if entry is None:
                continue
            area_key = entry.get("area")
            area = by_key.get(area_key) if isinstance(area_key, str) else None
            if area is None:
                known = ", ".join(sorted(by_key)) or "inga"
                self.problem(
                    self.line(entry, "area") or entry.line,
                    f"{item_where}.area",
                    f'okänt område "{area_key}" (områden i filen: {known})'
                    if "area" in entry
                    else "ange området (area) som aktiviteten hör till",
                )
            entry = Located({k: v for k, v in entry.items() if k != "area"})
            entry.line = listed.lines[i]
            entry.lines = {k: v for k, v in item.lines.items() if k != "area"}
            activity = self.activity(entry, listed.lines[i], item_where)
            if activity is None or area is None:
                continue
            if activity.key in activity_keys:
                self.problem(
                    listed.lines[i],
                    f"{item_where}.key",
                    f'aktiviteten "{activity.key}" finns två gånger i versionen',
                )
            activity_keys.add(activity.key)
            area.activities.append(activity)
        plan.targets = self.targets(node, where)
        return plan

    def period(
        self, node: Located, key: str, where: str, start_key: str, end_key: str
    ) -> tuple[date | None, date | None]:
        if key not in node:
            return None, None
        span = self.mapping(node[key], f"{where}.{key}", self.line(node, key))
        if span is None:
            return None, None
        self.keys(span, f"{where}.{key}", {start_key, end_key}, set())
        start = self.date_value(span, start_key, f"{where}.{key}", end=False)
        end = self.date_value(span, end_key, f"{where}.{key}", end=True)
        if start and end and end < start:
            self.problem(
                self.line(span, end_key),
                f"{where}.{key}.{end_key}",
                f"slutet ({end.isoformat()}) är före starten ({start.isoformat()})",
            )
        return start, end

    def area(self, item: Any, line: int, where: str, activity_keys: set[str]) -> AreaPlan | None:
        node = self.mapping(item, where, line)
        if node is None:
            return None
        self.keys(
            node,
            where,
            {"key", "title"},
            {"description", "year", "goals", "activities", "targets"},
        )
        plan = AreaPlan(
            key=self.key_text(node, where),
            title=self.text(node, "title", where, required=True, limit=300),
            description=self.text(node, "description", where),
            year=self.integer(node, "year", where, low=1990, high=2100),
        )
        goals = self.sequence(node, "goals", where)
        for i, goal in enumerate(goals):
            goal_where = f"{where}.goals[{i}]"
            if isinstance(goal, str) and goal.strip():
                plan.goals.append((goal.strip(), None))
            elif isinstance(goal, Located):
                self.keys(goal, goal_where, {"text"}, {"year"})
                plan.goals.append(
                    (
                        self.text(goal, "text", goal_where, required=True),
                        self.integer(goal, "year", goal_where, low=1990, high=2100),
                    )
                )
            else:
                self.problem(goals.lines[i], goal_where, "ska vara en text eller {text, year}")
        activities = self.sequence(node, "activities", where)
        for i, activity in enumerate(activities):
            activity_plan = self.activity(activity, activities.lines[i], f"{where}.activities[{i}]")
            if activity_plan is None:
                continue
            if activity_plan.key in activity_keys:
                self.problem(
                    activities.lines[i],
                    f"{where}.activities[{i}].key",
                    f'aktiviteten "{activity_plan.key}" finns två gånger i versionen',
                )
            activity_keys.add(activity_plan.key)
            plan.activities.append(activity_plan)
        plan.targets = self.targets(node, where)
        return plan

    def activity(self, item: Any, line: int, where: str) -> ActivityPlan | None:
        node = self.mapping(item, where, line)
        if node is None:
            return None
        self.keys(
            node,
            where,
            {"key", "title"},
            {
                "description",
                "owner",
                "owner_name",
                "principals",
                "subareas",
                "start",
                "end",
                "status",
                "judgement",
                "judgement_comment",
                "targets",
            },
        )
        plan = ActivityPlan(
            key=self.key_text(node, where),
            title=self.text(node, "title", where, required=True, limit=300),
            description=self.text(node, "description", where),
            owner=self.forum_ref(node, "owner", where),
            owner_name=self.text(node, "owner_name", where, limit=200),
            principals=self.principal_refs(node, "principals", where),
            starts_on=self.date_value(node, "start", where, end=False),
            ends_on=self.date_value(node, "end", where, end=True),
            status=self.choice(node, "status", where, ActivityStatus, ActivityStatus.NOT_STARTED),
            judgement=self.judgement(node, where),
            judgement_comment=self.text(node, "judgement_comment", where),
        )
        subareas = self.sequence(node, "subareas", where)
        for i, name in enumerate(subareas):
            if found := self.subarea_ref(name, subareas.lines[i], f"{where}.subareas[{i}]"):
                plan.subareas.append(found)
        if plan.starts_on and plan.ends_on and plan.ends_on < plan.starts_on:
            self.problem(
                self.line(node, "end"),
                f"{where}.end",
                f"aktivitetens slut ({plan.ends_on.isoformat()}) är före dess start "
                f"({plan.starts_on.isoformat()})",
            )
        plan.targets = self.targets(node, where)
        return plan

    def judgement(self, node: Located, where: str) -> str:
        value = node.get("judgement")
        if value is None:
            return ""
        if value not in ("green", "yellow", "red"):
            self.problem(
                self.line(node, "judgement"),
                f"{where}.judgement",
                f'"{value}" är inget av green, yellow, red',
            )
            return ""
        return value

    def targets(self, node: Located, where: str) -> list[TargetPlan]:
        items = self.sequence(node, "targets", where)
        result = []
        for i, item in enumerate(items):
            plan = self.target(item, items.lines[i], f"{where}.targets[{i}]")
            if plan is not None:
                result.append(plan)
        return result

    def target(self, item: Any, line: int, where: str) -> TargetPlan | None:
        node = self.mapping(item, where, line)
        if node is None:
            return None
        self.keys(
            node,
            where,
            set(),
            {
                "key",
                "indicator",
                "name",
                "unit",
                "unit_label",
                "direction",
                "value",
                "year",
                "text",
                "note",
                "values",
            },
        )
        indicator_id = self.text(node, "indicator", where, limit=64)
        name = self.text(node, "name", where, limit=300)
        unit = self.choice(node, "unit", where, TargetUnit, "")
        unit_label = self.text(node, "unit_label", where, limit=60)
        if indicator_id:
            indicator = self.indicators().get(indicator_id)
            if indicator is None:
                self.problem(
                    self.line(node, "indicator"),
                    f"{where}.indicator",
                    f'okänd indikator "{indicator_id}" (se docs/indicators.md för Uppföljningens '
                    "indikatorer)",
                )
                return None
            name = name or indicator.name
            unit = unit or indicator.target_unit
            unit_label = unit_label or indicator.unit_label
        elif not name:
            self.problem(
                node.line,
                where,
                'ange "indicator" (en indikator ur Uppföljningen) eller "name" (ett manuellt mått)',
            )
            return None
        key = self.text(node, "key", where, limit=80) or slugify(indicator_id or name)[:80]
        key = key.replace("_", "-")
        if not KEY_PATTERN.match(key):
            self.problem(
                self.line(node, "key") or node.line,
                f"{where}.key",
                f'"{key}" är ingen giltig nyckel',
            )
        base, n = key, 2
        while key in self.target_keys:
            key, n = f"{base}-{n}", n + 1
        self.target_keys.add(key)
        plan = TargetPlan(
            key=key,
            indicator_id=indicator_id,
            name=name,
            unit=unit or TargetUnit.NUMBER,
            unit_label=unit_label,
            direction=self.choice(node, "direction", where, Direction, ""),
            target_value=self.number(node, "value", where),
            target_year=self.integer(node, "year", where, low=1990, high=2100),
            target_text=self.text(node, "text", where, limit=300),
            note=self.text(node, "note", where),
        )
        values = self.sequence(node, "values", where)
        for i, value in enumerate(values):
            value_where = f"{where}.values[{i}]"
            entry = self.mapping(value, value_where, values.lines[i])
            if entry is None:
                continue
            self.keys(entry, value_where, {"period", "value"}, {"source", "note"})
            period = entry.get("period")
            end = to_date(period, end=True) if period is not None else None
            if end is None:
                self.problem(
                    self.line(entry, "period"),
                    f"{value_where}.period",
                    f'"{period}" är ingen period (ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD)',
                )
                continue
            number = self.number(entry, "value", value_where)
            if number is None:
                continue
            plan.values.append(
                ValuePlan(
                    period_label=period_label(period),
                    period_end=end,
                    value=number,
                    source=self.text(entry, "source", value_where, limit=300),
                    note=self.text(entry, "note", value_where),
                )
            )
        return plan


def to_date(value: Any, *, end: bool) -> date | None:
    """2025 → 1 Jan (or 31 Dec for an end), "2021-04" → 1 (or 30) April, dates as they are."""
    if isinstance(value, date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if not 1900 <= value <= 2100:
            return None
        return date(value, 12, 31) if end else date(value, 1, 1)
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}", text):
            return to_date(int(text), end=end)
        if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
            year, month = int(match[1]), int(match[2])
            if 1 <= month <= 12:
                last = calendar.monthrange(year, month)[1]
                return date(year, month, last if end else 1)
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    return None


def period_label(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# --- The county ---------------------------------------------------------------------------------


def ensure_county(code: str) -> County:
    """The county, created with its municipalities, nodes and principals from the reference data
    when the database does not have it yet."""
    county = County.objects.filter(code=code).first()
    if county is not None:
        return county
    from navet.synth.errors import SynthInputError
    from navet.synth.geography import load_county
    from navet.synth.organisation import region_name

    try:
        reference = load_county(code, 1.0)
    except SynthInputError as error:
        raise LookupError(str(error)) from error
    county = County.objects.create(code=reference.code, name=reference.name)
    subareas = {
        name: Subarea.objects.create(county=county, name=name) for name in reference.subareas
    }
    Principal.objects.create(kind=PrincipalKind.REGION, name=region_name(reference), county=county)
    for m, municipality_code in enumerate(reference.codes):
        municipality = Municipality.objects.create(
            code=municipality_code,
            name=reference.names[m],
            county=county,
            subarea=subareas.get(reference.subarea[m]),
            population=int(reference.real_population[m]),
            population_year=int(reference.population_year[m]),
        )
        Principal.objects.create(
            kind=PrincipalKind.MUNICIPALITY,
            name=f"{reference.names[m]} kommun",
            county=county,
            municipality=municipality,
        )
    return county


# --- Loading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Loaded:
    roadmap: Roadmap
    version: RoadmapVersion
    created_county: bool


def read_county_code(data: Located, path: Path) -> str:
    value = data.get("county")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not re.fullmatch(r"\d{1,2}", value.strip()):
        raise FixtureError(
            path,
            [Problem(_Checker.line(data, "county") or 1, "county", 'ange länskoden, t.ex. "19"')],
        )
    return value.strip().zfill(2)


@transaction.atomic
def load_roadmap(path: Path | str, *, county_code: str | None = None) -> Loaded:
    """Load the file; raises FixtureError (nothing loaded) or AlreadyLoaded."""
    path = Path(path)
    data = parse(path)
    source_code = read_county_code(data, path)
    target_code = (county_code or source_code).zfill(2)
    created = not County.objects.filter(code=target_code).exists()
    try:
        county = ensure_county(target_code)
    except LookupError as error:
        problem = Problem(_Checker.line(data, "county"), "county", str(error))
        raise FixtureError(path, [problem]) from error
    checker = _Checker(data, county, source_code)
    plan = checker.roadmap()
    if checker.problems:
        raise FixtureError(path, sorted(checker.problems, key=lambda p: p.line or 0))
    existing = Roadmap.objects.filter(county=county, key=plan.key).first()
    if existing is not None:
        raise AlreadyLoaded(path, existing)
    roadmap, version = _write(plan, county)
    return Loaded(roadmap=roadmap, version=version, created_county=created)


def load_seed(name: str, *, county_code: str | None = None) -> Loaded:
    return load_roadmap(SEEDS[name], county_code=county_code)


def _write(plan: RoadmapPlan, county: County) -> tuple[Roadmap, RoadmapVersion]:
    for name, members in plan.subareas:
        subarea, _ = Subarea.objects.get_or_create(county=county, name=name)
        if members:
            Municipality.objects.filter(code__in=members, subarea__isnull=True).update(
                subarea=subarea
            )
    subareas = {s.name: s for s in Subarea.objects.filter(county=county)}
    roadmap = Roadmap.objects.create(
        county=county,
        key=plan.key,
        name=plan.name,
        source_file=plan.source_file,
        source_title=plan.source_title,
        source_county_code=plan.source_county_code,
    )
    roadmap.principals.set(plan.principals)
    forums: dict[str, Forum] = {}
    for order, f in enumerate(plan.forums):
        forums[f.key] = Forum.objects.create(
            roadmap=roadmap,
            key=f.key,
            name=f.name,
            kind=f.kind,
            subarea=subareas.get(f.subarea),
            mandate=f.mandate,
            meets=f.meets,
            follows_whole_roadmap=f.follows_whole_roadmap,
            stall_weeks=f.stall_weeks,
            order=order,
        )
        ForumMember.objects.bulk_create(
            ForumMember(
                forum=forums[f.key],
                title=m.title,
                organisation=m.organisation,
                principal=m.principal,
                is_chair=m.is_chair,
                is_secretary=m.is_secretary,
                order=i,
            )
            for i, m in enumerate(f.members)
        )
    for f in plan.forums:
        if f.parent:
            Forum.objects.filter(pk=forums[f.key].pk).update(parent=forums[f.parent])
    for order, r in enumerate(plan.reporting):
        ReportingLine.objects.create(
            roadmap=roadmap,
            from_forum=forums.get(r.from_forum),
            sender=r.sender,
            to_forum=forums.get(r.to_forum),
            recipient=r.recipient,
            times_per_year=r.per_year,
            description=r.description,
            order=order,
        )
    v = plan.version
    version = RoadmapVersion.objects.create(
        roadmap=roadmap,
        number=1,
        status=v.status,
        title=v.title,
        vision_title=v.vision_title,
        vision=v.vision,
        goal_year=v.goal_year,
        period_start=v.period_start,
        period_end=v.period_end,
        governance=v.governance,
        revision_note=v.revision_note,
        consultation_opens=v.consultation_opens,
        consultation_closes=v.consultation_closes,
        adopted_by=forums.get(v.adopted_by),
        adopted_on=v.adopted_on,
        approved_by=forums.get(v.approved_by),
        approved_on=v.approved_on,
    )
    order = 0
    for area_order, a in enumerate(v.areas):
        area = PriorityArea.objects.create(
            roadmap_version=version,
            key=a.key,
            title=a.title,
            description=a.description,
            year=a.year,
            order=area_order,
        )
        Goal.objects.bulk_create(
            Goal(area=area, text=text, year=year, order=i) for i, (text, year) in enumerate(a.goals)
        )
        for activity_order, act in enumerate(a.activities):
            activity = Activity.objects.create(
                roadmap_version=version,
                area=area,
                key=act.key,
                title=act.title,
                description=act.description,
                owner_forum=forums.get(act.owner),
                owner_name=act.owner_name,
                starts_on=act.starts_on,
                ends_on=act.ends_on,
                status=act.status,
                judgement=act.judgement,
                judgement_comment=act.judgement_comment,
                order=activity_order,
            )
            activity.principals.set(act.principals)
            activity.subareas.set([subareas[name] for name in act.subareas])
            for t in act.targets:
                order = _write_target(t, version, order, activity=activity)
        for t in a.targets:
            order = _write_target(t, version, order, area=area)
    for t in v.targets:
        order = _write_target(t, version, order)
    return roadmap, version


def _write_target(t: TargetPlan, version: RoadmapVersion, order: int, **owner) -> int:
    target = Target.objects.create(
        roadmap_version=version,
        key=t.key,
        indicator_id=t.indicator_id,
        name=t.name,
        unit=t.unit,
        unit_label=t.unit_label,
        direction=t.direction,
        target_value=t.target_value,
        target_year=t.target_year,
        target_text=t.target_text,
        note=t.note,
        order=order,
        **owner,
    )
    TargetValue.objects.bulk_create(
        TargetValue(
            target=target,
            period_label=value.period_label,
            period_end=value.period_end,
            value=value.value,
            source=value.source,
            note=value.note,
        )
        for value in t.values
    )
    return order + 1
