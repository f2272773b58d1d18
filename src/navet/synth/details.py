"""What only the operational database needs: names, addresses, protected identity, relatives.

Phone numbers come from the series Post- och telestyrelsen reserves for fiction (070-1740605 …
070-1740699), so a generated number can never ring a real person.
"""

from __future__ import annotations

import numpy as np

from navet.synth import config, names
from navet.synth.timeutil import NEVER

PHONE_NUMBERS = tuple(f"070-174 06 {k:02d}" for k in range(5, 100))
# Units get numbers from PTS's landline series for fiction (08-465 004 00 … 99, 031-390 06 00 … 99,
# 040-628 04 00 … 99, 0980-319 200 … 299): 400 numbers, reused in larger counties.
UNIT_PHONE_NUMBERS = (
    tuple(f"08-465 004 {k:02d}" for k in range(100))
    + tuple(f"031-390 06 {k:02d}" for k in range(100))
    + tuple(f"040-628 04 {k:02d}" for k in range(100))
    + tuple(f"0980-319 2{k:02d}" for k in range(100))
)
YEAR = 365.2425
# First three digits of postal codes by county (synthetic, but in the county's real range).
POSTAL_AREAS = {"19": (721, 739), "14": (400, 549), "22": (850, 895), "24": (901, 939)}


def _cohort(birth_day: np.ndarray) -> np.ndarray:
    year = birth_day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    return np.searchsorted(np.array([1960, 1990]), year, side="right")


def _given_names(sex: np.ndarray, birth_day: np.ndarray, rng) -> np.ndarray:
    cohort = _cohort(birth_day)
    out = np.empty(len(sex), dtype=object)
    for (s, c), pool in names.first_name_table().items():
        mask = (sex == (0 if s == "F" else 1)) & (cohort == c)
        out[mask] = pool[rng.choice(len(pool), int(mask.sum()), p=names.zipf_weights(len(pool)))]
    return out


def _pick_in_range(pool: np.ndarray, key: np.ndarray, lo: np.ndarray, hi: np.ndarray, rng):
    """For each query a random pool member with key in [lo, hi] (pool sorted by key), or -1."""
    a = np.searchsorted(key, lo, side="left")
    b = np.searchsorted(key, hi, side="right")
    size = b - a
    pick = a + (rng.random(len(lo)) * np.maximum(size, 1)).astype(np.int64)
    return (
        np.where(size > 0, pool[np.minimum(pick, len(pool) - 1)], -1)
        if len(pool)
        else np.full(len(lo), -1)
    )


def _match(persons, candidates: np.ndarray, who: np.ndarray, low_day, high_day, rng):
    """Someone among `candidates` born in [low_day, high_day], same municipality if possible."""
    muni, birth = persons["municipality"], persons["birth_day"]
    width = np.int64(1) << 33
    local_key = muni[candidates].astype(np.int64) * width + birth[candidates] + (1 << 31)
    order = np.argsort(local_key, kind="stable")
    base = muni[who].astype(np.int64) * width + (1 << 31)
    found = _pick_in_range(
        candidates[order], local_key[order], base + low_day, base + high_day, rng
    )
    county_order = np.argsort(birth[candidates], kind="stable")
    fallback = _pick_in_range(
        candidates[county_order], birth[candidates][county_order], low_day, high_day, rng
    )
    return np.where(found >= 0, found, fallback)


