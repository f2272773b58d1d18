"""The planning page's section on days caused by the region's gaps (§14): claim, confirm,
dispute, withdraw. Thin: transitions.gaps checks the side and writes the audit row."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from navet.access.decorators import person_view
from navet.access.purposes import Purpose
from navet.transitions import gaps
from navet.transitions.errors import TransitionError
from navet.transitions.forms_gaps import GapClaimForm, GapDecisionForm
from navet.transitions.models import InpatientStay
from navet.transitions.models_gaps import RegionGap
from navet.transitions.views_planning import _page, _stay

DONE = {
    "claim": "Begäran om undantagna dagar är skickad till regionen.",
    "confirm": "Dagarna är bekräftade och undantas i betalningsunderlaget.",
    "dispute": "Dagarna är bestridda.",
    "withdraw": "Begäran är återkallad.",
}


def _common(request, form) -> dict:
    return {
        "actor": request.navet_access.actor,
        "user": request.user,
        "key": f"ui:{request.user.pk}:{form.cleaned_data['key']}",
    }


@person_view(Purpose.DISCHARGE_PLANNING, object_type="stay_gap")
@require_POST
def claim(request, person, stay_id):
    stay = _stay(person, stay_id)
    form = GapClaimForm(request.POST, stay=stay, prefix="gap")
    if form.is_valid():
        data = form.cleaned_data
        replaces = None
        if data["replaces"]:
            replaces = get_object_or_404(RegionGap, pk=data["replaces"], stay=stay)
        try:
            gaps.claim(
                stay=stay,
                first_day=data["first_day"],
                last_day=data["last_day"],
                reason=data["reason"],
                text=data["text"],
                replaces=replaces,
                **_common(request, form),
            )
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, DONE["claim"])
            return redirect(_url(person, stay))
    return _page(request, person, stay, failed=("gap", form), status=400)


@person_view(Purpose.DISCHARGE_PLANNING, object_type="stay_gap")
@require_POST
def decide(request, person, stay_id, gap_id, action):
    if action not in ("confirm", "dispute", "withdraw"):
        raise Http404
    stay: InpatientStay = _stay(person, stay_id)
    gap = get_object_or_404(RegionGap, pk=gap_id, stay=stay)
    form = GapDecisionForm(request.POST)
    if form.is_valid():
        common = _common(request, form)
        try:
            if action == "withdraw":
                gaps.withdraw(gap=gap, **common)
            else:
                note = form.cleaned_data["note"]
                gaps.decide(gap=gap, confirm=action == "confirm", note=note, **common)
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, DONE[action])
            return redirect(_url(person, stay))
    return _page(request, person, stay, failed=("gap_decision", form), status=400)


def _url(person, stay) -> str:
    return reverse("transitions:planning", args=[person.pk, stay.pk]) + "#gaps"
