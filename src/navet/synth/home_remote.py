"""Digital-waiting-room consultations (navet.remote) and digital-reception requests
(navet.reception) for the generated county.

Consultations: a nurse of the municipality's home health care asks the health centre where the
person is listed about someone with home care or in a nursing home (`CONSULTATIONS_PER_YEAR`).
Urgency and deadlines follow navet.remote.config; `LATE_SHARE` are answered after the deadline
(and were escalated). Those not answered on the end date wait in the queue, and every health
centre gets `OPEN_CONSULTATIONS` asked in the last hours.

Reception requests: residents of 18+ write to the health centre they are listed at; the rate
grows over the history (`RECEPTION_PER_YEAR`: a new channel). Reason classes are those of
`care_requests`; the first staff reply comes hours later (`REPLY_HOURS` by urgency), so nearly
all are assessed within the care guarantee's 3 days. They are requests in addition to the
record system's `care_requests` (Navet's own channel). Every health centre gets
`OPEN_RECEPTION` waiting requests sent in the last hours of the end date.
"""

from __future__ import annotations

import numpy as np

from navet.synth import config
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

URGENCIES = ("acute", "today", "routine")
URGENCY_WEIGHTS = (0.15, 0.45, 0.40)
DEADLINE_SECONDS = (60 * 60, 4 * 60 * 60, 3 * 24 * 60 * 60)  # remote.config defaults
CONSULTATIONS_PER_YEAR = 0.25  # per person with home care or in a nursing home
LATE_SHARE = 0.12
VISIT_NEEDED_SHARE = 0.2
OPEN_CONSULTATIONS = 2
CONSULTATION_STATUSES = ("waiting", "picked_up", "answered")

RECEPTION_PER_YEAR = (0.02, 0.08)  # per listed adult, at the start and at the end
RECEPTION_URGENCY_WEIGHTS = (0.08, 0.22, 0.70)  # 1 bråttom, 2 snart, 3 vanlig
REPLY_HOURS = (0.5, 3.0, 8.0)  # median hours to the first staff reply, by urgency
VIDEO_SHARE = 0.15
OPEN_RECEPTION = 3
RECEPTION_STATUSES = ("waiting", "in_progress", "closed")
PROBLEM_AREAS = ("infection", "pain", "skin", "stomach", "mental", "medication", "chronic", "other")
SINCE = ("today", "days", "week", "longer")


