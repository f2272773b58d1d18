"""docs/roadmap.md keeps up with the code: the format's choices and every bundled seed."""

from django.conf import settings

from navet.roadmap.loader import FORMAT, SEEDS
from navet.roadmap.models import ActivityStatus, Direction, ForumKind, TargetUnit

DOC = (settings.BASE_DIR / "docs" / "roadmap.md").read_text(encoding="utf-8")


def test_the_format_documents_every_choice():
    assert f"format: {FORMAT}" in DOC
    for choices in (ForumKind, ActivityStatus, TargetUnit):
        for value in choices.values:
            assert value in DOC, value
    assert all(value in DOC for value in Direction.values if value)


def test_every_seed_is_listed():
    for path in SEEDS.values():
        assert f"`{path.name}`" in DOC, path.name


def test_the_state_grant_layout_is_documented():
    from navet.roadmap.report_layout import STATE_GRANT

    for section in STATE_GRANT:
        assert f"| {section.title} |" in DOC, section.title
        for figure in section.figures:
            assert not figure.indicator_id or f"`{figure.indicator_id}`" in DOC, figure
