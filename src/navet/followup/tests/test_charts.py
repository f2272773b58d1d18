"""Server-side SVG charts: accessible, in Swedish, and nothing the strict CSP would block."""

import re

import pytest

import navet.followup.indicators  # noqa: F401
from navet.followup import charts
from navet.followup.registry import REGISTRY

SHARE = REGISTRY["named_doctor_coverage"]
MEAN = REGISTRY["continuity_coc"]


def test_a_trend_chart_is_one_titled_image_without_script_or_style():
    months = [(f"{m} 2025", 0.5 + i / 100) for i, m in enumerate(["jan", "feb", "mar"])]
    markup = charts.svg(
        charts.trend_chart(SHARE, [*months, ("apr 2025", None)]),
        chart_id="t",
        title="Andel <listade>",
        description="Tre månader",
    )
    assert markup.startswith('<svg role="img" aria-labelledby="t-title t-desc" class="chart-svg"')
    assert '<title id="t-title">Andel &lt;listade&gt;</title>' in markup
    assert '<desc id="t-desc">Tre månader</desc>' in markup
    assert not re.search(r"<script|<style|\sstyle=|\son\w+=", markup)
    assert "role=" not in markup.split(">", 1)[1]  # Vega's own ARIA roles are removed
    assert "50\u00a0%" in markup  # Swedish per cent on the axis
    assert "apr 2025" in markup  # a hidden month keeps its place on the axis


def test_bar_charts_group_by_breakdown_and_use_decimal_commas():
    rows = [("Västerås (1980)", "Kvinnor", 1.25), ("Västerås (1980)", "Män", 1.5)]
    rows += [("Sala (1981)", "Kvinnor", None), ("Sala (1981)", "Män", 0.75)]
    markup = charts.svg(
        charts.bar_chart(MEAN, rows, grouped=True, group_title="Kön"),
        chart_id="b",
        title="t",
        description="d",
    )
    assert "Kvinnor" in markup and "Män" in markup and "Sala (1981)" in markup
    assert "0,5" in markup or "1,5" in markup


def test_ids_are_prefixed_per_chart(monkeypatch):
    monkeypatch.setattr(
        charts,
        "_render",
        lambda spec: (
            '<svg width="10" height="5" viewBox="0 0 10 5"><clipPath id="clip1"/>'
            '<g clip-path="url(#clip1)"></g></svg>'
        ),
    )
    markup = charts.svg({}, chart_id="x", title="", description="")
    assert 'id="x-clip1"' in markup and 'clip-path="url(#x-clip1)"' in markup
    assert 'width="10"' not in markup and 'viewBox="0 0 10 5"' in markup  # scales with CSS


def test_an_svg_with_a_style_attribute_is_refused(monkeypatch):
    monkeypatch.setattr(charts, "_render", lambda spec: '<svg><g style="fill:red"></g></svg>')
    with pytest.raises(ValueError, match="script, style"):
        charts.svg({}, chart_id="x", title="", description="")
