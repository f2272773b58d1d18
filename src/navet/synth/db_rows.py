"""The generated county as rows of the operational models (Arrow tables keyed by field attname).

Foreign keys are given as offsets into the generated arrays; `loader` adds the primary-key bases.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from navet.synth import config
from navet.synth.details import unit_contact_details
from navet.synth.hospital import DESTINATIONS, OPEN
from navet.synth.identities import KIND_NAMES
from navet.synth.living import NURSING, SHORT
from navet.synth.staffing import PROFESSIONS
from navet.synth.tables import source_ids
from navet.synth.timeutil import NEVER, stockholm_to_utc

TS = pa.timestamp("s", tz="UTC")
ROLES = ("named_doctor", "named_care_contact", "named_social_care_contact")


def strings(values) -> pa.Array:
    return pa.array(list(values), pa.string())


def lookup_strings(codes: np.ndarray, vocabulary) -> pa.Array:
    dictionary = pa.array(list(vocabulary), pa.string())
    return dictionary.take(pa.array(np.asarray(codes, dtype=np.int64)))


def days(values: np.ndarray, open_end: bool = True) -> pa.Array:
    values = np.asarray(values, dtype=np.int64)
    null = values >= NEVER if open_end else None
    real = values[values < NEVER]
    if len(real) and (real.min() < -60_000 or real.max() > 40_000):  # 1805 … 2079
        raise ValueError(f"day number out of range: {real.min()} … {real.max()}")
    return pa.array(
        np.where(values >= NEVER, 0, values).astype("datetime64[D]"), pa.date32(), mask=null
    )


def moments(local: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    local = np.asarray(local, dtype=np.int64)
    utc = stockholm_to_utc(np.where(null, 0, local) if null is not None else local)
    return pa.array(utc.astype("datetime64[s]"), TS, mask=null)


def ints(values) -> pa.Array:
    return pa.array(np.asarray(values, dtype=np.int64))


def organisation_rows(g) -> dict[str, dict]:
    u, s, posts = g.org.units, g.staffing.staff, g.staffing.posts
    has_second = posts["holder2"] >= 0
    phones, addresses = unit_contact_details(g.org, g.county)
    return {
        "units": {
            "hsa_id": strings(u["hsa_id"]),
            "name": strings(u["name"]),
            "kind": strings(u["kind"]),
            "hospital": strings(u["hospital"]),
            "phone": strings(phones),
            "address": strings(addresses),
        },
        "staff": {
            "hsa_id": strings(s["hsa_id"]),
            "given_name": strings(s["given_name"]),
            "family_name": strings(s["family_name"]),
            "profession": strings(s["profession"]),
            "licensed": pa.array(s["licensed"]),
            "licence_number": strings([""] * len(s["hsa_id"])),
            "doctor_grade": strings(s["grade"]),
            "specialty": strings(s["specialty"]),
        },
        "assignments": {
            "staff": ints(np.r_[posts["holder1"], posts["holder2"][has_second]]),
            "unit": ints(np.r_[posts["unit"], posts["unit"][has_second]]),
            "role": strings(np.r_[posts["role"], posts["role"][has_second]]),
            "fte": pa.array(np.r_[posts["fte"], posts["fte"][has_second]].astype(float)),
            "valid_from": days(np.r_[posts["from_day"], posts["switch_day"][has_second] + 1]),
            "valid_to": days(
                np.r_[
                    np.where(has_second, posts["switch_day"], NEVER),
                    np.full(has_second.sum(), NEVER),
                ]
            ),
        },
    }


def person_rows(g) -> dict[str, dict]:
    p, d = g.persons, g.details
    r, a, hc, rel = g.residences, d["addresses"], g.home_care, d["relatives"]
    lv = _living_rows(g)
    names = np.char.add(np.char.add(d["given_name"].astype(str), " "), d["family_name"].astype(str))
    return {
        "persons": {
            "identifier": strings(p["identifier"]),
            "identifier_kind": lookup_strings(p["identifier_kind"], KIND_NAMES),
            "given_name": strings(d["given_name"]),
            "family_name": strings(d["family_name"]),
            "sex": lookup_strings(p["sex"], ("F", "M")),
            "birth_date": days(p["birth_day"]),
            "protected_identity": pa.array(d["protected"]),
            "death_date": days(p["death_day"]),
        },
        "residences": {
            "person": ints(r["person"]),
            "municipality": ints(r["municipality"]),
            "street_address": strings(a["street"]),
            "postal_code": strings(a["postal_code"]),
            "city": strings(a["city"]),
            "valid_from": days(r["valid_from"]),
            "valid_to": days(r["valid_to"]),
        },
        "living": lv,
        "home_care": {
            "person": ints(hc["person"]),
            "unit": ints(hc["unit"]),
            "hours_per_month": ints(hc["hours"]),
            "valid_from": days(hc["valid_from"]),
            "valid_to": days(hc["valid_to"]),
        },
        "relatives": {
            "person": ints(rel["person"]),
            "related_person": ints(rel["related"]),
            "name": strings(names[rel["related"]]),
            "relation": strings(rel["relation"]),
            "is_guardian": pa.array(rel["is_guardian"]),
            "phone": strings(rel["phone"]),
            "valid_from": days(rel["valid_from"]),
            "valid_to": days(rel["valid_to"]),
        },
    }


def _living_rows(g) -> dict:
    """LivingSituation rows: own home (with or without home care), nursing home, short stay."""
    seg, p = g.living, g.persons
    kind = np.where(seg["state"] == NURSING, 1, np.where(seg["state"] == SHORT, 2, 0))
    person = seg["person"]
    # Own home and home care are both "own_home" here (home care is a separate HomeCare row).
    same = np.r_[False, (person[1:] == person[:-1]) & (kind[1:] == kind[:-1])]
    start = np.flatnonzero(~same)
    end = np.r_[start[1:] - 1, len(person) - 1]
    kind, person = kind[start], person[start]
    unit = np.where(kind > 0, p["nursing_home_unit"][person], -1)
    return {
        "person": ints(person),
        "kind": lookup_strings(kind, ("own_home", "nursing_home", "short_term_stay")),
        "unit": pa.array(unit, mask=unit < 0),
        "valid_from": days(seg["valid_from"][start]),
        "valid_to": days(seg["valid_to"][end]),
    }


def contact_rows(g) -> dict[str, dict]:
    ls, nc = g.listings, g.named
    heads = g.staffing.posts
    is_head = heads["role"] == "unit_head"
    head_of_unit = np.full(g.org.n_units, -1)
    head_of_unit[heads["unit"][is_head]] = heads["holder1"][is_head]
    appointed = head_of_unit[nc["unit"]]
    return {
        "listings": {
            "person": ints(ls["person"]),
            "unit": ints(ls["unit"]),
            "origin": lookup_strings(ls["active_choice"], ("automatic", "active_choice")),
            "valid_from": days(ls["valid_from"]),
            "valid_to": days(ls["valid_to"]),
        },
        "named_contacts": {
            "person": ints(nc["person"]),
            "role": lookup_strings(nc["role"], ROLES),
            "staff": ints(nc["staff"]),
            "unit": ints(nc["unit"]),
            "appointed_by": pa.array(appointed, mask=appointed < 0),
            "reason": strings([""] * len(nc["person"])),
            "valid_from": days(nc["valid_from"]),
            "valid_to": days(nc["valid_to"]),
        },
    }


def activity_rows(g) -> dict[str, dict]:
    v, ed, ep, cr, pc_ = g.visits, g.ed_visits, g.episodes, g.care_requests, g.phone_calls
    code = g.params.county_code
    open_dis = ep["dis"] == OPEN
    return {
        "visits": {
            "source_id": source_ids(code, "v", len(v["person"])),
            "person": ints(v["person"]),
            "staff": ints(v["staff"]),
            "unit": ints(v["unit"]),
            "profession": lookup_strings(v["profession"], PROFESSIONS),
            "care_level": lookup_strings(v["specialist"], ("primary", "specialist")),
            "form": lookup_strings(v["form"], config.FORMS),
            "visit_date": days(v["day"]),
        },
        "ed_visits": {
            "source_id": source_ids(code, "e", len(ed["person"])),
            "person": ints(ed["person"]),
            "unit": ints(ed["unit"]),
            "arrival_time": moments(ed["arrival"]),
            "departure_time": moments(ed["departure"]),
        },
        "episodes": {
            "source_id": source_ids(code, "i", len(ep["person"])),
            "person": ints(ep["person"]),
            "unit": ints(ep["unit"]),
            "admission_time": moments(ep["adm"]),
            "discharge_time": moments(ep["dis"], open_dis),
            "admission_type": lookup_strings(~ep["acute"], ("acute", "planned")),
            "care_type": lookup_strings(ep["psychiatric"], ("somatic", "psychiatric")),
            "main_diagnosis": lookup_strings(ep["diagnosis"], ep["codes"]),
            "ready_time": moments(ep["ready"], ep["ready"] == OPEN),
            "discharge_destination": lookup_strings(ep["destination"] + 1, ("", *DESTINATIONS)),
        },
        "care_requests": {
            "source_id": source_ids(code, "c", len(cr["person"])),
            "person": ints(cr["person"]),
            "unit": ints(cr["unit"]),
            "received_date": days(cr["received"]),
            "reason_class": lookup_strings(
                cr["reason"], [r for r, _ in config.CARE_REQUEST_REASONS]
            ),
            "first_assessment_date": days(np.where(cr["assessed"] < 0, NEVER, cr["assessed"])),
            "profession": lookup_strings(cr["profession"], PROFESSIONS),
        },
        "phone_calls": {
            "source_id": source_ids(code, "p", len(pc_["unit"])),
            "unit": ints(pc_["unit"]),
            "received_time": moments(pc_["moment"]),
            "answered_same_day": pa.array(pc_["answered"]),
        },
    }
