"""The resident's own plans (menu *Mina planer*): each SIP as agreed (the finalised version),
with goals, who does what, contacts, the coordinator, the next agreed time and the meetings;
the resident confirms having read it, writes to the coordinator and downloads it as a PDF.

Every page passes the gate with purpose OWN_DATA (`own_data_view`, which logs the read); the
changes are logged by the plans services. The page is a list of *kinds* of plan, each drawn by
its own include (`PlanEntry.template`), so the documented agreement can join the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from navet.access.decorators import own_data_view
from navet.access.models import AuditAction
from navet.citizen.forms import ConfirmReadForm, QuestionForm
from navet.messaging.errors import MessagingError
from navet.plans import citizen as plan_views
from navet.plans import citizen_agreements as agreement_views
from navet.plans.errors import PlanError
from navet.plans.models import CoordinatedPlan


@dataclass(frozen=True)
class PlanEntry:
    """One of the person's plans on *Mina planer*: the include that draws it and its data."""

    template: str
    item: Any


def plan_entries(request, person) -> list[PlanEntry]:
    entries = [
        PlanEntry("citizen/includes/sip_summary.html", own)
        for own in plan_views.own_plans(person, user=request.user)
    ]
    entries += [
        PlanEntry("citizen/includes/agreement_summary.html", own)
        for own in agreement_views.own_agreements(person)
    ]
    return entries


def _own_plan(request, person, plan_id: int):
    plan = CoordinatedPlan.objects.filter(pk=plan_id, person=person).first()
    if plan is None:
        raise Http404
    return plan_views.own_plan(plan, user=request.user)


@own_data_view("own_plans")
def my_plans(request, person):
    return render(
        request,
        "citizen/my_plans.html",
        {"person": person, "entries": plan_entries(request, person)},
    )


def _plan_page(request, person, own, *, question_form=None, status=200):
    context = {
        "person": person,
        "own": own,
        "confirm_form": ConfirmReadForm(),
        "question_form": question_form or QuestionForm(),
    }
    return render(request, "citizen/my_plan.html", context, status=status)


@own_data_view("own_sip")
def my_plan(request, person, plan_id: int):
    return _plan_page(request, person, _own_plan(request, person, plan_id))


@own_data_view("own_sip", action=None)
@require_POST
def confirm_read(request, person, plan_id: int):
    own = _own_plan(request, person, plan_id)
    form = ConfirmReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Något gick fel. Ladda om sidan och försök igen.")
        return redirect("citizen:my_plan", plan_id=plan_id)
    try:
        reading = plan_views.confirm_read(
            actor=request.navet_access.actor,
            user=request.user,
            plan=own.plan,
            key=f"citizen:{request.user.pk}:{form.cleaned_data['key']}",
        )
    except PlanError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Tack! Din samordnare ser att du har läst planen (version {reading.version}).",
        )
    return redirect("citizen:my_plan", plan_id=plan_id)


@own_data_view("own_sip", action=None)
@require_POST
def ask(request, person, plan_id: int):
    own = _own_plan(request, person, plan_id)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            plan_views.ask_coordinator(
                actor=request.navet_access.actor,
                user=request.user,
                plan=own.plan,
                text=form.cleaned_data["text"],
                key=f"citizen:{request.user.pk}:{form.cleaned_data['key']}",
            )
        except (PlanError, MessagingError) as error:
            form.add_error("text", error.message)
        else:
            messages.success(
                request, f"Ditt meddelande är skickat till {own.plan.coordinator_name}."
            )
            return redirect("citizen:my_plan", plan_id=plan_id)
    return _plan_page(request, person, own, question_form=form, status=400)


@own_data_view("own_sip_pdf", action=AuditAction.PRINT)
def my_plan_pdf(request, person, plan_id: int):
    return plan_views.pdf(_own_plan(request, person, plan_id))


def _own_agreement(person, agreement_id: int):
    own = agreement_views.own_agreement(person, agreement_id)
    if own is None:
        raise Http404
    return own


@own_data_view("own_agreement")
def my_agreement(request, person, agreement_id: int):
    own = _own_agreement(person, agreement_id)
    return render(request, "citizen/my_agreement.html", {"person": person, "own": own})


@own_data_view("own_agreement_pdf", action=AuditAction.PRINT)
def my_agreement_pdf(request, person, agreement_id: int):
    return agreement_views.pdf(_own_agreement(person, agreement_id))
