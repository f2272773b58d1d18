"""Residents: age and sex per municipality, deaths during the history, moves, frailty.

People alive on the end date are drawn per municipality from a smooth single-year age structure
tilted so that the municipality's 65+ share is met; people who died during the history are drawn
on top from the same structure weighted by age- and sex-specific mortality.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from navet.synth import config
from navet.synth.geography import County, neighbour_weights
from navet.synth.timeutil import NEVER, day_number, same_day_years_earlier, to_date


@dataclass
class Window:
    start: int  # first day of the history (day number)
    end: int  # last day (the end date)
    years: int

    @property
    def days(self) -> int:
        return self.end - self.start + 1


def _old_weight() -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(config.AGES - 60) / 6.0))


def age_structure(share_65: float) -> np.ndarray:
    """(sex, age) probabilities whose 65+ share is `share_65` (bisection on a smooth tilt)."""
    base = config.base_age_structure()
    tilt = _old_weight()
    low, high = -4.0, 4.0
    for _ in range(60):
        theta = (low + high) / 2
        p = base * np.exp(theta * tilt)
        if p[:, 65:].sum() / p.sum() < share_65:
            low = theta
        else:
            high = theta
    return p / p.sum()


def sample_population(county: County, window: Window, rng: np.random.Generator) -> dict:
    """Sex, birth day, municipality and death day for everyone alive at the end or who died."""
    q = config.mortality()
    end = to_date(window.end)
    anniversary = np.array(
        [day_number(same_day_years_earlier(end, a)) for a in range(config.MAX_AGE + 2)]
    )
    cells = 2 * (config.MAX_AGE + 1)
    parts = []
    for m in range(county.n):
        p = age_structure(county.share_65[m])
        alive = rng.multinomial(county.population[m], p.ravel())
        expected_deaths = county.population[m] * (p * q).sum() * window.years
        dead = rng.multinomial(rng.poisson(expected_deaths), (p * q).ravel() / (p * q).sum())
        for counts, died in ((alive, False), (dead, True)):
            cell = np.repeat(np.arange(cells), counts)
            parts.append((m, cell, died))
    muni = np.concatenate([np.full(len(c), m, np.int16) for m, c, _ in parts])
    cell = np.concatenate([c for _, c, _ in parts])
    died = np.concatenate([np.full(len(c), d) for _, c, d in parts])
    # Alive first, then the dead, so that the living population's indices do not depend on deaths.
    order = np.argsort(died, kind="stable")
    muni, cell, died = muni[order], cell[order], died[order]
    n = len(cell)
    sex = (cell // (config.MAX_AGE + 1)).astype(np.int8)  # 0 = F, 1 = M
    age = (cell % (config.MAX_AGE + 1)).astype(np.int64)
    birth = (
        anniversary[age + 1]
        + 1
        + (rng.random(n) * (anniversary[age] - anniversary[age + 1])).astype(np.int64)
    )
    death = np.full(n, NEVER, dtype=np.int64)
    death[died] = rng.integers(window.start, window.end + 1, died.sum())
    birth[died] = death[died] - np.round((age[died] + rng.random(died.sum())) * 365.2425).astype(
        np.int64
    )
    birth = np.minimum(birth, np.minimum(death, window.end))
    return {
        "sex": sex,
        "birth_day": birth.astype(np.int64),
        "municipality": muni,
        "death_day": death,
    }


def age_on(birth_day: np.ndarray, day) -> np.ndarray:
    """Completed years on `day` (approximation good to a day; exact enough for age bands)."""
    return np.floor((np.asarray(day) - birth_day) / 365.2425).astype(np.int64)


def _move_weight(age: np.ndarray) -> np.ndarray:
    edges = np.array([18, 20, 35, 50, 65, 80])
    weights = np.array([0.6, 1.5, 2.5, 1.0, 0.5, 0.3, 0.2])
    return weights[np.searchsorted(edges, age, side="right")]


def add_residence(persons: dict, county: County, window: Window, rng: np.random.Generator) -> None:
    """present_from, move_day and origin municipality (before a move within the county)."""
    n = len(persons["sex"])
    birth, death = persons["birth_day"], persons["death_day"]
    alive = death == NEVER
    present_to = np.minimum(death, window.end)
    age_end = age_on(birth, present_to)
    newborn = birth >= window.start
    w = _move_weight(age_end)
    w = w / w[alive].mean()
    eligible = alive & ~newborn
    moved_in = eligible & (rng.random(n) < config.MOVE_INTO_COUNTY_PER_YEAR * window.years * w)
    mover = (
        eligible
        & ~moved_in
        & (rng.random(n) < config.MOVE_WITHIN_COUNTY_PER_YEAR * window.years * w)
    )
    span = np.maximum(window.start - birth, 1)
    since = (
        window.start - 1 - np.minimum(rng.exponential(12 * 365.25, n).astype(np.int64), span - 1)
    )
    present_from = np.where(newborn, birth, np.maximum(birth, since))
    move_in_day = window.start + (rng.random(n) * window.days).astype(np.int64)
    present_from = np.where(moved_in, np.maximum(move_in_day, birth + 1), present_from)
    move_day = np.where(mover, window.start + (rng.random(n) * window.days).astype(np.int64), NEVER)
    weights = neighbour_weights(county)
    origin = np.full(n, -1, dtype=np.int16)
    cum = np.cumsum(weights, axis=1)
    cum /= cum[:, -1:]
    idx = np.flatnonzero(mover)
    if county.n > 1 and len(idx):
        u = rng.random(len(idx))
        origin[idx] = (cum[persons["municipality"][idx]] <= u[:, None]).sum(axis=1)
    else:
        move_day[:] = NEVER
    persons.update(
        present_from=present_from.astype(np.int64),
        present_to=present_to,
        move_day=move_day.astype(np.int64),
        origin=origin,
        moved_in=moved_in,
        age_end=age_end,
    )


def municipality_on(persons: dict, who: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Registered municipality of persons `who` on `day` (before a move: the origin)."""
    before = day < persons["move_day"][who]
    return np.where(
        before & (persons["origin"][who] >= 0), persons["origin"][who], persons["municipality"][who]
    ).astype(np.int64)


def add_health(persons: dict, rng: np.random.Generator) -> None:
    """Frailty (mean 1) and chronic illness, which drive every care rate."""
    n = len(persons["sex"])
    band = config.age_band(persons["age_end"])
    frailty = rng.gamma(2.0, 0.5, n)
    p_chronic = np.array(config.CHRONIC_BY_BAND)[band] * np.clip(frailty**0.7, 0, 2.2)
    persons["band"] = band
    persons["frailty"] = frailty
    persons["chronic"] = rng.random(n) < np.clip(p_chronic, 0, 0.95)
