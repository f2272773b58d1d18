"""Synthetic shared deviations (avvikelser, navet.deviations): the snapshot table `deviations`
and the columns the database loader turns into rows.

Rates (assumptions, not measured; see docs/deviations.md "Synthetic deviations"): about 3 % of
the discharges that ran through the notice process give a deviation — four in five reported by
the municipality's home health care against the ward, the rest by the ward against the home
health care; about 2 % of SIPs give one against the coordinating unit, reported by the other
principal; and about one deviation a month per 10 000 residents concerns a routine and no
person. Severity is mostly no or mild harm; about one in ten is serious or a risk of it, and
of those 40 % go on to a lex Maria assessment. Reception within days, closing within weeks;
whatever would end after the history's end is still open.

Everything comes from its own random stream: no other table changes.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from navet.synth.hospital import OPEN
from navet.synth.population import municipality_on
from navet.synth.rng import stream
from navet.synth.timeutil import DAY, HOUR

CATEGORIES = (
    "medication",
    "information",
    "discharge",
    "fall",
    "care",
    "equipment",
    "conduct",
    "other",
)
SEVERITIES = ("none", "mild", "moderate", "severe", "risk_severe")
STATUSES = ("reported", "received", "investigating", "closed")
CASE_KINDS = ("", "stay", "sip")
PRINCIPALS = ("region", "municipality")
DEVIATION_VOCABULARIES = {
    ("deviations", "severity"): set(SEVERITIES),
    ("deviations", "status"): set(STATUSES),
    ("deviations", "reporting_principal"): set(PRINCIPALS),
    ("deviations", "responsible_principal"): set(PRINCIPALS),
    ("deviations", "case_kind"): {"stay", "sip", "mobile_request", "monitoring_alert"},
    ("deviations", "escalation"): {"lex_maria", "lex_sarah"},
}

STAY_RATE, SIP_RATE, ROUTINE_PER_10000_MONTH = 0.03, 0.02, 1.0
SEVERITY_P = (0.35, 0.35, 0.20, 0.03, 0.07)
STAY_CATEGORY_P = (0.20, 0.30, 0.45, 0, 0, 0, 0, 0.05)
SIP_CATEGORY_P = (0, 0.50, 0, 0, 0.30, 0, 0.05, 0.15)
ROUTINE_CATEGORY_P = (0.25, 0.10, 0, 0.25, 0.10, 0.20, 0.05, 0.05)


def _unit_of_kind(g, kind: str) -> np.ndarray:
    """Per municipality code index: its first unit of `kind`, or -1."""
    units = g.org.units
    found = np.full(len(g.county.codes), -1, dtype=np.int64)
    idx = np.flatnonzero(units["kind"] == kind)[::-1]
    found[units["municipality"][idx]] = idx
    return found


def generate(g, stays: dict) -> dict[str, np.ndarray]:
    """Columns of the generated deviations; `stays` is navet.synth.discharge.generate's first
    value (the loader links a deviation to the stay row of the same index). Moments in local
    seconds, OPEN (-1) = none; person/case -1 = none."""
    rng = stream(g.params.seed, g.params.county_code, "deviations")
    end = (g.window.end + 1) * DAY
    home_health = _unit_of_kind(g, "home_health_care")
    parts = []

    # Discharges: against the ward, or (one in five) by the ward against the home health care.
    closed = np.flatnonzero(stays["dis"] != OPEN)
    picked = closed[rng.random(len(closed)) < STAY_RATE]
    municipal = home_health[
        municipality_on(g.persons, stays["person"][picked], stays["dis"][picked] // DAY)
    ]
    picked, municipal = picked[municipal >= 0], municipal[municipal >= 0]
    ward = stays["unit"][picked]
    by_ward = rng.random(len(picked)) < 0.2
    parts.append(
        {
            "person": stays["person"][picked],
            "case_kind": np.full(len(picked), 1),
            "case": picked,
            "category": rng.choice(len(CATEGORIES), len(picked), p=STAY_CATEGORY_P),
            "reporter": np.where(by_ward, ward, municipal),
            "responsible": np.where(by_ward, municipal, ward),
            "occurred": stays["dis"][picked]
            + (rng.uniform(0, 72, len(picked)) * HOUR).astype(np.int64),
        }
    )

    # SIPs: against the coordinating unit, by the other principal's unit in the municipality.
    sp = g.sips
    n_sips = len(sp["person"])
    picked = np.flatnonzero(rng.random(n_sips) < SIP_RATE)
    coordinator = sp["unit"][picked]
    municipality = municipality_on(g.persons, sp["person"][picked], sp["initiated"][picked])
    region_centre = _listing_unit(g, sp["person"][picked], sp["initiated"][picked])
    reporter = np.where(sp["municipal"][picked], region_centre, home_health[municipality])
    keep = reporter >= 0
    picked, coordinator, reporter = picked[keep], coordinator[keep], reporter[keep]
    parts.append(
        {
            "person": sp["person"][picked],
            "case_kind": np.full(len(picked), 2),
            "case": picked,
            "category": rng.choice(len(CATEGORIES), len(picked), p=SIP_CATEGORY_P),
            "reporter": reporter,
            "responsible": coordinator,
            "occurred": (sp["initiated"][picked] + rng.integers(1, 60, len(picked))) * DAY
            + (rng.uniform(8, 17, len(picked)) * HOUR).astype(np.int64),
        }
    )

    # Routines without a person: home care against a health centre of the same municipality.
    months = g.params.years * 12
    n = rng.poisson(g.n_persons / 10000 * ROUTINE_PER_10000_MONTH * months)
    home_care = _unit_of_kind(g, "home_care")
    centre = _unit_of_kind(g, "health_centre")
    both = np.flatnonzero((home_care >= 0) & (centre >= 0))
    if len(both) and n:
        m = rng.choice(both, n)
        parts.append(
            {
                "person": np.full(n, -1),
                "case_kind": np.zeros(n, dtype=np.int64),
                "case": np.full(n, -1),
                "category": rng.choice(len(CATEGORIES), n, p=ROUTINE_CATEGORY_P),
                "reporter": home_care[m],
                "responsible": centre[m],
                "occurred": rng.integers(g.window.start * DAY, end, n),
            }
        )
    d = {key: np.concatenate([p[key] for p in parts]).astype(np.int64) for key in parts[0]}
    total = len(d["person"])
    d["severity"] = rng.choice(len(SEVERITIES), total, p=SEVERITY_P)
    serious = d["severity"] >= 3
    d["escalated"] = serious & (rng.random(total) < 0.4)
    d["reported"] = d["occurred"] + (rng.exponential(20, total) * HOUR).astype(np.int64)
    received = d["reported"] + (rng.exponential(48, total) * HOUR).astype(np.int64)
    closes = received + (rng.lognormal(np.log(20), 0.6, total) * DAY).astype(np.int64)
    keep = d["reported"] < end
    d = {key: value[keep] for key, value in d.items()}
    received, closes = received[keep], closes[keep]
    d["received"] = np.where(received < end, received, OPEN)
    d["closed"] = np.where(closes < end, closes, OPEN)
    d["status"] = np.where(d["closed"] != OPEN, 3, np.where(d["received"] != OPEN, 2, 0))
    order = np.argsort(d["reported"], kind="stable")
    return {key: value[order] for key, value in d.items()}


def _hours(hours: np.ndarray) -> np.ndarray:
    return (hours * HOUR).astype(np.int64)


def _listing_unit(g, person: np.ndarray, day: np.ndarray) -> np.ndarray:
    from navet.synth.listing import lookup

    ls = g.listings
    found = lookup(ls["person"], ls["valid_from"], ls["valid_to"], person, day)
    return np.where(found >= 0, ls["unit"][np.maximum(found, 0)], -1)


def arrow_tables(g, k, stays: dict) -> dict[str, pa.Table]:
    from navet.synth.tables import I64, SCHEMAS, coded, moments, source_ids

    d = generate(g, stays)
    n = len(d["person"])
    principal = np.array(
        [g.org.principals[i]["kind"] == "municipality" for i in g.org.units["principal"]]
    )
    no_person = d["person"] < 0
    return {
        "deviations": pa.table(
            [
                source_ids(g.params.county_code, "d", n),
                coded(np.maximum(d["person"], 0), k.person, no_person),
                coded(d["category"], CATEGORIES),
                coded(d["severity"], SEVERITIES),
                coded(principal[d["reporter"]].astype(np.int64), PRINCIPALS),
                coded(d["reporter"], k.unit),
                coded(principal[d["responsible"]].astype(np.int64), PRINCIPALS),
                coded(d["responsible"], k.unit),
                coded(d["case_kind"], CASE_KINDS, d["case_kind"] == 0),
                moments(d["occurred"]),
                moments(d["reported"]),
                moments(d["received"], d["received"] == OPEN),
                moments(d["closed"], d["closed"] == OPEN),
                coded(d["status"], STATUSES),
                coded(np.zeros(n, dtype=np.int64), ["lex_maria"], ~d["escalated"]),
                pa.array(np.zeros(n, dtype=np.int64), I64),
            ],
            names=SCHEMAS["deviations"].names,
        )
    }
