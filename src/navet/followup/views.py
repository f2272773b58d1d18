"""The follow-up dashboards (analyst and county leadership): an overview of tiles, a page per
indicator, downloads, and the list of runs with the analyst's "start" button.

Every page reads one stored run (`runs.latest_run()`), never the operational tables.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from navet.access.audit import actor_for, record
from navet.access.decorators import aggregate_view
from navet.access.models import AuditAction
from navet.followup import charts, dashboard, output, runs, tasks
from navet.followup.models import IndicatorRun
from navet.followup.registry import REGISTRY, Indicator
from navet.organisation.roles import Role, role_of

RUNS_LISTED = 15
NOTE = "aggregated, small-cell-suppressed figures from a pseudonymised snapshot; no person shown"


def _can_start(user) -> bool:
    return role_of(user) == Role.ANALYST


def _common(request, run: IndicatorRun | None) -> dict:
    return {
        "run": run,
        "active_run": runs.active_run(),
        "can_start": _can_start(request.user),
    }


@aggregate_view(NOTE)
@require_GET
def overview(request):
    run = runs.latest_run()
    context = _common(request, run)
    if run is not None:
        context["families"] = dashboard.overview(run)
    return render(request, "followup/overview.html", context)


def _indicator(indicator_id: str) -> Indicator:
    if indicator_id not in REGISTRY.indicators:
        raise Http404("Okänd indikator.")
    return REGISTRY[indicator_id]


@aggregate_view(NOTE)
@require_GET
def indicator_detail(request, indicator_id: str):
    indicator = _indicator(indicator_id)
    run = runs.latest_run()
    context = {**_common(request, run), "indicator": indicator}
    run_periods = dashboard.periods(run, indicator.id) if run is not None else []
    if not run_periods:
        return render(request, "followup/indicator.html", context)
    chosen = dashboard.selection(indicator, run_periods, request.GET)
    cells = dashboard.breakdown_cells(run, indicator, chosen)
    months = dashboard.monthly_cells(run, indicator)
    period_cells = dashboard.period_cells(run, indicator)
    latest = period_cells[-1].row if period_cells else None
    previous = period_cells[-2].row if len(period_cells) > 1 else None
    level_label = dashboard.LEVEL_LABELS[chosen.level]
    breakdown_label = dashboard.BREAKDOWN_LABELS[chosen.breakdown]
    period_label = dashboard.period_text(*chosen.period)
    query = urlencode(chosen.query())
    context.update(
        chosen=chosen,
        cells=cells,
        months=months,
        period_cells=period_cells,
        latest=period_cells[-1] if period_cells else None,
        trend=dashboard.trend(indicator, previous, latest),
        level_label=level_label,
        breakdown_label=breakdown_label,
        period_label=period_label,
        levels=[(lvl, dashboard.LEVEL_LABELS[lvl]) for lvl in indicator.levels],
        breakdowns=[(b, dashboard.BREAKDOWN_LABELS[b]) for b in indicator.breakdowns],
        period_choices=[(p[0].isoformat(), dashboard.period_text(*p)) for p in run_periods],
        parameters=dashboard.parameter_rows(run, indicator),
        unit_text=dashboard.unit_text(indicator),
        levels_text=dashboard.levels_text(indicator),
        breakdowns_text=dashboard.breakdowns_text(indicator),
        hidden_count=sum(1 for c in cells if not c.shown),
        csv_url=reverse("followup:download_csv", args=[indicator.id]) + f"?{query}",
        excel_url=reverse("followup:download_excel", args=[indicator.id]) + f"?{query}",
        all_csv_url=reverse("followup:download_csv", args=[indicator.id]),
        all_excel_url=reverse("followup:download_excel", args=[indicator.id]),
    )
    if months:
        context["trend_svg"] = charts.svg(
            charts.trend_chart(
                indicator, [(_month_label(c.row.period_start), c.row.value) for c in months]
            ),
            chart_id="trend",
            title=f"{indicator.name}: utveckling per månad, hela länet",
            description=_trend_description(indicator, months),
        )
    if cells:
        grouped = chosen.level != "county" and chosen.breakdown != "total"
        context["breakdown_svg"] = charts.svg(
            charts.bar_chart(
                indicator,
                [
                    (place, c.group, c.row.value)
                    for place, c in zip(dashboard.chart_places(run, cells), cells, strict=True)
                ],
                grouped=grouped,
                group_title=breakdown_label,
            ),
            chart_id="breakdown",
            title=f"{indicator.name} per {level_label.lower()}"
            + ("" if chosen.breakdown == "total" else f" och {breakdown_label.lower()}")
            + f", {period_label}",
            description=_breakdown_description(cells),
        )
    return render(request, "followup/indicator.html", context)


MONTHS_SV = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _month_label(day) -> str:
    return f"{MONTHS_SV[day.month - 1]} {day.year}"


def _trend_description(indicator: Indicator, months) -> str:
    shown = [c for c in months if c.shown]
    if not shown:
        return "Inga månader har ett värde som kan visas."
    first, last = shown[0], shown[-1]
    low = min(shown, key=lambda c: c.row.value)
    high = max(shown, key=lambda c: c.row.value)
    hidden = len(months) - len(shown)
    text = (
        f"Linjediagram med {len(months)} månader. {first.place}: {first.text}; "
        f"{last.place}: {last.text}. Lägst {low.text} ({low.place}), högst {high.text} "
        f"({high.place})."
    )
    if hidden:
        text += f" {hidden} månader saknar värde och är luckor i linjen."
    return text + " Alla värden finns i tabellen under diagrammet."


def _breakdown_description(cells) -> str:
    shown = [c for c in cells if c.shown]
    text = f"Stapeldiagram med {len(shown)} staplar."
    if shown:
        high = max(shown, key=lambda c: c.row.value)
        low = min(shown, key=lambda c: c.row.value)
        text += (
            f" Högst: {high.place}{' ' + high.group if high.group != 'Totalt' else ''} "
            f"{high.text}. Lägst: {low.place}{' ' + low.group if low.group != 'Totalt' else ''} "
            f"{low.text}."
        )
    hidden = len(cells) - len(shown)
    if hidden:
        text += f" {hidden} celler saknar värde och har ingen stapel."
    return text + " Alla värden finns i resultattabellen."


def _download_rows(request, indicator_id: str):
    indicator = _indicator(indicator_id)
    run = runs.latest_run()
    if run is None:
        raise Http404("Det finns inga beräknade resultat ännu.")
    level = request.GET.get("niva") or None
    breakdown = request.GET.get("indelning") or None
    if level is not None and level not in indicator.levels:
        raise Http404("Okänd nivå.")
    if breakdown is not None and breakdown not in indicator.breakdowns:
        raise Http404("Okänd indelning.")
    period = None
    if request.GET.get("period"):
        period = next(
            (
                candidate
                for candidate in dashboard.periods(run, indicator.id)
                if candidate[0].isoformat() == request.GET["period"]
            ),
            None,
        )
        if period is None:
            raise Http404("Okänd period.")
    table = dashboard.download_table(
        run, indicator, level=level, breakdown=breakdown, period=period
    )
    parts = [indicator.id, *(p for p in (level, breakdown) if p)]
    if period:
        parts.append(period[0].isoformat())
    record(
        actor_for(request.user, request),
        action=AuditAction.EXPORT,
        object_type="indicator_results",
        object_id=run.pk,
        purpose="follow_up",
        detail=f"{'_'.join(parts)}: {len(table)} rader (aggregerade)",
    )
    return table, "_".join(parts) + f"_korning{run.pk}"


@aggregate_view(NOTE)
@require_GET
def download_csv(request, indicator_id: str):
    table, name = _download_rows(request, indicator_id)
    text = io.StringIO()
    output.write_csv(table, text)
    response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@aggregate_view(NOTE)
@require_GET
def download_excel(request, indicator_id: str):
    table, name = _download_rows(request, indicator_id)
    data = io.BytesIO()
    output.write_excel(table, data)
    response = HttpResponse(
        data.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@aggregate_view(NOTE)
def run_list(request):
    if request.method == "POST":
        return _start(request)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    context = _common(request, runs.latest_run())
    context["runs"] = IndicatorRun.objects.order_by("-created_at", "-pk")[:RUNS_LISTED]
    context["timeout_hours"] = settings.NAVET_INDICATOR_RUN_TIMEOUT_HOURS
    return render(request, "followup/runs.html", context)


@require_POST
def _start(request):
    if not _can_start(request.user):
        raise PermissionDenied
    try:
        run = tasks.start_in_background(user=request.user)
    except runs.RunInProgress as busy:
        messages.warning(request, str(busy))
    else:
        messages.success(
            request,
            f"Beräkningen har startats (körning {run.pk}, "
            f"{timezone.localtime(run.created_at):%H:%M}). Sidorna visar de tidigare resultaten "
            "tills den är klar.",
        )
    return redirect("followup:runs")