def consultations(g) -> dict[str, np.ndarray]:
    rng = stream(g.params.seed, g.params.county_code, "consultations")
    p, start, end = g.persons, int(g.window.start) * DAY, end_moment(g)
    care_from = np.minimum(p["home_care_day"], p["nursing_home_day"])
    who = np.flatnonzero(care_from != NEVER)
    first = np.maximum(np.maximum(care_from[who], p["present_from"][who]), g.window.start)
    days = np.maximum(p["present_to"][who] - first, 0)
    count = rng.poisson(CONSULTATIONS_PER_YEAR * days / 365.25)
    person = np.repeat(who, count).astype(np.int64)
    day = np.repeat(first, count) + (rng.random(len(person)) * np.repeat(days, count)).astype(int)
    created = day * DAY + rng.integers(8 * HOUR, 20 * HOUR, len(person))
    created = np.minimum(created, end - HOUR)
    person, created = _with_open_per_unit(g, rng, person, created, OPEN_CONSULTATIONS, who)
    to_unit = listed_unit(g, person, created // DAY)
    keep = (to_unit >= 0) & (created >= start) & alive_on(g, person, created // DAY)
    person, created, to_unit = person[keep], created[keep], to_unit[keep]
    n = len(person)
    muni = municipality_on(p, person, created // DAY)
    asking = unit_per_municipality(g, "home_health_care")[muni]
    urgency = categorical(rng, URGENCY_WEIGHTS, n).astype(np.int64)
    deadline = np.array(DEADLINE_SECONDS)[urgency]
    late = rng.random(n) < LATE_SHARE
    answer = np.where(
        late,
        deadline * rng.uniform(1.1, 3.0, n),
        deadline * rng.beta(2, 3, n),
    ).astype(np.int64)
    answered = created + answer
    picked = created + (answer * rng.uniform(0.2, 0.8, n)).astype(np.int64)
    fresh = created > end - 12 * HOUR
    answered = np.where(fresh | (answered > end), NONE, answered)
    picked = np.where(fresh | (picked > end), NONE, picked)
    status = np.select([answered != NONE, picked != NONE], [2, 1], default=0)
    due = created + deadline
    escalated = np.where((due < end) & ((answered == NONE) | (answered > due)), due + 600, NONE)
    escalated = np.where(escalated > end, NONE, escalated)
    day = created // DAY
    table = {
        "person": person,
        "asking_unit": asking,
        "asker": staff_on(g, asking, day, ("nurse", "district_nurse"), rng),
        "to_unit": to_unit,
        "doctor": np.where(picked != NONE, staff_on(g, to_unit, day, ("doctor",), rng), -1),
        "urgency": urgency,
        "created": created,
        "due": due,
        "picked": picked,
        "answered": answered,
        "escalated": escalated,
        "status": status,
        "visit_needed": (rng.random(n) < VISIT_NEEDED_SHARE) & (status == 2),
        **_vitals(rng, n),
    }
    order = np.lexsort((person, created))
    return {k: v[order] for k, v in table.items()}


def _with_open_per_unit(g, rng, person, created, per_unit: int, pool: np.ndarray):
    """Add `per_unit` rows per health centre created in the last hours of the end date, for
    people of `pool` listed there then (who are alive)."""
    end, day = end_moment(g), np.full(len(pool), g.window.end)
    alive = alive_on(g, pool, day)
    units = listed_unit(g, pool, day)
    extra = []
    for unit in g.org.of_kind("health_centre"):
        here = pool[alive & (units == unit)]
        if len(here):
            extra.append(rng.choice(here, size=min(per_unit, len(here)), replace=False))
    added = np.concatenate(extra).astype(np.int64) if extra else np.zeros(0, np.int64)
    moments = end - rng.integers(1 * HOUR, 8 * HOUR, len(added))
    return np.r_[person, added], np.r_[created, moments]


VITALS = ("pulse", "systolic", "diastolic", "respiratory_rate", "spo2", "temperature")


def _vitals(rng, n: int) -> dict[str, np.ndarray]:
    """Measured values (or -1 when not measured), within navet.remote.vitals' ranges."""
    systolic = np.clip(rng.normal(138, 20, n), 80, 220).round()
    values = {
        "pulse": np.clip(rng.normal(84, 14, n), 40, 160).round(),
        "systolic": systolic,
        "diastolic": np.minimum(np.clip(rng.normal(78, 11, n), 40, 130), systolic - 20).round(),
        "respiratory_rate": np.clip(rng.normal(18, 3.5, n), 8, 40).round(),
        "spo2": np.clip(rng.normal(94, 3, n), 78, 100).round(),
        "temperature": np.clip(rng.normal(37.3, 0.7, n), 35.0, 41.0).round(1),
    }
    measured = rng.random(n) < 0.85
    bp = measured & (rng.random(n) < 0.8)
    for name, value in values.items():
        shown = bp if name in ("systolic", "diastolic") else measured & (rng.random(n) < 0.85)
        values[name] = np.where(shown, value, -1)
    return values


def reception(g) -> dict[str, np.ndarray]:
    rng = stream(g.params.seed, g.params.county_code, "reception")
    p, start, end = g.persons, int(g.window.start) * DAY, end_moment(g)
    adults = np.flatnonzero(p["age_end"] >= 18)
    low, high = RECEPTION_PER_YEAR
    total = (low + high) / 2 * len(adults) * g.window.days / 365.25
    n = rng.poisson(total)
    # Density growing linearly from `low` to `high`: a mixture of uniform and rising parts.
    rising = rng.random(n) < (high - low) / 2 / ((low + high) / 2)
    x = np.where(rising, np.sqrt(rng.random(n)), rng.random(n))
    person = rng.choice(adults, size=n).astype(np.int64)
    day = g.window.start + (x * (g.window.days - 1)).astype(np.int64)
    created = day * DAY + rng.integers(7 * HOUR, 22 * HOUR, n)
    person, created = _with_open_per_unit(g, rng, person, created, OPEN_RECEPTION, adults)
    unit = listed_unit(g, person, created // DAY)
    keep = (unit >= 0) & (created >= start) & (created <= end)
    keep &= alive_on(g, person, created // DAY)
    person, created, unit = person[keep], created[keep], unit[keep]
    m = len(person)
    reason = categorical(rng, [w for _, w in config.CARE_REQUEST_REASONS], m).astype(np.int64)
    urgency = 1 + categorical(rng, RECEPTION_URGENCY_WEIGHTS, m).astype(np.int64)
    urgency = np.where((reason == 1) & (urgency == 3), 2, urgency)  # worse: at least "snart"
    reply = created + lognormal_hours(rng, np.array(REPLY_HOURS)[urgency - 1], 0.9, m)
    closed = reply + rng.integers(5 * 60, 3 * HOUR, m)
    fresh = created > end - 12 * HOUR
    assessed = np.where(fresh | (reply > end), NONE, reply)
    closed = np.where(assessed == NONE, NONE, np.minimum(closed, end))
    area = categorical(rng, (0.28, 0.16, 0.1, 0.12, 0.1, 0.08, 0.1, 0.06), m).astype(np.int64)
    order = np.lexsort((person, created))
    table = {
        "person": person,
        "unit": unit,
        "created": created,
        "assessed": assessed,
        "closed": closed,
        "reason": reason,
        "urgency": urgency,
        "video": rng.random(m) < VIDEO_SHARE,
        "status": np.where(assessed == NONE, 0, 2),
        "area": area,
        "since": categorical(rng, (0.2, 0.4, 0.25, 0.15), m).astype(np.int64),
    }
    return {k: v[order] for k, v in table.items()}
