"""The care-at-home tables of the snapshot contract (optional tables, declared in
navet.followup.contract_home, docs/snapshot.md): mobile-team requests and visits, consultations,
reception requests and home monitoring, as the generator writes them. `./navet snapshot` writes
the same tables from the database (the apps' snapshot modules).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from navet.monitoring.measures import MEASURES
from navet.synth import config, home_mobile, home_monitoring, home_remote
from navet.synth.home_common import NONE

HOME_VOCABULARIES = {
    ("mobile_requests", "channel"): set(home_mobile.CHANNELS),
    ("mobile_requests", "urgency"): set(home_mobile.URGENCIES),
    ("mobile_requests", "triage"): set(home_mobile.TRIAGES),
    ("mobile_requests", "status"): set(home_mobile.STATUSES),
    ("mobile_visits", "outcome"): set(home_mobile.OUTCOMES),
    ("consultations", "target"): {"health_centre", "on_call"},
    ("consultations", "urgency"): set(home_remote.URGENCIES),
    ("consultations", "status"): set(home_remote.CONSULTATION_STATUSES),
    ("monitoring_measurements", "measure"): set(MEASURES),
    ("monitoring_measurements", "source"): {"form", "device"},
    ("monitoring_alerts", "measure"): set(MEASURES),
    ("reception_requests", "channel"): {"chat", "video"},
    ("reception_requests", "status"): set(home_remote.RECEPTION_STATUSES),
    ("reception_requests", "reason_class"): {r for r, _ in config.CARE_REQUEST_REASONS},
}


def data(g) -> dict:
    """Everything generated for care at home, computed once per generated county (kept on it:
    the Parquet tables and the database rows use the same arrays)."""
    cached = getattr(g, "_home", None)
    if cached is None:
        cached = {
            "mobile": home_mobile.generate(g),
            "consultations": home_remote.consultations(g),
            "reception": home_remote.reception(g),
            "monitoring": home_monitoring.generate(g),
        }
        g._home = cached
    return cached


def _null(moments: np.ndarray) -> np.ndarray:
    return moments == NONE


def arrow_tables(g, k) -> dict[str, pa.Table]:
    # Imported here: tables.py imports this module for its vocabularies.
    from navet.synth.tables import BOOL, F64, I64, SCHEMAS, coded, moments, source_ids

    home, code = data(g), g.params.county_code
    mr = home["mobile"]
    request_keys = source_ids(code, "mr", len(mr["person"]))
    visited = np.flatnonzero(mr["visit"] != NONE)
    ed7, adm7, known = home_mobile.seven_day_outcome(g, mr)
    c, r = home["consultations"], home["reception"]
    mo = home["monitoring"]
    en, mv, al = mo["enrolments"], mo["measurements"], mo["alerts"]
    enrolment_keys = source_ids(code, "me", len(en["person"]))
    measure_codes = [MEASURES[m].code for m in home_monitoring.MEASURE_KEYS]
    # A dictionary must not repeat a value (tables.coded): one entry per distinct unit.
    ucum = sorted({MEASURES[m].unit for m in home_monitoring.MEASURE_KEYS})
    unit_of = np.array([ucum.index(MEASURES[m].unit) for m in home_monitoring.MEASURE_KEYS])
    alerted = al["measurement"]
    tables = {
        "mobile_requests": [
            request_keys,
            coded(mr["person"], k.person),
            coded(mr["team"], k.unit),
            coded(mr["channel"], home_mobile.CHANNELS),
            coded(np.maximum(mr["from_unit"], 0), k.unit, mr["from_unit"] < 0),
            coded(mr["urgency"], home_mobile.URGENCIES),
            moments(mr["received"]),
            coded(np.maximum(mr["triage"], 0), home_mobile.TRIAGES, mr["triage"] < 0),
            moments(mr["triaged"], _null(mr["triaged"])),
            moments(mr["planned"], _null(mr["planned"])),
            coded(mr["status"], home_mobile.STATUSES),
        ],
        "mobile_visits": [
            request_keys.take(pa.array(visited)),
            coded(mr["person"][visited], k.person),
            coded(mr["team"][visited], k.unit),
            moments(mr["visit"][visited]),
            coded(mr["outcome"][visited], home_mobile.OUTCOMES),
            pa.array(ed7[visited], mask=~known[visited]),
            pa.array(adm7[visited], mask=~known[visited]),
        ],
        "consultations": [
            source_ids(code, "rc", len(c["person"])),
            coded(c["person"], k.person),
            coded(c["asking_unit"], k.unit),
            coded(c["to_unit"], k.unit),
            coded(np.zeros(len(c["person"]), int), ["health_centre"]),
            coded(c["urgency"], home_remote.URGENCIES),
            moments(c["created"]),
            moments(c["due"]),
            moments(c["picked"], _null(c["picked"])),
            moments(c["answered"], _null(c["answered"])),
            moments(c["escalated"], _null(c["escalated"])),
            coded(c["status"], home_remote.CONSULTATION_STATUSES),
            pa.array(c["visit_needed"], BOOL),
        ],
        "reception_requests": [
            coded(r["person"], k.person),
            coded(r["unit"], k.unit),
            moments(r["created"]),
            moments(r["assessed"], _null(r["assessed"])),
            coded(r["reason"], [x for x, _ in config.CARE_REQUEST_REASONS]),
            pa.array(r["urgency"], I64),
            coded(r["video"], ["chat", "video"]),
            coded(r["status"], home_remote.RECEPTION_STATUSES),
        ],
        "monitoring_enrolments": [
            enrolment_keys,
            coded(en["person"], k.person),
            coded(en["unit"], k.unit),
            moments(en["start"]),
            moments(en["ended"], _null(en["ended"])),
        ],
        "monitoring_measurements": [
            enrolment_keys.take(pa.array(mv["enrolment"])),
            coded(en["person"][mv["enrolment"]], k.person),
            coded(mv["measure"], home_monitoring.MEASURE_KEYS),
            coded(mv["measure"], measure_codes),
            coded(unit_of[mv["measure"]], ucum),
            pa.array(mv["value"], F64),
            moments(mv["moment"]),
            coded(mv["device"], ["form", "device"]),
        ],
        "monitoring_alerts": [
            enrolment_keys.take(pa.array(mv["enrolment"][alerted])),
            coded(en["person"][mv["enrolment"][alerted]], k.person),
            coded(en["unit"][mv["enrolment"][alerted]], k.unit),
            coded(mv["measure"][alerted], home_monitoring.MEASURE_KEYS),
            coded(mv["measure"][alerted], measure_codes),
            pa.array(mv["value"][alerted], F64),
            moments(al["raised"]),
            moments(al["acknowledged"], _null(al["acknowledged"])),
        ],
    }
    return {name: pa.table(columns, names=SCHEMAS[name].names) for name, columns in tables.items()}
