"""docs/indicators.md documents every indicator exactly as registered."""

from navet.followup import catalogue
from navet.followup.registry import REGISTRY
from navet.paths import REPO_ROOT

DOC = REPO_ROOT / "docs" / "indicators.md"


def test_the_reference_in_the_docs_is_generated_from_the_registry():
    text = DOC.read_text(encoding="utf-8")
    assert catalogue.generated_part(text) == catalogue.render(), (
        "docs/indicators.md is out of date: python -m navet.followup.catalogue docs/indicators.md"
    )


def test_every_indicator_and_parameter_default_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for indicator in REGISTRY:
        assert f"### `{indicator.id}` — {indicator.name}" in text
        for parameter in indicator.parameters:
            assert f"| `{parameter.name}` | `{catalogue._value(parameter.default)}` |" in text
