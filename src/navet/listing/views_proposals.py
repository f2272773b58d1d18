"""The unit head's named-doctor proposals (issue 5 part 4): the runs of their health centre (from
the web and from `propose_named_doctors`), a new run, the review with checkboxes, and accepting.

Persons are shown only through `accessible_persons` and every person shown is logged; accepting
appoints through `listing.services.appoint_named_contact`, which audits each appointment.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from navet.access.audit import actor_for, record_many
from navet.access.decorators import declared
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.access.selectors import accessible_persons
from navet.listing import proposal_runs, selectors
from navet.listing.errors import ListingError
from navet.listing.models import ProposalRun, ProposalSource, ProposalStatus
from navet.listing.views import _care_staff, _headed_centre

SHOWN = 300  # proposals (and persons left without one) shown per list, highest need first
_KEY_LENGTH = 64


def _runs_url(unit) -> str:
    return f"{reverse('listing:proposals')}?enhet={unit.pk}"


@declared("search", "the unit head's own health centre: proposal runs (counts only, no persons)")
def proposals(request):
    staff, refusal = _care_staff(request)
    if refusal is not None:
        return refusal
    centre = _headed_centre(request, staff)
    if request.method == "POST":
        key = (request.POST.get("key") or "")[:_KEY_LENGTH] or f"ui:{uuid.uuid4().hex}"
        run = proposal_runs.run_proposals(
            actor=actor_for(request.user, request),
            unit=centre,
            user=request.user,
            source=ProposalSource.UI,
            key=key,
        )
        messages.success(
            request, f"{run.proposed} förslag för {run.candidates} personer utan fast läkarkontakt."
        )
        return redirect("listing:proposal_run", run_id=run.pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {
        "unit": centre,
        "runs": ProposalRun.objects.filter(unit=centre)[:20],
        "key": f"ui:{uuid.uuid4().hex}",
        "over": proposal_runs.over_capacity(centre, on=timezone.localdate()),
    }
    return render(request, "listing/proposals.html", context)


def _run_for(request, run_id: int):
    """(staff, run, None) for a run of a health centre the user heads, or (…, a refusal)."""
    staff, refusal = _care_staff(request)
    if refusal is not None:
        return None, None, refusal
    run = get_object_or_404(ProposalRun.objects.select_related("unit"), pk=run_id)
    heads = selectors.units_served(staff, on=timezone.localdate(), heads_only=True)
    if run.unit_id not in {u.pk for u in heads}:
        raise PermissionDenied
    return staff, run, None


def _visible(request, proposals_qs):
    allowed = accessible_persons(request.user, Purpose.CARE).values("pk")
    return list(
        proposals_qs.filter(person__in=allowed)
        .select_related("person", "doctor")
        .order_by("-need", "person__family_name", "pk")[:SHOWN]
    )


def _review(request, run, *, result=None, status=200):
    proposed = _visible(request, run.proposals.exclude(status=ProposalStatus.UNASSIGNED))
    left = _visible(request, run.proposals.filter(status=ProposalStatus.UNASSIGNED))
    shown = sorted({p.person_id for p in proposed + left})
    if shown:
        record_many(
            actor_for(request.user, request),
            action=AuditAction.SEARCH,
            person_ids=shown,
            purpose=Purpose.CARE,
            detail=f"förslag på fast läkarkontakt, {run.unit.name}",
        )
    context = {
        "run": run,
        "unit": run.unit,
        "proposed": proposed,
        "left": left,
        "result": result,
        "over": proposal_runs.over_capacity(run.unit, on=timezone.localdate()),
        "shown_limit": SHOWN,
    }
    return render(request, "listing/proposal_run.html", context, status=status)


@declared(
    "search",
    "one proposal run of the unit head's own health centre: persons filtered by "
    "accessible_persons, each shown logged",
)
def proposal_run(request, run_id: int):
    _staff, run, refusal = _run_for(request, run_id)
    if refusal is not None:
        return refusal
    return _review(request, run)


@declared(
    "search",
    "accepts proposals of the unit head's own health centre; each appointment is audited by "
    "listing.services.appoint_named_contact",
)
def accept(request, run_id: int):
    staff, run, refusal = _run_for(request, run_id)
    if refusal is not None:
        return refusal
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    ids = [int(v) for v in request.POST.getlist("proposal") if v.isdigit()]
    if request.POST.get("alla"):  # every open proposal of the run the user may see
        allowed = accessible_persons(request.user, Purpose.CARE).values("pk")
        open_ = run.proposals.filter(status=ProposalStatus.PROPOSED, person__in=allowed)
        ids = list(open_.values_list("pk", flat=True))
    if not ids:
        messages.error(request, "Välj minst ett förslag att godkänna (eller godkänn alla).")
        return redirect("listing:proposal_run", run_id=run.pk)
    try:
        result = proposal_runs.accept_proposals(
            actor=actor_for(request.user, request), run=run, proposal_ids=ids, by=staff
        )
    except ListingError as error:
        messages.error(request, error.message)
        return redirect("listing:proposal_run", run_id=run.pk)
    if result.accepted:
        messages.success(request, f"{len(result.accepted)} fasta läkarkontakter är utsedda.")
    elif not result.skipped:
        messages.info(request, "Förslagen var redan behandlade: inget ändrades.")
    for warning in result.warnings:
        messages.warning(request, warning)
    for proposal, why in result.skipped:
        if why not in result.warnings:
            messages.warning(request, f"{proposal.person.full_name}: {why}")
    return redirect("listing:proposal_run", run_id=run.pk)


__all__ = ["SHOWN", "accept", "proposal_run", "proposals"]