def _relatives(persons: dict, family: np.ndarray, rng) -> dict[str, np.ndarray]:
    birth, sex, age = persons["birth_day"], persons["sex"], persons["age_end"]
    alive = persons["death_day"] == NEVER
    adults = np.flatnonzero(alive & (age >= 20) & (age <= 64))
    children = np.flatnonzero(age < 18)
    lo = birth[children] - int(45 * YEAR)
    hi = birth[children] - int(18 * YEAR)
    mother = _match(persons, adults[sex[adults] == 0], children, lo, hi, rng)
    father = _match(persons, adults[sex[adults] == 1], children, lo, hi, rng)
    father = np.where(rng.random(len(children)) < 0.85, father, -1)
    # A child carries the first guardian's family name.
    first = np.where(mother >= 0, mother, father)
    family[children[first >= 0]] = family[first[first >= 0]]

    old = np.flatnonzero((age >= 65) & (rng.random(len(age)) < 0.75))
    spouse_wanted = rng.random(len(old)) < 0.55
    elders = np.flatnonzero(alive & (age >= 55))
    spouse = np.full(len(old), -1)
    for s in (0, 1):
        mask = spouse_wanted & (sex[old] == s)
        pool = elders[sex[elders] == 1 - s]
        spouse[mask] = _match(
            persons,
            pool,
            old[mask],
            birth[old[mask]] - int(6 * YEAR),
            birth[old[mask]] + int(4 * YEAR),
            rng,
        )
    grown = np.flatnonzero(alive & (age >= 25))
    child = _match(
        persons, grown, old, birth[old] + int(22 * YEAR), birth[old] + int(42 * YEAR), rng
    )
    kin = np.where(spouse >= 0, spouse, child)
    relation = np.where(spouse >= 0, "spouse", "child")
    keep = (kin >= 0) & (kin != old)
    person = np.r_[children[mother >= 0], children[father >= 0], old[keep]]
    related = np.r_[mother[mother >= 0], father[father >= 0], kin[keep]]
    guardian = np.r_[
        np.ones((mother >= 0).sum() + (father >= 0).sum(), bool), np.zeros(keep.sum(), bool)
    ]
    return {
        "person": person,
        "related": related,
        "is_guardian": guardian,
        "relation": np.r_[
            np.full(len(person) - keep.sum(), "parent", dtype=object), relation[keep].astype(object)
        ],
        "valid_from": persons["present_from"][person],
        "valid_to": persons["death_day"][person],
        "phone": np.array(PHONE_NUMBERS, dtype=object)[
            rng.integers(0, len(PHONE_NUMBERS), len(person))
        ],
    }


def _addresses(residences: dict, county, rng) -> dict[str, np.ndarray]:
    n = len(residences["person"])
    streets = np.array(names.STREETS, dtype=object)
    street = streets[rng.choice(len(streets), n, p=names.zipf_weights(len(streets), 0.5))]
    number = rng.integers(1, 80, n)
    letter = np.where(rng.random(n) < 0.15, np.array(list("ABC"))[rng.integers(0, 3, n)], "")
    muni = residences["municipality"]
    low, high = POSTAL_AREAS.get(county.code, (100, 989))
    base = np.array([low + (k * 7) % (high - low) for k in range(county.n)])[muni]
    postal = base * 100 + rng.integers(30, 99, n)
    return {
        "street": np.array(
            [f"{s} {k}{x}" for s, k, x in zip(street, number, letter, strict=True)], dtype=object
        ),
        "postal_code": np.array([f"{p // 100} {p % 100:02d}" for p in postal], dtype=object),
        "city": np.array(county.names, dtype=object)[muni],
    }


def build_details(generated, rng_for) -> dict:
    persons = generated.persons
    rng = rng_for("details")
    family_names = np.array(names.FAMILY_NAMES, dtype=object)
    # A flat tail: the real Andersson is about 2.5 % of Sweden, and our list is only the top 100.
    family = family_names[
        rng.choice(
            len(family_names), len(persons["sex"]), p=names.zipf_weights(len(family_names), 0.4)
        )
    ]
    relatives = _relatives(persons, family, rng_for("relatives"))
    given = _given_names(persons["sex"], persons["birth_day"], rng)
    return {
        "given_name": given,
        "family_name": family,
        "protected": rng.random(len(given)) < config.PROTECTED_IDENTITY_SHARE,
        "relatives": relatives,
        "addresses": _addresses(generated.residences, generated.county, rng_for("addresses")),
    }


def unit_contact_details(org, county) -> tuple[list[str], list[str]]:
    """Phone and visiting address for every unit, from its index alone (no random draws, so no
    other stream moves): how residents reach their health centre and named contacts."""
    streets = names.STREETS
    phones, addresses = [], []
    for i, municipality in enumerate(org.units["municipality"]):
        phones.append(UNIT_PHONE_NUMBERS[i % len(UNIT_PHONE_NUMBERS)])
        street = streets[(i * 7919) % len(streets)]
        addresses.append(f"{street} {i % 40 + 1}, {county.names[int(municipality)]}")
    return phones, addresses
