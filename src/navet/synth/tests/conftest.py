"""Fixtures for the generator tests: small generated counties, in memory and as snapshots.

Scales are tiny so that the whole synth suite runs in well under a minute.
"""

from __future__ import annotations

from datetime import date

import pytest

TINY = {"county_code": "19", "seed": 7, "scale": 0.004, "years": 2, "end_date": date(2025, 12, 31)}


@pytest.fixture(scope="session")
def realistic():
    """County 19 at scale 0.02 (≈ 5 700 people), three years: enough for rates and shares."""
    from navet.synth.generate import Params, generate

    return generate(Params("19", 42, 0.02), with_details=True)


@pytest.fixture(scope="session")
def snapshot(tmp_path_factory):
    """A tiny snapshot written by generate_to_parquet: (folder, row counts)."""
    from navet.synth.services import generate_to_parquet

    out = tmp_path_factory.mktemp("snapshot") / "county"
    counts = generate_to_parquet(out_dir=out, **TINY)
    return out, counts
