"""Home monitoring (navet.monitoring) for the generated county: enrolments, thresholds, daily
measurement series, and the alerts the threshold breaches raised.

`ENROL_SHARE` of people 65+ with a chronic illness living at home are enrolled at some point in
the last `MAX_DAYS` days, by their health centre or (with home care, half of them) by the
municipality's home health care, in one of four programmes (`PROGRAMMES`: heart failure, COPD,
hypertension, diabetes). They measure on `ADHERENCE` of the days, in the morning. Each person has a
baseline per measure; the person's own thresholds start from the unit's defaults
(navet.monitoring.measures) and are widened where the person's baseline lies near them (the nurse
adjusts them), a heart-failure patient's weight limits are dry weight ± 2 kg, and half of the COPD
patients have SpO2 88 % as their own lower limit. Exacerbations (`EXACERBATIONS_PER_DAY`, 3–7 days)
shift the values and produce most of the alerts; a nurse acknowledges an alert hours later
(`ACK_MEDIAN_HOURS`), and the alerts of the end date are still open. Every health centre and home
health care unit has at least one person enrolled on the end date with an open alert.
"""

from __future__ import annotations

import numpy as np

from navet.monitoring.measures import MEASURES
from navet.synth.home_common import (
    NONE,
    alive_on,
    end_moment,
    listed_unit,
    lognormal_hours,
    staff_on,
    unit_per_municipality,
)
from navet.synth.population import municipality_on
from navet.synth.rng import categorical, stream
from navet.synth.timeutil import DAY, HOUR, NEVER

MEASURE_KEYS = tuple(MEASURES)
PROGRAMMES = {  # name → (measures, share)
    "heart_failure": (("weight", "bp_systolic", "bp_diastolic", "pulse", "symptom_score"), 0.35),
    "copd": (("spo2", "pulse", "symptom_score"), 0.25),
    "hypertension": (("bp_systolic", "bp_diastolic", "pulse"), 0.2),
    "diabetes": (("glucose", "weight"), 0.2),
}
REASONS = {
    "heart_failure": "Hjärtsvikt: vikt, blodtryck och symtom",
    "copd": "KOL: syremättnad och symtom",
    "hypertension": "Högt blodtryck",
    "diabetes": "Diabetes: blodsocker och vikt",
}
# measure → (population mean, between-person sd, day-to-day sd, shift in an exacerbation)
SERIES = {
    "bp_systolic": (138, 12, 7, 28),
    "bp_diastolic": (80, 7, 4, 12),
    "weight": (80, 14, 0.4, 2.8),
    "spo2": (94.5, 1.5, 1.0, -6),
    "pulse": (74, 8, 5, 24),
    "glucose": (8.0, 1.5, 1.4, 8),
    "symptom_score": (2, 1, 0.8, 5),
}
ENROL_SHARE = 0.025
MAX_DAYS = 365
ADHERENCE = 0.7
ENDED_SHARE = 0.3
DEVICE_SHARE = 0.5
EXACERBATIONS_PER_DAY = 1 / 80
ACK_MEDIAN_HOURS = 3.0


def generate(g) -> dict[str, dict]:
    rng = stream(g.params.seed, g.params.county_code, "monitoring")
    enrolments = _enrolments(g, rng)
    measures = _thresholds(rng, enrolments)
    measurements, alerts = _series(g, rng, enrolments, measures)
    return {
        "enrolments": enrolments,
        "measures": measures,
        "measurements": measurements,
        "alerts": alerts,
    }


def _enrolments(g, rng) -> dict:
    p, end = g.persons, int(g.window.end)
    first_day = max(int(g.window.start), end - MAX_DAYS)
    at_home = p["nursing_home_day"] > end
    pool = np.flatnonzero(p["chronic"] & (p["age_end"] >= 65) & at_home)
    person = pool[rng.random(len(pool)) < ENROL_SHARE]
    start = rng.integers(first_day, end - 13, len(person))
    person, start, guaranteed, chosen = _guarantee(g, rng, person, start)
    ok = alive_on(g, person, start)
    person, start, guaranteed, chosen = person[ok], start[ok], guaranteed[ok], chosen[ok]
    n = len(person)
    length = rng.integers(60, 300, n)
    last = np.where(rng.random(n) < ENDED_SHARE, start + length, NEVER)
    last = np.where(guaranteed >= 0, NEVER, np.minimum(last, p["death_day"][person]))
    last = np.where(last > end, NEVER, last)
    home_care = p["home_care_day"][person] <= start
    municipal = np.where(guaranteed < 0, home_care & (rng.random(n) < 0.5), guaranteed == 1)
    hhc = unit_per_municipality(g, "home_health_care")[municipality_on(p, person, start)]
    unit = np.where(chosen >= 0, chosen, np.where(municipal, hhc, listed_unit(g, person, start)))
    keep = unit >= 0
    programme = categorical(rng, [s for _, s in PROGRAMMES.values()], n).astype(np.int64)
    order = np.lexsort((person[keep], start[keep]))
    table = {
        "person": person[keep],
        "unit": unit[keep],
        "start": start[keep] * DAY + rng.integers(9 * HOUR, 15 * HOUR, n)[keep],
        "last_day": last[keep],
        "ended": np.where(last[keep] >= NEVER, NONE, last[keep] * DAY + 16 * HOUR),
        "programme": programme[keep],
        "guaranteed": guaranteed[keep] >= 0,
        "device": rng.random(n)[keep] < DEVICE_SHARE,
    }
    return {k: v[order] for k, v in table.items()}


