"""Random streams and derived keys.

Every concern (population, listing, visits, …) draws from its own PCG64 generator seeded from
(seed, county, stream name). Adding a stream, or drawing more numbers in one, never shifts the
numbers another stream produces, so a change in one part of the generator leaves the rest of the
output byte-identical.
"""

from __future__ import annotations

import hashlib

import numpy as np

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def _digest(*parts: object, size: int = 16) -> bytes:
    text = "|".join(str(p) for p in ("navet-synth", *parts))
    return hashlib.blake2b(text.encode(), digest_size=size).digest()


def stream(seed: int, county: str, name: str) -> np.random.Generator:
    """The generator for one named concern."""
    return np.random.Generator(
        np.random.PCG64(int.from_bytes(_digest(seed, county, name), "little"))
    )


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a bijection on uint64 that scrambles every bit."""
    x = x.copy()
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def person_keys(seed: int, county: str, n: int) -> np.ndarray:
    """16 lower-case hex characters per person (numpy `S16`), unique and derived from the seed.

    The key is a keyed bijection of the person's index: index + salt (the salt is blake2b of seed
    and county) through splitmix64's finaliser. Because the mix is a bijection, keys never collide.
    """
    salt = np.uint64(int.from_bytes(_digest("person-key", seed, county, size=8), "little"))
    with np.errstate(over="ignore"):
        mixed = _mix64(np.arange(n, dtype=np.uint64) + salt)
    raw = mixed.astype(">u8").view(np.uint8).reshape(n, 8)
    chars = np.empty((n, 16), dtype=np.uint8)
    chars[:, 0::2] = _HEX[raw >> 4]
    chars[:, 1::2] = _HEX[raw & 15]
    return chars.reshape(-1).view("S16")


def categorical(rng: np.random.Generator, probabilities, size: int) -> np.ndarray:
    """Draw `size` category indices from one probability vector (normalised here)."""
    p = np.asarray(probabilities, dtype=float)
    cumulative = np.cumsum(p / p.sum())
    cumulative[-1] = 1.0
    return np.searchsorted(cumulative, rng.random(size), side="right").astype(np.int16)


def categorical_rows(rng: np.random.Generator, table: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Draw one category per element, each from its own row of a probability table.

    `table` has one probability vector per row (rows need not be normalised); `rows` says which
    row each draw uses.
    """
    table = np.asarray(table, dtype=float)
    cumulative = np.cumsum(table, axis=1)
    cumulative /= cumulative[:, -1:]
    u = rng.random(len(rows))
    out = np.zeros(len(rows), dtype=np.int16)
    for r in range(len(table)):
        mask = rows == r
        if mask.any():
            found = np.searchsorted(cumulative[r], u[mask], side="right")
            out[mask] = np.minimum(found, table.shape[1] - 1)
    return out


def grouped_choice(
    rng: np.random.Generator,
    group_of_item: np.ndarray,
    weight_of_item: np.ndarray,
    groups: np.ndarray,
) -> np.ndarray:
    """For each query group, pick an item of that group with probability proportional to weight.

    Returns item indices (into the original item order), or -1 where a group has no items.
    """
    order = np.lexsort((np.arange(len(group_of_item)), group_of_item))
    g = group_of_item[order].astype(np.float64)
    w = weight_of_item[order].astype(np.float64)
    csum = np.cumsum(w)
    starts = np.r_[True, g[1:] != g[:-1]]
    start_idx = np.flatnonzero(starts)
    group_base = np.repeat(csum[start_idx] - w[start_idx], np.diff(np.r_[start_idx, len(g)]))
    group_total = np.repeat(
        np.add.reduceat(w, start_idx) if len(w) else w, np.diff(np.r_[start_idx, len(g)])
    )
    position = g + (csum - group_base) / group_total  # in (g, g + 1], last item exactly g + 1
    query = groups.astype(np.float64) + rng.random(len(groups)) * (1 - 1e-9)
    found = np.searchsorted(position, query, side="right")
    found = np.minimum(found, len(order) - 1) if len(order) else found
    result = np.full(len(groups), -1, dtype=np.int64)
    if len(order):
        ok = g[found] == groups
        result[ok] = order[found[ok]]
    return result
