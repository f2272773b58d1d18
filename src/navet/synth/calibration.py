"""Quick indicator figures computed on a generated county, to check calibration.

These are simplified versions of the research definitions (indicators.md §2), enough to see that
the synthetic data land near the national figures. Used by the realism tests and the benchmark.
"""

from __future__ import annotations

import numpy as np

from navet.synth import config
from navet.synth.hospital import DECEASED, OPEN, OTHER_WARD
from navet.synth.listing import lookup
from navet.synth.staffing import PROF
from navet.synth.timeutil import DAY, NEVER


def _coc(person: np.ndarray, staff: np.ndarray) -> np.ndarray:
    """Bice–Boxerman COC per person with ≥ 2 visits."""
    width = int(staff.max()) + 1 if len(staff) else 1
    pairs, counts = np.unique(person.astype(np.int64) * width + staff, return_counts=True)
    owner = pairs // width
    n = np.bincount(owner, weights=counts.astype(float))
    sq = np.bincount(owner, weights=counts.astype(float) ** 2)
    ok = n >= 2
    return (sq[ok] - n[ok]) / (n[ok] * (n[ok] - 1.0))


def indicators(g) -> dict[str, float]:
    p, w = g.persons, g.window
    alive = p["death_day"] == NEVER
    age = p["age_end"]
    lo = np.maximum(p["present_from"], w.start)
    person_years = np.maximum(p["present_to"] - lo + 1, 0).sum() / 365.25
    band = config.age_band(age[alive])
    out = {f"age_share_{k}": float((band == k).mean()) for k in range(4)}
    out["deaths_per_year"] = float((~alive).sum() / w.years / alive.sum())
    everyone = np.arange(len(age))
    listed_row = lookup(
        g.listings["person"],
        g.listings["valid_from"],
        g.listings["valid_to"],
        everyone[alive],
        np.full(alive.sum(), w.end),
    )
    out["listed_share"] = float((listed_row >= 0).mean())
    nd = g.named["role"] == 0
    has_nd = (
        lookup(
            g.named["person"][nd],
            g.named["valid_from"][nd],
            g.named["valid_to"][nd],
            everyone[alive],
            np.full(alive.sum(), w.end),
        )
        >= 0
    )
    out["named_doctor_share_of_listed"] = float(has_nd[listed_row >= 0].mean())
    out["named_doctor_share_65"] = float(has_nd[(listed_row >= 0) & (age[alive] >= 65)].mean())
    v = g.visits
    primary = ~v["specialist"]
    out["primary_visits_per_person_year"] = float(primary.sum() / person_years)
    out["specialist_visits_per_person_year"] = float((~primary).sum() / person_years)
    doctor = primary & (v["profession"] == PROF["doctor"])
    out["doctor_share_primary"] = float(doctor.sum() / primary.sum())
    window18 = doctor & (v["day"] > w.end - 548)
    coc = _coc(v["person"][window18], v["staff"][window18])
    out["coc_mean"] = float(coc.mean())
    out["coc_share_07"] = float((coc >= 0.7).mean())
    out["form_shares"] = {
        f: float((v["form"][primary] == k).mean()) for k, f in enumerate(config.FORMS)
    }
    ed = g.ed_visits
    out["ed_per_1000"] = float(len(ed["person"]) / person_years * 1000)
    last12 = ed["arrival"] >= (w.end - 364) * DAY
    counts = np.bincount(ed["person"][last12])
    attenders = counts[counts > 0]
    out["ed_frequent_share"] = float((attenders >= 4).mean())
    out["ed_20plus_persons"] = int((attenders >= 20).sum())
    ep = g.episodes
    out["episodes_per_1000"] = float(len(ep["person"]) / person_years * 1000)
    ep_band = config.age_band(age[ep["person"]])
    for k in range(4):
        py = np.maximum(p["present_to"] - lo + 1, 0)[config.age_band(age) == k].sum() / 365.25
        out[f"episodes_per_1000_band{k}"] = float((ep_band == k).sum() / py * 1000)
    closed = ep["dis"] != OPEN
    los = (ep["dis"] - ep["adm"]) / DAY
    out["los_somatic"] = float(los[closed & ~ep["psychiatric"]].mean())
    out["los_psychiatric"] = float(los[closed & ep["psychiatric"]].mean())
    out["psychiatric_share"] = float(ep["psychiatric"].mean())
    out["acute_share"] = float(ep["acute"].mean())
    acsc = np.array([c.startswith(config.ACSC_PREFIXES) for c in ep["codes"]])[ep["diagnosis"]]
    out["acsc_share"] = float(acsc.mean())
    out["transfer_share"] = float((ep["destination"] == OTHER_WARD).mean())
    out["readmission_30d_65"] = _readmissions(ep, age)
    ready = (ep["ready"] != OPEN) & closed
    days = ep["dis"][ready] // DAY - ep["ready"][ready] // DAY
    out["ready_episode_share"] = float(ready.mean())
    out["ready_days_mean_ge1"] = float(days[days >= 1].mean()) if (days >= 1).any() else 0.0
    out["ready_share_ge1"] = float((days >= 1).mean()) if len(days) else 0.0
    cr = g.care_requests
    assessed = cr["assessed"] >= 0
    out["assessment_within_3_days"] = float(
        ((cr["assessed"] - cr["received"])[assessed] <= 3).mean()
    )
    out["phone_answered_same_day"] = float(g.phone_calls["answered"].mean())
    end_state = np.zeros(len(age), dtype=np.int8)
    last = np.r_[g.living["person"][1:] != g.living["person"][:-1], True]
    end_state[g.living["person"][last]] = g.living["state"][last]
    old = alive & (age >= 65)
    out["nursing_home_share_65"] = float((end_state[old] == 2).mean())
    out["home_care_share_65_own_home"] = float(
        (end_state[old] == 1).sum() / np.isin(end_state[old], (0, 1)).sum()
    )
    s = g.staffing
    hc_doctor = (
        (s.posts["profession"] == "doctor")
        & (s.posts["role"] == "staff")
        & (g.org.units["kind"][s.posts["unit"]] == "health_centre")
    )
    out["listed_per_gp_fte"] = float((listed_row >= 0).sum() / s.posts["fte"][hc_doctor].sum())
    out["deceased_in_hospital_share"] = float(
        (ep["destination"] == DECEASED).sum() / max((~alive).sum(), 1)
    )
    if g.sips:
        active = (g.sips["closed"] == NEVER) & alive[g.sips["person"]]
        out["sip_active_per_1000"] = float(active.sum() / alive.sum() * 1000)
    return out