def _guarantee(g, rng, person, start):
    """One enrolment running on the end date per health centre (someone 65+ at home listed
    there, chronically ill if anyone is) and per home health care unit (someone in its
    municipality, with home care if anyone has it) that has none; `guaranteed` is -1 for the
    drawn ones, 0 for a health centre's, 1 for home health care's; the last array is the unit
    (-1: drawn)."""
    p, end = g.persons, int(g.window.end)
    everyone = np.flatnonzero((p["age_end"] >= 65) & (p["nursing_home_day"] > end))
    everyone = everyone[alive_on(g, everyone, np.full(len(everyone), end))]
    everyone = everyone[~np.isin(everyone, person)]
    chronic = p["chronic"][everyone]
    listed = listed_unit(g, everyone, np.full(len(everyone), end))
    home_care = p["home_care_day"][everyone] <= end - 60
    extra, kinds, units = [], [], []
    for kind, code in (("health_centre", 0), ("home_health_care", 1)):
        for unit in g.org.of_kind(kind):
            if code == 0:
                here, best = listed == unit, chronic
            else:
                here = p["municipality"][everyone] == g.org.units["municipality"][unit]
                best = home_care
            preferred = here & best if (here & best).any() else here
            if preferred.any():
                extra.append(int(rng.choice(everyone[preferred])))
                kinds.append(code)
                units.append(int(unit))
    added = np.array(extra, np.int64)
    return (
        np.r_[person, added].astype(np.int64),
        np.r_[start, end - rng.integers(20, 60, len(added))].astype(np.int64),
        np.r_[np.full(len(person), -1), np.array(kinds, np.int64)],
        np.r_[np.full(len(person), -1), np.array(units, np.int64)],
    )


def _thresholds(rng, en: dict) -> dict:
    names = list(PROGRAMMES)
    enrolment, measure = [], []
    for i, programme in enumerate(en["programme"]):
        for key in PROGRAMMES[names[programme]][0]:
            enrolment.append(i)
            measure.append(MEASURE_KEYS.index(key))
    enrolment, measure = np.array(enrolment, np.int64), np.array(measure, np.int64)
    n = len(enrolment)
    mean, between, noise, _ = (np.array([SERIES[k][j] for k in MEASURE_KEYS]) for j in range(4))
    baseline = mean[measure] + rng.normal(0, 1, n) * between[measure]
    programme = en["programme"][enrolment]
    copd = programme == names.index("copd")
    baseline = np.where(copd & (measure == MEASURE_KEYS.index("spo2")), baseline - 2, baseline)
    baseline = np.where(measure == MEASURE_KEYS.index("symptom_score"), np.clip(baseline, 0, 4),
                        baseline)  # fmt: skip
    default_low = np.array([_f(MEASURES[k].low) for k in MEASURE_KEYS])[measure]
    default_high = np.array([_f(MEASURES[k].high) for k in MEASURE_KEYS])[measure]
    margin = 2.6 * noise[measure]
    low = np.where(np.isnan(default_low), np.nan, np.minimum(default_low, baseline - margin))
    high = np.where(np.isnan(default_high), np.nan, np.maximum(default_high, baseline + margin))
    weight = measure == MEASURE_KEYS.index("weight")
    heart = programme == names.index("heart_failure")
    low = np.where(weight & heart, baseline - 2, low)
    high = np.where(weight & heart, baseline + 2, high)
    spo2 = copd & (measure == MEASURE_KEYS.index("spo2")) & (rng.random(n) < 0.5)
    low = np.where(spo2, np.minimum(low, 88), low)
    decimals = np.array([MEASURES[k].decimals for k in MEASURE_KEYS])[measure]
    return {
        "enrolment": enrolment,
        "measure": measure,
        "baseline": baseline,
        "low": np.floor(low * 10**decimals) / 10**decimals,
        "high": np.ceil(high * 10**decimals) / 10**decimals,
    }


def _f(value) -> float:
    return np.nan if value is None else float(value)


