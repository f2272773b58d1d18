"""The file format: which tables exist, their columns, and the checks that span columns.

Column order here is the order errors are reported in and the order of the documentation
(docs/import-activity.md). Every column must be present in a file; `optional` columns may be empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from django.db import models

from navet.activity import models as activity
from navet.activity.importer import fields as f
from navet.organisation.models import Profession, UnitKind

# A cross-column check gets the parsed values of one row (only the columns that parsed) and yields
# (column, Swedish reason) for each problem.
Check = Callable[[Mapping[str, object]], Iterator[tuple[str, str]]]

PERSON, UNIT, STAFF = "person", "unit", "staff"


@dataclass(frozen=True)
class Column:
    name: str
    attname: str  # model attribute; a foreign key's "<field>_id"
    parser: f.Parser
    optional: bool = False
    empty: object = None  # stored for an empty optional value
    lookup: str | None = None  # PERSON, UNIT or STAFF: the parsed key is resolved to a primary key
    cache: bool = True  # memoise the parser (off for values that rarely repeat)


@dataclass(frozen=True)
class Table:
    name: str
    model: type[models.Model]
    columns: tuple[Column, ...]  # the first is always source_id
    checks: tuple[Check, ...] = ()
    # The kinds of unit the table's events can happen at; None: any unit that gives care.
    unit_kinds: frozenset[str] | None = None

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def attnames(self) -> tuple[str, ...]:
        return tuple(column.attname for column in self.columns)


def not_before(later: str, earlier: str, reason: str) -> Check:
    def check(values: Mapping[str, object]) -> Iterator[tuple[str, str]]:
        late, early = values.get(later), values.get(earlier)
        if late is not None and early is not None and late < early:
            yield later, f"{reason} ({earlier})"

    return check


def not_after(earlier: str, later: str, reason: str) -> Check:
    def check(values: Mapping[str, object]) -> Iterator[tuple[str, str]]:
        early, late = values.get(earlier), values.get(later)
        if early is not None and late is not None and early > late:
            yield earlier, f"{reason} ({later})"

    return check


def destination_needs_discharge(values: Mapping[str, object]) -> Iterator[tuple[str, str]]:
    if values.get("discharge_destination") and values.get("discharge_time", "") is None:
        yield "discharge_destination", "utskrivning till angiven men utskrivningstid saknas"


SOURCE_ID = Column("source_id", "source_id", f.parse_source_id, cache=False)
PERSON_ID = Column("personal_identity_number", "person_id", f.parse_identity, lookup=PERSON)
UNIT_ID = Column("unit_hsa_id", "unit_id", f.parse_hsa, lookup=UNIT)
PROFESSION = Column("profession", "profession", f.choice_parser(Profession))


def timestamp(name: str, *, optional: bool = False) -> Column:
    return Column(name, name, f.parse_timestamp, optional=optional, cache=False)


VISITS = Table(
    "visits",
    activity.Visit,
    (
        SOURCE_ID,
        PERSON_ID,
        Column("staff_hsa_id", "staff_id", f.parse_hsa, optional=True, lookup=STAFF),
        UNIT_ID,
        PROFESSION,
        Column("care_level", "care_level", f.choice_parser(activity.CareLevel)),
        Column("form", "form", f.choice_parser(activity.VisitForm)),
        Column("visit_date", "visit_date", f.parse_date),
    ),
)

ED_VISITS = Table(
    "ed_visits",
    activity.EdVisit,
    (
        SOURCE_ID,
        PERSON_ID,
        UNIT_ID,
        timestamp("arrival_time"),
        timestamp("departure_time", optional=True),
    ),
    (not_before("departure_time", "arrival_time", "avgångstiden ligger före ankomsttiden"),),
    unit_kinds=frozenset({UnitKind.EMERGENCY_DEPARTMENT}),
)

EPISODES = Table(
    "episodes",
    activity.InpatientEpisode,
    (
        SOURCE_ID,
        PERSON_ID,
        UNIT_ID,
        timestamp("admission_time"),
        timestamp("discharge_time", optional=True),
        Column("admission_type", "admission_type", f.choice_parser(activity.AdmissionType)),
        Column("care_type", "care_type", f.choice_parser(activity.CareType)),
        Column("main_diagnosis", "main_diagnosis", f.parse_icd10),
        timestamp("ready_time", optional=True),
        Column(
            "discharge_destination",
            "discharge_destination",
            f.choice_parser(activity.DischargeDestination),
            optional=True,
            empty="",
        ),
    ),
    (
        not_before("discharge_time", "admission_time", "utskrivningen ligger före inskrivningen"),
        not_before("ready_time", "admission_time", "utskrivningsklar före inskrivningen"),
        not_after("ready_time", "discharge_time", "utskrivningsklar efter utskrivningen"),
        destination_needs_discharge,
    ),
    unit_kinds=frozenset({UnitKind.INPATIENT_WARD}),
)

CARE_REQUESTS = Table(
    "care_requests",
    activity.CareRequest,
    (
        SOURCE_ID,
        PERSON_ID,
        UNIT_ID,
        Column("received_date", "received_date", f.parse_date),
        Column("reason_class", "reason_class", f.choice_parser(activity.ReasonClass)),
        Column("first_assessment_date", "first_assessment_date", f.parse_date, optional=True),
        PROFESSION,
    ),
    (
        not_before(
            "first_assessment_date",
            "received_date",
            "första medicinska bedömningen ligger före mottagningsdatumet",
        ),
    ),
    unit_kinds=frozenset({UnitKind.HEALTH_CENTRE}),
)

PHONE_CALLS = Table(
    "phone_calls",
    activity.PhoneCall,
    (
        SOURCE_ID,
        UNIT_ID,
        timestamp("received_time"),
        Column("answered_same_day", "answered_same_day", f.parse_bool),
    ),
    unit_kinds=frozenset({UnitKind.HEALTH_CENTRE}),
)

# Units that give no care of their own: no visit can be registered there.
NOT_CARE_GIVING = frozenset({UnitKind.ADMINISTRATION, UnitKind.SOCIAL_SERVICES})

TABLES: tuple[Table, ...] = (VISITS, ED_VISITS, EPISODES, CARE_REQUESTS, PHONE_CALLS)
TABLES_BY_NAME: dict[str, Table] = {table.name: table for table in TABLES}
