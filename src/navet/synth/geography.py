"""The county's real municipalities and nodes (shared/data), scaled to the synthetic population."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from navet.paths import shared_data_dir
from navet.synth import config
from navet.synth.errors import SynthInputError


@dataclass(frozen=True)
class County:
    code: str
    name: str
    codes: tuple[str, ...]  # municipality codes, in file order sorted by code
    names: tuple[str, ...]
    real_population: np.ndarray  # from municipalities.csv
    population_year: np.ndarray
    population: np.ndarray  # scaled synthetic population at the end date
    share_65: np.ndarray  # target share aged 65+ per municipality
    subarea: tuple[str | None, ...]  # node name per municipality, None without nodes
    scale: float

    @property
    def n(self) -> int:
        return len(self.codes)

    @property
    def seat(self) -> int:
        """Index of the county seat: the municipality with the largest real population."""
        return int(np.argmax(self.real_population))

    @property
    def subareas(self) -> tuple[str, ...]:
        return tuple(sorted({s for s in self.subarea if s}))

    @property
    def short_name(self) -> str:
        """ "Västmanlands län" → "Västmanlands"; used in hospital names."""
        return self.name.removesuffix(" län")


@cache
def _rows(filename: str) -> tuple[dict[str, str], ...]:
    with (shared_data_dir() / filename).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def known_counties() -> dict[str, str]:
    """County code → name for every county present in municipalities.csv."""
    return {row["county_code"]: row["county_name"] for row in _rows("municipalities.csv")}


def validate_scale(scale: float) -> float:
    if not isinstance(scale, int | float) or math.isnan(scale) or not 0 < scale <= 1.0:
        raise SynthInputError(
            f'Ogiltig skala "{scale}": skalan måste vara större än 0 och högst 1.0 '
            "(1.0 = länets hela befolkning)."
        )
    return float(scale)


def validate_county(code: str) -> str:
    counties = known_counties()
    value = str(code).strip()
    if value not in counties:
        known = ", ".join(f"{c} ({n})" for c, n in sorted(counties.items()))
        raise SynthInputError(f'Okänd länskod "{code}". Kända län: {known}.')
    return value


def municipal_65_shares(code: str, real_population: np.ndarray) -> np.ndarray:
    """Smaller municipalities are older; the population-weighted mean hits the county level."""
    level = config.COUNTY_65_SHARE.get(code, config.DEFAULT_65_SHARE)
    tilt = config.OLD_TILT_PER_LOG_POP * np.log(real_population.max() / real_population)
    tilt -= np.average(tilt, weights=real_population)
    low, high = config.MUNICIPAL_65_SHARE_RANGE
    return np.clip(level + tilt, low, high)


def load_county(code: str, scale: float) -> County:
    code = validate_county(code)
    scale = validate_scale(scale)
    rows = sorted(
        (r for r in _rows("municipalities.csv") if r["county_code"] == code),
        key=lambda r: r["municipality_code"],
    )
    nodes = {
        r["municipality_code"]: r["subarea"]
        for r in _rows("subareas.csv")
        if r["county_code"] == code
    }
    real = np.array([int(r["population"]) for r in rows], dtype=np.int64)
    scaled = np.maximum(config.MIN_PERSONS_PER_MUNICIPALITY, np.round(real * scale)).astype(
        np.int64
    )
    return County(
        code=code,
        name=rows[0]["county_name"],
        codes=tuple(r["municipality_code"] for r in rows),
        names=tuple(r["municipality_name"] for r in rows),
        real_population=real,
        population_year=np.array([int(r["population_year"]) for r in rows], dtype=np.int64),
        population=scaled,
        share_65=municipal_65_shares(code, real.astype(float)),
        subarea=tuple(nodes.get(r["municipality_code"]) for r in rows),
        scale=scale,
    )


def neighbour_weights(county: County) -> np.ndarray:
    """Where people list or move when not in their own municipality: same node first, else by size.

    Row m gives weights over municipalities (zero on the diagonal).
    """
    n = county.n
    pop = county.population.astype(float)
    same_node = np.array(
        [[bool(a) and a == b for b in county.subarea] for a in county.subarea], dtype=bool
    )
    weights = np.where(same_node, pop[None, :] * 4, pop[None, :])
    np.fill_diagonal(weights, 0.0)
    if n == 1:
        weights[:] = 1.0
    return weights
