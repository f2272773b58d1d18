"""Deviation statistics per category, severity, unit and direction over a period, with small
counts hidden (navet.deviations.statistics); as a page and as CSV."""

from __future__ import annotations

import csv
from datetime import timedelta

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from navet.access.decorators import aggregate_view
from navet.deviations import config, statistics
from navet.deviations.forms import PeriodForm
from navet.organisation.roles import Role

# The unit head leads the unit's systematic quality work; analysts and the county leadership
# follow the county's.
STATISTICS_ROLES = frozenset({Role.ANALYST, Role.LEADERSHIP, Role.UNIT_HEAD})
NOTE = "deviation counts per category, severity, unit and direction; counts under 5 hidden"


def _period(request):
    today = timezone.localdate()
    initial = {"start": today - timedelta(days=365), "end": today}
    form = PeriodForm(request.GET or None, initial=initial)
    if request.GET and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, initial["start"], initial["end"]


@aggregate_view(NOTE, roles=STATISTICS_ROLES)
def overview(request):
    form, start, end = _period(request)
    context = {
        "form": form,
        "start": start,
        "end": end,
        "tables": statistics.tables(start, end),
        "min_count": config.min_count(),
        "query": request.GET.urlencode(),
    }
    return render(
        request, "deviations/statistics.html", context, status=400 if form.errors else 200
    )


@aggregate_view(NOTE, roles=STATISTICS_ROLES)
def download(request):
    _, start, end = _period(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="avvikelser-{start}-{end}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["indelning", "värde", "antal", "varav avslutade", "varav lex Maria/Sarah"])
    hidden = "dold"
    for table in statistics.tables(start, end):
        for row in table.rows:
            writer.writerow(
                [table.title, row.label]
                + [hidden if v is None else v for v in (row.count, row.closed, row.escalated)]
            )
    return response
