"""The proposal benchmark's smoke run (bench/proposals_bench.py): the same code as the
Västmanland run, on the small county, so that it cannot rot between full runs."""

import importlib.util

import pytest
from django.utils import timezone

from navet.listing.tests.proposal_support import proposal_county
from navet.paths import REPO_ROOT

pytestmark = pytest.mark.django_db


def load_bench():
    path = REPO_ROOT / "bench/proposals_bench.py"
    spec = importlib.util.spec_from_file_location("proposals_bench", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_proposals_bench_smoke(small_county, identity_numbers, settings):
    proposal_county(small_county, identity_numbers, settings)
    bench = load_bench()
    result = bench.run("19", timezone.localdate(), progress=lambda message: None)
    assert result["units"] == 3 and result["candidates"] >= 6
    assert result["solver"]["assigned"] == result["greedy"]["assigned"] >= 4
    assert result["solver"]["most_seen"] >= result["greedy"]["most_seen"] >= 1
    text = bench.report(result)
    assert "Coverage before" in text and "min-cost flow" in text
