"""Shared helpers for the care-at-home data (issue "Care at home and at a distance", part 6):
who is listed where, which unit of a kind serves a municipality, which staff hold a unit's posts.

All moments are local (Europe/Stockholm wall-clock) seconds since the epoch, as elsewhere in the
generator; `NONE` (-1) marks a moment that did not happen (yet), `NEVER` a day.
"""

from __future__ import annotations

import numpy as np

from navet.synth import listing
from navet.synth.timeutil import DAY

NONE = -1  # a moment that has not happened (yet)


def end_moment(g) -> int:
    """The last second of the end date: everything later has not happened yet."""
    return (int(g.window.end) + 1) * DAY - 1


def alive_on(g, who: np.ndarray, day: np.ndarray) -> np.ndarray:
    p = g.persons
    return (p["present_from"][who] <= day) & (day <= p["present_to"][who])


def age_on(g, who: np.ndarray, day) -> np.ndarray:
    return np.floor((np.asarray(day) - g.persons["birth_day"][who]) / 365.2425).astype(np.int64)


def listed_unit(g, who: np.ndarray, day: np.ndarray) -> np.ndarray:
    """The health centre each person is listed at on the day, or -1."""
    ls = g.listings
    found = listing.lookup(ls["person"], ls["valid_from"], ls["valid_to"], who, day)
    return np.where(found >= 0, ls["unit"][np.maximum(found, 0)], -1)


def unit_per_municipality(g, kind: str) -> np.ndarray:
    """For each municipality, the first unit of `kind` there (else the county's first)."""
    units = g.org.of_kind(kind)
    munis = g.org.units["municipality"][units]
    out = np.full(g.county.n, units[0] if len(units) else -1, dtype=np.int64)
    for m in range(g.county.n):
        here = units[munis == m]
        if len(here):
            out[m] = here[0]
    return out


def team_per_municipality(g) -> np.ndarray:
    """The mobile team of each municipality's node (counties without nodes: one team)."""
    teams = g.org.of_kind("mobile_team")
    subarea = g.org.units["subarea"][teams]
    out = np.full(g.county.n, teams[0], dtype=np.int64)
    for m in range(g.county.n):
        match = teams[subarea == g.county.subarea[m]]
        if len(match):
            out[m] = match[0]
    return out


def staff_on(g, units: np.ndarray, days: np.ndarray, professions, rng) -> np.ndarray:
    """A member of staff (index) of each unit on each day with one of `professions`, or -1."""
    posts = g.staffing.posts
    ok = np.isin(posts["profession"], list(professions)) & (posts["role"] != "unit_head")
    candidates = np.flatnonzero(ok)
    out = np.full(len(units), -1, dtype=np.int64)
    if not len(candidates) or not len(units):
        return out
    by_unit: dict[int, np.ndarray] = {}
    for post in candidates:
        by_unit.setdefault(int(posts["unit"][post]), []).append(post)
    pick = rng.random(len(units))
    for i, (unit, day) in enumerate(zip(units.tolist(), days.tolist(), strict=True)):
        choices = by_unit.get(unit)
        if choices:
            post = choices[int(pick[i] * len(choices))]
            out[i] = g.staffing.holder_on(np.array([post]), np.array([day]))[0]
    return out


def staff_names(g) -> np.ndarray:
    staff = g.staffing.staff
    return np.char.add(
        np.char.add(staff["given_name"].astype(str), " "), staff["family_name"].astype(str)
    )


def lognormal_hours(rng, median_hours, sigma: float, n: int) -> np.ndarray:
    """Seconds, lognormal with the given median (scalar or per row)."""
    return (np.exp(rng.normal(0, sigma, n)) * np.asarray(median_hours) * 3600).astype(np.int64)


def in_window(g, moments: np.ndarray) -> np.ndarray:
    return (moments >= int(g.window.start) * DAY) & (moments <= end_moment(g))


def day_of(moments: np.ndarray) -> np.ndarray:
    return np.asarray(moments, np.int64) // DAY
