"""docs/listing.md names every setting the listing app reads, and its import example imports."""

from __future__ import annotations

import re

import pytest

from navet.listing import config
from navet.paths import REPO_ROOT

DOC = (REPO_ROOT / "docs" / "listing.md").read_text()


def test_every_setting_is_documented():
    source = (REPO_ROOT / "src" / "navet" / "listing" / "config.py").read_text()
    settings = set(re.findall(r'"(NAVET_[A-Z_]+)"', source))
    assert settings, "config.py reads its settings by name"
    missing = sorted(s for s in settings if f"`{s}`" not in DOC)
    assert not missing, f"settings missing in docs/listing.md: {missing}"


def test_the_documented_defaults_are_the_code_defaults():
    assert "| `NAVET_LISTING_CHANGES_PER_YEAR` | 2 |" in DOC
    assert config.changes_per_window() == 2 and config.change_window_days() == 365
    assert config.worklist_recent_days() == 90


@pytest.mark.django_db
def test_the_import_example_is_a_valid_file(small_county):
    from navet.listing.importing import import_listings
    from navet.listing.models import ImportMode
    from navet.listing.tests.support import ACTOR

    example = re.search(r"```\n(personnummer,hsa_id,datum\n.*?)```", DOC, re.S).group(1)
    report = import_listings(
        example.encode(), file_name="docs.csv", actor=ACTOR, mode=ImportMode.CHECK_ONLY
    )
    # The example's person and unit are not in the small county; the format itself is accepted.
    assert not report.file_error
    assert {e.field for e in report.errors} <= {"personnummer", "hsa_id"}
