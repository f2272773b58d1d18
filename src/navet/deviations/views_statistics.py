"""Deviation statistics per category, severity, unit and direction over a period, with small
counts hidden (navet.deviations.statistics); as a page and as CSV, for all units or for one unit
(the deviations it reported or received)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone

from navet.access.decorators import aggregate_view
from navet.access.subjects import subject_for
from navet.deviations import config, statistics
from navet.deviations.forms import StatisticsForm
from navet.organisation.models import CareUnit
from navet.organisation.roles import Role

# The unit head leads the unit's systematic quality work; analysts and the county leadership
# follow the county's.
STATISTICS_ROLES = frozenset({Role.ANALYST, Role.LEADERSHIP, Role.UNIT_HEAD})
# Roles tied to units: the unit filter offers the user's own units first.
UNIT_ROLES = frozenset({Role.UNIT_HEAD})
NOTE = "deviation counts per category, severity, unit and direction; counts under 5 hidden"


@dataclass(frozen=True)
class Selection:
    start: date
    end: date
    unit: CareUnit | None  # None: all units


def _selection(request) -> tuple[StatisticsForm, Selection]:
    """The form and what to count: the valid selection, or the default (the last year, all
    units) when nothing or something invalid was asked for."""
    today = timezone.localdate()
    subject = subject_for(request.user, on=today)
    own_ids = [u.id for u in subject.units] if subject.role in UNIT_ROLES else []
    own, others = statistics.units_to_choose(own_ids)
    initial = {"start": today - timedelta(days=365), "end": today}
    data = None
    if request.GET:  # a date left out of the query is the default; one sent empty is an error
        data = request.GET.copy()
        for name, value in initial.items():
            data.setdefault(name, value.isoformat())
    form = StatisticsForm(data, initial=initial, own=own, others=others)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        return form, Selection(data["start"], data["end"], data["unit"])
    return form, Selection(initial["start"], initial["end"], None)


def _tables(selection: Selection):
    unit_id = selection.unit.pk if selection.unit else None
    return statistics.tables(selection.start, selection.end, unit_id)


@aggregate_view(NOTE, roles=STATISTICS_ROLES)
def overview(request):
    form, selection = _selection(request)
    context = {
        "form": form,
        "start": selection.start,
        "end": selection.end,
        "unit": selection.unit,
        "tables": _tables(selection),
        "min_count": config.min_count(),
        # the CSV of what the page shows (the default when the selection is invalid)
        "query": "" if form.errors else request.GET.urlencode(),
    }
    return render(
        request, "deviations/statistics.html", context, status=400 if form.errors else 200
    )


def _filename(selection: Selection) -> str:
    name = f"avvikelser-{selection.start}-{selection.end}"
    if selection.unit is not None:
        name += "-enhet-" + re.sub(r"[^A-Za-z0-9-]", "", selection.unit.hsa_id)
    return name + ".csv"


def _refusal(form: StatisticsForm) -> HttpResponseBadRequest:
    errors = [
        (f"{form.fields[name].label}: " if name in form.fields else "") + " ".join(messages)
        for name, messages in form.errors.items()
    ]
    text = "Felaktigt urval. " + " ".join(errors) + "\n"
    return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")


@aggregate_view(NOTE, roles=STATISTICS_ROLES)
def download(request):
    form, selection = _selection(request)
    if form.errors:
        return _refusal(form)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(selection)}"'
    response.write("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["indelning", "värde", "antal", "varav avslutade", "varav lex Maria/Sarah"])
    hidden = "dold"
    for table in _tables(selection):
        for row in table.rows:
            writer.writerow(
                [table.title, row.label]
                + [hidden if v is None else v for v in (row.count, row.closed, row.escalated)]
            )
    return response