def _series(g, rng, en: dict, ms: dict) -> tuple[dict, dict]:
    end = int(g.window.end)
    first = en["start"] // DAY + 1
    last = np.minimum(en["last_day"], end)
    days = np.maximum(last - first + 1, 0)
    # The day grid of every enrolment, then exacerbation flags on it.
    grid_enrolment = np.repeat(np.arange(len(days)), days)
    offset = np.r_[0, np.cumsum(days)]
    grid_day = first[grid_enrolment] + np.arange(len(grid_enrolment)) - offset[grid_enrolment]
    flags = np.zeros(len(grid_enrolment) + 1, np.int64)
    count = rng.poisson(days * EXACERBATIONS_PER_DAY)
    ex = np.repeat(np.arange(len(days)), count)
    ex_start = (rng.random(len(ex)) * days[ex]).astype(np.int64)
    ex_len = rng.integers(3, 8, len(ex))
    forced = np.flatnonzero(en["guaranteed"] & (days >= 2))
    ex = np.r_[ex, forced]
    ex_start = np.r_[ex_start, days[forced] - 2]
    ex_len = np.r_[ex_len, np.full(len(forced), 2)]
    np.add.at(flags, offset[ex] + ex_start, 1)
    np.add.at(flags, offset[ex] + np.minimum(ex_start + ex_len, days[ex]), -1)
    in_ex = np.cumsum(flags)[:-1] > 0
    measured = rng.random(len(grid_day)) < ADHERENCE
    measured |= en["guaranteed"][grid_enrolment] & (grid_day == end)
    grid_enrolment, grid_day, in_ex = grid_enrolment[measured], grid_day[measured], in_ex[measured]
    moment = grid_day * DAY + 7 * HOUR + rng.integers(0, 3 * HOUR, len(grid_day))

    # One row per measure of the enrolment on each measured day.
    per = np.bincount(ms["enrolment"], minlength=len(days))
    first_measure = np.r_[0, np.cumsum(per)][:-1]
    reps = per[grid_enrolment]
    row = np.repeat(np.arange(len(grid_enrolment)), reps)
    mrow = first_measure[grid_enrolment[row]] + (np.arange(len(row)) - np.repeat(
        np.r_[0, np.cumsum(reps)][:-1], reps))  # fmt: skip
    measure = ms["measure"][mrow]
    _, _, noise, shift = (np.array([SERIES[k][j] for k in MEASURE_KEYS]) for j in range(4))
    value = ms["baseline"][mrow] + rng.normal(0, 1, len(row)) * noise[measure]
    value = value + in_ex[row] * shift[measure] * rng.uniform(0.6, 1.2, len(row))
    decimals = np.array([MEASURES[k].decimals for k in MEASURE_KEYS])[measure]
    low_ok = np.array([float(MEASURES[k].plausible[0]) for k in MEASURE_KEYS])[measure]
    high_ok = np.array([float(MEASURES[k].plausible[1]) for k in MEASURE_KEYS])[measure]
    enrolment = grid_enrolment[row]
    # The guaranteed enrolments' values on the end date lie outside their limits (open alerts).
    last = en["guaranteed"][enrolment] & (moment[row] // DAY == end)
    high, low = ms["high"][mrow], ms["low"][mrow]
    value = np.where(last & ~np.isnan(high), np.maximum(value, high + 2 * noise[measure]), value)
    value = np.where(
        last & np.isnan(high) & ~np.isnan(low), np.minimum(value, low - 2 * noise[measure]), value
    )
    value = np.round(np.clip(value, low_ok, high_ok) * 10.0**decimals) / 10.0**decimals
    measurements = {
        "enrolment": enrolment,
        "measure": measure,
        "value": value,
        "moment": moment[row],
        "device": en["device"][enrolment],
        "limits": mrow,
    }
    return measurements, _alerts(g, rng, en, ms, measurements)


def _alerts(g, rng, en: dict, ms: dict, mv: dict) -> dict:
    low, high = ms["low"][mv["limits"]], ms["high"][mv["limits"]]
    breach = (mv["value"] < np.nan_to_num(low, nan=-np.inf)) | (
        mv["value"] > np.nan_to_num(high, nan=np.inf)
    )
    which = np.flatnonzero(breach)
    n = len(which)
    raised = mv["moment"][which] + rng.integers(60, 20 * 60, n)
    ack = raised + lognormal_hours(rng, ACK_MEDIAN_HOURS, 0.8, n)
    end = end_moment(g)
    open_ = (ack > end) | (raised // DAY >= g.window.end)
    unit = en["unit"][mv["enrolment"][which]]
    return {
        "measurement": which,
        "raised": raised,
        "acknowledged": np.where(open_, NONE, ack),
        "by": np.where(open_, -1, staff_on(g, unit, ack // DAY, ("nurse", "district_nurse"), rng)),
        "low": low[which],
        "high": high[which],
    }
