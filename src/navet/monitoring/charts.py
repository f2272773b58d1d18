"""A chart of one measure over time, for staff and for the resident: a Vega-Lite line (altair)
rendered to SVG on the server by navet.followup.charts (same CSP-safe markup, title and
description), with the person's thresholds as dashed lines. The page shows the same values in a
table."""

from __future__ import annotations

import altair as alt
import pandas as pd
from django.utils import timezone

from navet.followup.charts import PRIMARY, svg
from navet.monitoring.measures import MEASURES
from navet.monitoring.values import format_value

LIMIT_COLOUR = "#b34700"  # ≥ 3:1 against white


def measure_chart(measure_key: str, values, low=None, high=None, *, chart_id: str) -> str:
    """`values`: measurements of one measure, oldest first."""
    measure = MEASURES[measure_key]
    points = pd.DataFrame(
        [
            {"time": timezone.localtime(v.effective_at).strftime("%Y-%m-%dT%H:%M"),
             "value": float(v.value)}
            for v in values
        ],
        columns=["time", "value"],
    )  # fmt: skip
    title = f"{measure.label} ({measure.unit_label})"
    x = alt.X("time:T", title="Mättid", axis=alt.Axis(format="%d %b", labelAngle=-40))
    line = (
        alt.Chart(points)
        .mark_line(point=alt.OverlayMarkDef(size=40, filled=True, color=PRIMARY), color=PRIMARY)
        .encode(x=x, y=alt.Y("value:Q", title=title, scale=alt.Scale(zero=False)))
    )
    layers = [line]
    limits = [float(limit) for limit in (low, high) if limit is not None]
    if limits:
        rules = pd.DataFrame({"limit": limits})
        layers.append(
            alt.Chart(rules)
            .mark_rule(color=LIMIT_COLOUR, strokeDash=[6, 4], strokeWidth=2)
            .encode(y="limit:Q")
        )
    spec = alt.layer(*layers).properties(width=560, height=220).to_dict()
    description = _describe(measure, values, low, high)
    return svg(spec, chart_id=chart_id, title=title, description=description)


def _describe(measure, values, low, high) -> str:
    if not values:
        return "Inga mätvärden ännu."
    last = values[-1]
    parts = [
        f"{len(values)} mätvärden från {timezone.localtime(values[0].effective_at):%Y-%m-%d} "
        f"till {timezone.localtime(last.effective_at):%Y-%m-%d}",
        f"senaste {format_value(last.value, measure)} {measure.unit_label}",
    ]
    if low is not None:
        parts.append(f"nedre gräns {format_value(low, measure)}")
    if high is not None:
        parts.append(f"övre gräns {format_value(high, measure)}")
    return ", ".join(parts) + ". Samma värden finns i tabellen."
