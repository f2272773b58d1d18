"""Charts for the dashboards: Vega-Lite specs (altair) rendered to SVG on the server
(vl-convert), included inline in the page. No chart JavaScript reaches the browser, so the strict
Content-Security-Policy holds (no inline script or style: the SVG carries presentation
attributes only, which we check).

Each SVG gets role="img", a <title> and a <desc>; the page puts the same numbers in a table next
to it. Rendering costs ~0.2 s, so results are cached per spec (the specs hold the numbers).
"""

from __future__ import annotations

import json
import re
import threading
from functools import lru_cache

import altair as alt
import pandas as pd
from django.utils.html import escape

from navet.followup.registry import Indicator, Unit

PRIMARY = "#00457c"
# Distinct series colours, each at least 3:1 against white (WCAG 1.4.11).
PALETTE = ["#00457c", "#b34700", "#2e7d32", "#6a1b9a", "#c2185b", "#00695c"]
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"
FORMAT_LOCALE = {
    "decimal": ",",
    "thousands": "\u00a0",
    "grouping": [3],
    "currency": ["", "\u00a0kr"],
    "percent": "\u00a0%",
}
TIME_LOCALE = {
    "dateTime": "%A den %d %B %Y %X",
    "date": "%Y-%m-%d",
    "time": "%H:%M:%S",
    "periods": ["fm", "em"],
    "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
    "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
    "months": [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "shortMonths": [
        "jan",
        "feb",
        "mar",
        "apr",
        "maj",
        "jun",
        "jul",
        "aug",
        "sep",
        "okt",
        "nov",
        "dec",
    ],
}
CONFIG = {
    "aria": False,  # the <svg> as a whole is one image with a title and a description
    "font": FONT,
    # The browser's system font may be wider than the one vl-convert measures labels with.
    "padding": {"left": 40, "right": 16, "top": 5, "bottom": 5},
    "background": "#ffffff",
    "view": {"stroke": None},
    "axis": {
        "labelColor": "#1b1b1b",
        "titleColor": "#1b1b1b",
        "labelFontSize": 12,
        "titleFontSize": 12,
        "gridColor": "#d5dbe1",
        "domainColor": "#505a5f",
        "tickColor": "#505a5f",
    },
    "legend": {"labelColor": "#1b1b1b", "titleColor": "#1b1b1b", "labelFontSize": 12},
}
BAR_HEIGHT = 18
LABEL_LIMIT = 320  # pixels

_lock = threading.Lock()
# Inside a tag: a script, style or foreignObject element, a style or an event attribute.
_FORBIDDEN = re.compile(
    r"<(script|style|foreignObject)\b|<[^>]*\s(style|on[a-z]+)\s*=", re.IGNORECASE
)


def _axis_format(indicator: Indicator) -> str:
    return ".0%" if indicator.unit is Unit.SHARE else ",.4~r"


def _axis_title(indicator: Indicator) -> str:
    from navet.followup.dashboard import unit_text

    return unit_text(indicator).capitalize()


def trend_chart(indicator: Indicator, months: list[tuple[str, float | None]]) -> dict:
    """A line over the months (label such as "jan 2025", value); a hidden month is a gap."""
    labels = [label for label, _ in months]
    # Consecutive shown months form a segment; a hidden month ends one (a gap, not a bridge).
    points, segment = [], 0
    for label, value in months:
        if value is None:
            segment += 1
            continue
        points.append({"month": label, "value": value, "segment": segment})
    data = pd.DataFrame(points, columns=["month", "value", "segment"])
    chart = (
        alt.Chart(data)
        .mark_line(
            point=alt.OverlayMarkDef(size=40, filled=True, color=PRIMARY),
            color=PRIMARY,
            strokeWidth=2,
        )
        .encode(
            x=alt.X(
                "month:O",
                title="Månad",
                sort=labels,
                scale=alt.Scale(domain=labels),
                axis=alt.Axis(labelAngle=-40),
            ),
            detail="segment:N",
            y=alt.Y(
                "value:Q",
                title=_axis_title(indicator),
                axis=alt.Axis(format=_axis_format(indicator), tickCount=6),
                scale=alt.Scale(zero=indicator.unit is not Unit.MEAN),
            ),
        )
        .properties(width=640, height=260)
    )
    return chart.to_dict()


def bar_chart(
    indicator: Indicator,
    rows: list[tuple[str, str, float | None]],
    *,
    grouped: bool,
    group_title: str,
) -> dict:
    """Horizontal bars: one per place (rows of place, group, value), or grouped by breakdown
    value when `grouped`. Hidden cells have no bar; the table beside the chart explains."""
    data = pd.DataFrame(
        [
            {"place": place, "group": group, "value": value}
            for place, group, value in rows
            if value is not None
        ],
        columns=["place", "group", "value"],
    )
    places = list(dict.fromkeys(place for place, _, _ in rows))
    groups = list(dict.fromkeys(group for _, group, _ in rows))
    x = alt.X(
        "value:Q",
        title=_axis_title(indicator),
        axis=alt.Axis(format=_axis_format(indicator), tickCount=6),
        scale=alt.Scale(zero=True),
    )
    # Places must be unique labels (bars of two places with one label would merge); a long
    # label is cut off on screen only.
    y = alt.Y("place:N", title=None, sort=places, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    per_place = len(groups) if grouped else 1
    height = max(BAR_HEIGHT * 2, BAR_HEIGHT * per_place * len(places))
    if grouped:
        chart = (
            alt.Chart(data)
            .mark_bar()
            .encode(
                x=x,
                y=y,
                yOffset=alt.YOffset("group:N", sort=groups),
                color=alt.Color(
                    "group:N",
                    sort=groups,
                    title=group_title,
                    scale=alt.Scale(domain=groups, range=PALETTE[: len(groups)] or [PRIMARY]),
                    legend=alt.Legend(orient="top"),
                ),
            )
        )
    else:
        chart = alt.Chart(data).mark_bar(color=PRIMARY).encode(x=x, y=y)
    return chart.properties(width=440, height=height).to_dict()


@lru_cache(maxsize=512)
def _render(spec_json: str) -> str:
    import vl_convert

    with _lock:  # one V8 runtime: render one chart at a time
        return vl_convert.vegalite_to_svg(
            json.loads(spec_json),
            config=CONFIG,
            format_locale=FORMAT_LOCALE,
            time_format_locale=TIME_LOCALE,
        )


def svg(spec: dict, *, chart_id: str, title: str, description: str) -> str:
    """The chart as inline SVG markup: role="img" named by its <title> and described by its
    <desc>; ids prefixed with `chart_id` so several charts on one page never clash."""
    markup = _render(json.dumps(spec, sort_keys=True, default=str))
    if _FORBIDDEN.search(markup):  # the CSP would block it, or worse: never include it
        raise ValueError("The chart's SVG holds script, style or event attributes.")
    # Vega's own ARIA roles stay off: inside role="img" the parts are not announced anyway.
    markup = re.sub(r'\s(role|aria-roledescription|aria-hidden|aria-label)="[^"]*"', "", markup)
    markup = markup.replace(' class="marks"', "", 1)
    markup = re.sub(r'\bid="([^"]+)"', rf'id="{chart_id}-\1"', markup)
    markup = re.sub(r"url\(#([^)]+)\)", rf"url(#{chart_id}-\1)", markup)
    markup = re.sub(r'\s(width|height)="[^"]*"', "", markup, count=2)
    head = (
        f'<svg role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="chart-svg" focusable="false"'
    )
    markup = markup.replace("<svg", head, 1)
    opening_end = markup.index(">") + 1
    return (
        markup[:opening_end]
        + f'<title id="{chart_id}-title">{escape(title)}</title>'
        + f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        + markup[opening_end:]
    )