def _readmissions(ep: dict, age: np.ndarray) -> float:
    """Share of 65+ somatic discharges alive followed by an acute somatic admission in 30 days.

    Transfers (next admission within 24 h of an other_ward discharge) are merged first.
    """
    person, adm, dis = ep["person"], ep["adm"], ep["dis"]
    same_prev = np.r_[False, person[1:] == person[:-1]]
    continues = (
        same_prev
        & np.r_[False, ep["destination"][:-1] == OTHER_WARD]
        & (adm - np.r_[0, dis[:-1]] <= DAY)
    )
    chain = np.cumsum(~continues) - 1
    first = np.flatnonzero(~continues)
    last = np.r_[first[1:] - 1, len(person) - 1]
    c_person, c_adm = person[first], adm[first]
    c_dis, c_dest = dis[last], ep["destination"][last]
    c_acute = ep["acute"][first] & ~ep["psychiatric"][first]
    somatic = ~ep["psychiatric"][first]
    index = (age[c_person] >= 65) & somatic & (c_dis != OPEN) & (c_dest != DECEASED)
    nxt_same = np.r_[c_person[1:] == c_person[:-1], False]
    nxt_adm = np.r_[c_adm[1:], 0]
    nxt_acute = np.r_[c_acute[1:], False]
    readmitted = nxt_same & nxt_acute & (nxt_adm - c_dis <= 30 * DAY)
    del chain
    return float(readmitted[index].mean())
