"""The capacity dashboard of a health centre (issue 5, part 3): coverage, each doctor against
the guide value, and the persons without a named doctor, greatest need first.

Figures are counts (no person); the priority list shows persons, so it keeps to those the gate
allows (`accessible_persons`) and logs every person shown, as the worklists do."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from navet.access.audit import actor_for, record_many
from navet.access.decorators import declared
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.access.selectors import accessible_persons
from navet.listing import capacity, config, selectors
from navet.listing.views import _care_staff
from navet.organisation.models import UnitKind
from navet.residents.models import Person


def log_shown(request, person_ids, detail: str) -> None:
    """One `search` audit row per person a list shows (none when it shows nobody)."""
    if person_ids:
        record_many(
            actor_for(request.user, request),
            action=AuditAction.SEARCH,
            person_ids=sorted(set(person_ids)),
            purpose=Purpose.CARE,
            detail=detail,
        )


@declared(
    "search",
    "capacity of the user's own health centres: figures, and persons without a named doctor "
    "filtered by accessible_persons, each shown logged",
)
def dashboard(request):
    staff, refusal = _care_staff(request)
    if refusal is not None:
        return refusal
    today = timezone.localdate()
    centres = selectors.units_served(staff, on=today, kinds=[UnitKind.HEALTH_CENTRE])
    if not centres:
        raise PermissionDenied
    wanted = request.GET.get("enhet")
    unit = next((u for u in centres if str(u.pk) == wanted), centres[0])
    figures = capacity.unit_capacity(unit, on=today)
    weights = capacity.need_weights()
    page = figures.without[: config.worklist_page_size()]
    candidates = Person.objects.filter(pk__in=[p.person_id for p in page])
    allowed = set(
        accessible_persons(request.user, Purpose.CARE, queryset=candidates).values_list(
            "pk", flat=True
        )
    )
    page = [p for p in page if p.person_id in allowed]
    persons = Person.objects.in_bulk([p.person_id for p in page])
    rows = [(persons[p.person_id], p, p.reasons(weights)) for p in page]
    log_shown(request, allowed, f"kapacitet: utan fast läkarkontakt, {unit.name}")
    w = weights
    count = figures.count_without
    context = {
        "centres": centres,
        "unit": unit,
        "figures": figures,
        "rows": rows,
        "weights": w,
        "without_counts": [
            (f"{w.priority_age} år eller äldre", count(lambda p: p.age >= w.priority_age)),
            ("Särskilt boende", count(lambda p: p.nursing_home)),
            ("Hemsjukvård eller hemtjänst", count(lambda p: p.home_health_care)),
            (
                f"Minst {w.many_visits} besök senaste året",
                count(lambda p: p.visits >= w.many_visits),
            ),
        ],
    }
    return render(request, "listing/capacity.html", context)
