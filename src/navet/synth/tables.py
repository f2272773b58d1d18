"""The generated county as Arrow tables, in the schemas of the snapshot contract (version 1).

The contract itself (tables, columns, kinds, nullability) is declared once, in
navet.followup.contract; SCHEMAS here is derived from it. String columns are built as dictionary
arrays (integer codes into a small vocabulary or into the person/staff/unit key lists), so millions
of rows cost no Python strings; the Parquet writer stores them as plain UTF-8 strings.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from navet.followup.contract import TABLES, arrow_schema
from navet.synth import config, deviations, discharge, home_tables
from navet.synth.deviations import DEVIATION_VOCABULARIES
from navet.synth.discharge import DISCHARGE_VOCABULARIES
from navet.synth.home_tables import HOME_VOCABULARIES
from navet.synth.hospital import DESTINATIONS, OPEN
from navet.synth.living import STATES, state_at_end
from navet.synth.rng import person_keys
from navet.synth.sip import MODES as SIP_MODES
from navet.synth.sip import STAGES as SIP_STAGES
from navet.synth.staffing import PROFESSIONS
from navet.synth.timeutil import NEVER, stockholm_to_utc

STR, DATE, TS, F64, BOOL, I64 = (
    pa.string(),
    pa.date32(),
    pa.timestamp("us", tz="UTC"),
    pa.float64(),
    pa.bool_(),
    pa.int64(),
)
# Every table's Arrow schema, derived from the contract (navet.followup.contract.arrow_schema).
SCHEMAS: dict[str, pa.Schema] = {name: arrow_schema(name) for name in TABLES}
VOCABULARIES = {  # (table, column) → allowed values
    ("persons", "sex"): {"F", "M"},
    ("persons", "living_situation"): set(STATES),
    ("units", "kind"): {
        "health_centre",
        "inpatient_ward",
        "emergency_department",
        "specialist_clinic",
        "home_health_care",
        "home_care",
        "nursing_home",
        "mobile_team",
        "school_health",
        "social_services",
    },
    ("units", "principal"): {"region", "municipality"},
    ("units", "ownership"): {"public", "private"},
    ("staff", "profession"): set(PROFESSIONS),
    ("staff", "doctor_grade"): {"specialist", "st", "other"},
    ("listings", "origin"): {"active_choice", "automatic"},
    ("named_contacts", "role"): {"named_doctor", "named_care_contact", "named_social_care_contact"},
    ("visits", "profession"): set(PROFESSIONS),
    ("visits", "care_level"): {"primary", "specialist"},
    ("visits", "form"): set(config.FORMS),
    ("episodes", "admission_type"): {"acute", "planned"},
    ("episodes", "care_type"): {"somatic", "psychiatric"},
    ("episodes", "discharge_destination"): set(DESTINATIONS),
    ("care_requests", "reason_class"): {r for r, _ in config.CARE_REQUEST_REASONS},
    ("care_requests", "profession"): set(PROFESSIONS),
    ("living_situation_history", "living_situation"): set(STATES),
    ("sip_plans", "initiated_by_principal"): {"region", "municipality"},
    ("sip_plans", "stage"): set(SIP_STAGES),
    ("sip_meetings", "mode"): set(SIP_MODES),
    **DISCHARGE_VOCABULARIES,
    **HOME_VOCABULARIES,
    **DEVIATION_VOCABULARIES,
}


def coded(codes: np.ndarray, vocabulary, null: np.ndarray | None = None) -> pa.Array:
    """A dictionary-encoded string column from integer codes into `vocabulary`.

    The vocabulary must not repeat a value: pyarrow then falls back to a slower path whose
    output bytes are not reproducible.
    """
    dictionary = vocabulary if isinstance(vocabulary, pa.Array) else pa.array(list(vocabulary), STR)
    indices = pa.array(np.asarray(codes, dtype=np.int32), mask=null)
    return pa.DictionaryArray.from_arrays(indices, dictionary)


def dates(days: np.ndarray, open_end: bool = False) -> pa.Array:
    days = np.asarray(days, dtype=np.int64)
    null = days >= NEVER if open_end else None
    return pa.array(np.where(days >= NEVER, 0, days).astype("datetime64[D]"), DATE, mask=null)


def moments(local_seconds: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    utc = stockholm_to_utc(np.where(null, 0, local_seconds) if null is not None else local_seconds)
    return pa.array((utc * 1_000_000).astype("datetime64[us]"), TS, mask=null)


def source_ids(county_code: str, letter: str, n: int) -> pa.Array:
    """ "synth-19-v-000000001", … in row order (the ids the database rows carry too)."""
    numbers = pc.utf8_lpad(pc.cast(pa.array(np.arange(1, n + 1)), STR), 9, "0")
    return pc.binary_join_element_wise(f"synth-{county_code}-{letter}-", numbers, "")


def _plain(array) -> pa.Array:
    """One contiguous array: pa.array of a large numpy bytes array comes back chunked, and every
    DictionaryArray built on a chunked dictionary would copy it again."""
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


class Keys:
    """Dictionaries of person, staff and unit keys shared by all tables."""

    def __init__(self, g) -> None:
        keys = person_keys(g.params.seed, g.params.county_code, g.n_persons)
        self.person = _plain(pa.array(keys).cast(STR))
        self.staff = pa.array(list(g.staffing.staff["hsa_id"]), STR)
        self.unit = pa.array(list(g.org.units["hsa_id"]), STR)
        self.municipality = pa.array(list(g.county.codes), STR)


def build_tables(g) -> dict[str, pa.Table]:
    k = Keys(g)
    p, u, s = g.persons, g.org.units, g.staffing.staff
    tables = {
        "persons": pa.table(
            [
                coded(np.arange(g.n_persons), k.person),
                coded(p["sex"], ["F", "M"]),
                dates(p["birth_day"]),
                coded(p["municipality"], k.municipality),
                coded(state_at_end(p, g.living), STATES),
                dates(p["death_day"], open_end=True),
            ],
            names=SCHEMAS["persons"].names,
        ),
        "units": pa.table(
            [
                k.unit,
                pa.array(list(u["kind"]), STR),
                pa.array(list(u["name"]), STR),
                coded(u["municipality"], k.municipality),
                pa.array(list(u["subarea"]), STR),
                pa.array([g.org.principals[i]["kind"] for i in u["principal"]], STR),
                pa.array([g.org.providers[i]["ownership"] for i in u["provider"]], STR),
            ],
            names=SCHEMAS["units"].names,
        ),
        "staff": pa.table(
            [
                k.staff,
                pa.array(list(s["profession"]), STR),
                pa.array([x or None for x in s["grade"]], STR),
                pa.array(s["fte"], F64),
            ],
            names=SCHEMAS["staff"].names,
        ),
    }
    tables.update(_activity_tables(g, k))
    tables.update(_optional_tables(g, k))
    tables.update(_sip_tables(g, k))
    tables.update(discharge.arrow_tables(g, k))
    tables.update(home_tables.arrow_tables(g, k))
    tables.update(deviations.arrow_tables(g, k, discharge.generate(g)[0]))
    return tables


def _sip_tables(g, k: Keys) -> dict[str, pa.Table]:
    sp, sm = g.sips, g.sip_meetings
    plan_keys = source_ids(g.params.county_code, "s", len(sp["person"]))
    return {
        "sip_plans": pa.table(
            [
                plan_keys,
                coded(sp["person"], k.person),
                coded(sp["municipal"], ["region", "municipality"]),
                dates(sp["initiated"]),
                coded(sp["stage"], SIP_STAGES),
                dates(sp["finalised"], True),
                dates(sp["followup"], True),
                dates(sp["followed_up"], True),
                dates(sp["closed"], True),
                pa.array(sp["own_goals"], BOOL),
                coded(sp["unit"], k.unit),
            ],
            names=SCHEMAS["sip_plans"].names,
        ),
        "sip_meetings": pa.table(
            [
                coded(sm["plan"], plan_keys),
                dates(sm["day"]),
                coded(sm["mode"], SIP_MODES),
                pa.array(sm["held"], BOOL),
            ],
            names=SCHEMAS["sip_meetings"].names,
        ),
    }


def _activity_tables(g, k: Keys) -> dict[str, pa.Table]:
    ls, nc, v, ed, ep = g.listings, g.named, g.visits, g.ed_visits, g.episodes
    cr, pcall = g.care_requests, g.phone_calls
    roles = ("named_doctor", "named_care_contact", "named_social_care_contact")
    open_dis = ep["dis"] == OPEN
    return {
        "listings": pa.table(
            [
                coded(ls["person"], k.person),
                coded(ls["unit"], k.unit),
                dates(ls["valid_from"]),
                dates(ls["valid_to"], True),
                coded(ls["active_choice"], ["automatic", "active_choice"]),
            ],
            names=SCHEMAS["listings"].names,
        ),
        "named_contacts": pa.table(
            [
                coded(nc["person"], k.person),
                coded(nc["role"], roles),
                coded(nc["staff"], k.staff),
                coded(nc["unit"], k.unit),
                dates(nc["valid_from"]),
                dates(nc["valid_to"], True),
            ],
            names=SCHEMAS["named_contacts"].names,
        ),
        "visits": pa.table(
            [
                coded(v["person"], k.person),
                coded(v["staff"], k.staff),
                coded(v["unit"], k.unit),
                coded(v["profession"], PROFESSIONS),
                coded(v["specialist"], ["primary", "specialist"]),
                coded(v["form"], config.FORMS),
                dates(v["day"]),
            ],
            names=SCHEMAS["visits"].names,
        ),
        "ed_visits": pa.table(
            [
                coded(ed["person"], k.person),
                coded(ed["unit"], k.unit),
                moments(ed["arrival"]),
            ],
            names=SCHEMAS["ed_visits"].names,
        ),
        "episodes": pa.table(
            [
                source_ids(g.params.county_code, "i", len(ep["person"])),
                coded(ep["person"], k.person),
                coded(ep["unit"], k.unit),
                moments(ep["adm"]),
                moments(ep["dis"], open_dis),
                coded(~ep["acute"], ["acute", "planned"]),
                coded(ep["psychiatric"], ["somatic", "psychiatric"]),
                coded(ep["diagnosis"], pa.array(list(ep["codes"]), STR)),
                moments(ep["ready"], ep["ready"] == OPEN),
                coded(np.maximum(ep["destination"], 0), DESTINATIONS, ep["destination"] < 0),
            ],
            names=SCHEMAS["episodes"].names,
        ),
        "care_requests": pa.table(
            [
                coded(cr["person"], k.person),
                coded(cr["unit"], k.unit),
                dates(cr["received"]),
                coded(cr["reason"], [r for r, _ in config.CARE_REQUEST_REASONS]),
                dates(np.where(cr["assessed"] < 0, NEVER, cr["assessed"]), True),
                coded(cr["profession"], PROFESSIONS),
            ],
            names=SCHEMAS["care_requests"].names,
        ),
        "phone_calls": pa.table(
            [
                coded(pcall["unit"], k.unit),
                moments(pcall["moment"]),
                pa.array(pcall["answered"]),
            ],
            names=SCHEMAS["phone_calls"].names,
        ),
    }


def _optional_tables(g, k: Keys) -> dict[str, pa.Table]:
    r, lv, c = g.residences, g.living, g.county
    posts = g.staffing.posts
    has_second = posts["holder2"] >= 0
    first_to = np.where(has_second, posts["switch_day"], NEVER)
    staff = np.r_[posts["holder1"], posts["holder2"][has_second]]
    unit = np.r_[posts["unit"], posts["unit"][has_second]]
    return {
        "residence_history": pa.table(
            [
                coded(r["person"], k.person),
                coded(r["municipality"], k.municipality),
                dates(r["valid_from"]),
                dates(r["valid_to"], True),
            ],
            names=SCHEMAS["residence_history"].names,
        ),
        "staff_assignments": pa.table(
            [
                coded(staff, k.staff),
                coded(unit, k.unit),
                pa.array(np.r_[posts["fte"], posts["fte"][has_second]].astype(float), F64),
                dates(np.r_[posts["from_day"], posts["switch_day"][has_second] + 1]),
                dates(np.r_[first_to, np.full(has_second.sum(), NEVER)], True),
            ],
            names=SCHEMAS["staff_assignments"].names,
        ),
        "areas": pa.table(
            [
                k.municipality,
                pa.array(list(c.names), STR),
                pa.array([c.code] * c.n, STR),
                pa.array(list(c.subarea), STR),
                pa.array(c.population, I64),
                pa.array(c.population_year, I64),
            ],
            names=SCHEMAS["areas"].names,
        ),
        "living_situation_history": pa.table(
            [
                coded(lv["person"], k.person),
                coded(lv["state"], STATES),
                dates(lv["valid_from"]),
                dates(lv["valid_to"], True),
            ],
            names=SCHEMAS["living_situation_history"].names,
        ),
    }


def logical_type(kind: pa.DataType) -> pa.DataType:
    return kind.value_type if pa.types.is_dictionary(kind) else kind


def with_schema(table: pa.Table, name: str) -> pa.Table:
    """Attach the contract's nullability to the table (types are already right)."""
    fields = [
        pa.field(f.name, table.schema.field(f.name).type, nullable=f.nullable)
        for f in SCHEMAS[name]
    ]
    return pa.Table.from_arrays(table.columns, schema=pa.schema(fields))
