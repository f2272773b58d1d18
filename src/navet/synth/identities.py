"""Identity numbers: only Skatteverket's test numbers (shared/data), otherwise reserve numbers.

For each person we take an unused test number with the person's birth year and sex; the person's
birth date then becomes the one in the number. About 1 % of adults get a samordningsnummer from
the list instead. Everyone the list cannot cover gets a reserve number "YYYYMMDDRNNNN" (the format
of navet.identifiers.make_reserve_number): the birth date plus a serial that is unique per birth
date. Serials start at a county-specific offset (county code × 400, modulo 25) so that two counties
loaded into one database never share a reserve number. No Luhn-valid number is ever synthesised.
"""

from __future__ import annotations

import csv
from functools import cache

import numpy as np

from navet.paths import shared_data_dir
from navet.synth import config
from navet.synth.errors import SynthError
from navet.synth.timeutil import day_number

PERSONAL, COORDINATION, RESERVE = 0, 1, 2
KIND_NAMES = ("personnummer", "samordningsnummer", "reservnummer")
SERIALS_PER_COUNTY = 400


@cache
def skatteverket_numbers() -> dict[str, np.ndarray]:
    """The official test list: number, kind, birth day, sex (0 F, 1 M), birth year."""
    from datetime import date

    with (shared_data_dir() / "test_identity_numbers.csv").open(newline="") as handle:
        rows = [(r["kind"], r["number"]) for r in csv.DictReader(handle)]
    # Numbers that hide part of the birth date (month 00, day 60) cannot give a birth date.
    rows = [(k, n) for k, n in rows if n[4:6] != "00" and int(n[6:8]) % 60]
    rows = list(dict((n, (k, n)) for k, n in reversed(rows)).values())[
        ::-1
    ]  # the file repeats a few
    number = np.array([n for _, n in rows], dtype="U12")
    kind = np.array([COORDINATION if k == "samordningsnummer" else PERSONAL for k, _ in rows])
    day = np.array([day_number(date(int(n[:4]), int(n[4:6]), int(n[6:8]) % 60)) for _, n in rows])
    sex = np.array([int(n[10]) % 2 for _, n in rows], dtype=np.int8)
    year = np.array([int(n[:4]) for _, n in rows])
    return {"number": number, "kind": kind, "day": day, "sex": sex, "year": year}


def _birth_year(day: np.ndarray) -> np.ndarray:
    return day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _match(rng, pool: np.ndarray, pool_key: np.ndarray, who: np.ndarray, key: np.ndarray):
    """Give persons `who` (with group `key`) distinct pool items of the same group, if any left."""
    pool = pool[rng.permutation(len(pool))]
    pool = pool[np.argsort(pool_key[pool], kind="stable")]
    sorted_keys = pool_key[pool]
    who = who[rng.permutation(len(who))]
    who = who[np.argsort(key[who], kind="stable")]
    k = key[who]
    first = np.searchsorted(k, k, side="left")
    rank = np.arange(len(who)) - first
    start = np.searchsorted(sorted_keys, k, side="left")
    size = np.searchsorted(sorted_keys, k, side="right") - start
    ok = rank < size
    return who[ok], pool[start[ok] + rank[ok]]


def assign_identities(
    persons: dict,
    county_code: str,
    end_day: int,
    rng: np.random.Generator,
    taken: frozenset[str] = frozenset(),
) -> None:
    """Adds identifier (U13), identifier_kind (0/1/2); may move birth_day within its year."""
    tn = skatteverket_numbers()
    n = len(persons["sex"])
    birth, sex = persons["birth_day"], persons["sex"]
    limit = np.minimum(persons["death_day"], end_day)
    usable = (tn["day"] <= end_day) & ~np.isin(tn["number"], list(taken))
    key_people = _birth_year(birth) * 2 + sex
    key_pool = tn["year"] * 2 + tn["sex"]
    identifier = np.empty(n, dtype="U13")
    kind = np.full(n, RESERVE, dtype=np.int8)
    adult = (limit - birth) >= 18 * 365.25
    wants_coordination = adult & (rng.random(n) < config.COORDINATION_NUMBER_SHARE)
    for number_kind, wanted in ((COORDINATION, wants_coordination), (PERSONAL, None)):
        who = np.flatnonzero((kind == RESERVE) if wanted is None else wanted)
        pool = np.flatnonzero(usable & (tn["kind"] == number_kind))
        people, items = _match(rng, pool, key_pool, who, key_people)
        fits = tn["day"][items] <= limit[people]  # never born after death or the end date
        people, items = people[fits], items[fits]
        identifier[people] = tn["number"][items]
        kind[people] = number_kind
        birth[people] = tn["day"][items]
        usable[items] = False
    reserve = np.flatnonzero(kind == RESERVE)
    identifier[reserve] = reserve_numbers(birth[reserve], county_code)
    if taken and np.isin(identifier[reserve], list(taken)).any():
        raise SynthError(
            "Reservnummer som generatorn vill använda finns redan i databasen; "
            "länet verkar redan vara inläst."
        )
    persons["identifier"] = identifier
    persons["identifier_kind"] = kind


def reserve_numbers(birth_day: np.ndarray, county_code: str) -> np.ndarray:
    """ "YYYYMMDDRNNNN" with a serial unique per birth date (vectorised, no per-row Python)."""
    n = len(birth_day)
    if n == 0:
        return np.empty(0, dtype="U13")
    order = np.argsort(birth_day, kind="stable")
    sorted_days = birth_day[order]
    first = np.searchsorted(sorted_days, sorted_days, side="left")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - first
    if rank.max() >= SERIALS_PER_COUNTY:
        raise SynthError("För många reservnummer på samma födelsedatum; minska skalan.")
    serial = (int(county_code) % 25) * SERIALS_PER_COUNTY + rank + 1
    dates = birth_day.astype("datetime64[D]")
    year = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    month = (dates.astype("datetime64[M]") - dates.astype("datetime64[Y]")).astype(np.int64) + 1
    day = (dates - dates.astype("datetime64[M]")).astype(np.int64) + 1
    value = year * 10**8 + month * 10**6 + day * 10**4 + serial
    digits = np.zeros((n, 13), dtype=np.uint8)
    for position, power in enumerate(range(11, -1, -1)):
        column = position if position < 8 else position + 1
        digits[:, column] = 48 + (value // 10**power) % 10
    digits[:, 8] = ord("R")
    return digits.reshape(-1).view("S13").astype("U13")
