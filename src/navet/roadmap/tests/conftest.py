"""Roadmaps on top of the shared `small_county` (county 19, Västerås and Sala)."""

import pytest

from navet.roadmap.loader import load_seed


@pytest.fixture
def vastmanland(small_county):
    """Västmanland's programme, loaded into the small county (its own county)."""
    return load_seed("vastmanland").roadmap


@pytest.fixture
def vasternorrland(small_county):
    """Västernorrland's färdplan loaded into the small county, as the demo does."""
    return load_seed("vasternorrland", county_code="19").roadmap


@pytest.fixture
def vastra_gotaland(db):
    """VGR's proposal (a draft), in its own county created from reference data."""
    return load_seed("vastra_gotaland").roadmap
