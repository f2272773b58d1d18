"""*Mina barn*: a guardian (vårdnadshavare) reads the plans of a child in their custody — the
child's SIPs and documented agreements less what an OSL 12:3 decision withholds
(`navet.plans.guardians`) — confirms having read a plan, writes to the coordinator and
downloads the guardians' copy.

Each child page is a `guardian_view`: the gate (purpose GUARDIAN) checks custody today and the
child's age, and logs every read on the child as done by the guardian, so the child's own log
shows it. The list of children is the guardian's own page and logs one read per child shown.
What is not here, on purpose: the child's access log, consents and blocks (the child's own
rights; a guardian cannot block a child's data, trust.md §1).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from navet.access.audit import record_many
from navet.access.decorators import guardian_view, own_data_view
from navet.access.gate import Decision, can_access
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.citizen.forms import ConfirmReadForm, GuardianQuestionForm
from navet.messaging.errors import MessagingError
from navet.plans import citizen as plan_views
from navet.plans import citizen_agreements as agreement_views
from navet.plans import guardians
from navet.plans.errors import PlanError
from navet.plans.models import CoordinatedPlan
from navet.plans.services import name_of
from navet.residents.selectors import guardian_children


@dataclass(frozen=True)
class Child:
    person: object
    decision: Decision
    plans: list
    agreements: list


@own_data_view("own_children")
def my_children(request, person):
    """The children in the user's custody today, each with their plans (or why not)."""
    children = []
    for child in guardian_children(person, on=timezone.localdate()):
        decision = can_access(request.user, child, Purpose.GUARDIAN)
        shown = decision.allowed
        children.append(
            Child(
                person=child,
                decision=decision,
                plans=guardians.guardian_plans(child, user=request.user) if shown else [],
                agreements=guardians.guardian_agreements(child) if shown else [],
            )
        )
    allowed = [c.person.pk for c in children if c.decision.allowed]
    if allowed:
        record_many(
            request.navet_access.actor,
            action=AuditAction.READ,
            person_ids=allowed,
            object_type="guardian_children",
            purpose=Purpose.GUARDIAN,
        )
    return render(request, "citizen/my_children.html", {"person": person, "children": children})


def _plan(request, child, plan_id: int) -> guardians.GuardianPlan:
    plan = CoordinatedPlan.objects.filter(pk=plan_id, person=child).first()
    shown = guardians.guardian_plan(plan, user=request.user) if plan is not None else None
    if shown is None:  # not the child's, or withheld whole: the same answer, nothing revealed
        raise Http404
    return shown


def _plan_page(request, child, shown, *, question_form=None, status=200):
    context = {
        "child": child,
        "g": shown,
        "confirm_form": ConfirmReadForm(),
        "question_form": question_form or GuardianQuestionForm(),
    }
    return render(request, "citizen/child_plan.html", context, status=status)


def _key(request, form) -> str:
    return f"guardian:{request.user.pk}:{form.cleaned_data['key']}"


@guardian_view("guardian_sip")
def child_plan(request, child, plan_id: int):
    return _plan_page(request, child, _plan(request, child, plan_id))


@guardian_view("guardian_sip", action=None)
@require_POST
def confirm_read(request, child, plan_id: int):
    shown = _plan(request, child, plan_id)
    target = redirect("citizen:child_plan", child_id=child.pk, plan_id=plan_id)
    form = ConfirmReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Något gick fel. Ladda om sidan och försök igen.")
        return target
    try:
        reading = plan_views.confirm_read(
            actor=request.navet_access.actor,
            user=request.user,
            plan=shown.plan,
            key=_key(request, form),
            as_guardian=True,
        )
    except PlanError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Tack! Samordnaren ser att du som vårdnadshavare har läst planen "
            f"(version {reading.version}).",
        )
    return target


@guardian_view("guardian_sip", action=None)
@require_POST
def ask(request, child, plan_id: int):
    shown = _plan(request, child, plan_id)
    form = GuardianQuestionForm(request.POST)
    if form.is_valid():
        try:
            plan_views.ask_coordinator(
                actor=request.navet_access.actor,
                user=request.user,
                plan=shown.plan,
                text=form.cleaned_data["text"],
                key=_key(request, form),
                as_guardian=True,
            )
        except (PlanError, MessagingError) as error:
            form.add_error("text", error.message)
        else:
            messages.success(
                request, f"Ditt meddelande är skickat till {shown.plan.coordinator_name}."
            )
            return redirect("citizen:child_plan", child_id=child.pk, plan_id=plan_id)
    return _plan_page(request, child, shown, question_form=form, status=400)


@guardian_view("guardian_sip_pdf", action=AuditAction.PRINT)
def child_plan_pdf(request, child, plan_id: int):
    shown = _plan(request, child, plan_id)
    return guardians.pdf(shown, guardian_name=name_of(request.user))


def _agreement(child, agreement_id: int):
    own = guardians.guardian_agreement(child, agreement_id)
    if own is None:
        raise Http404
    return own


@guardian_view("guardian_agreement")
def child_agreement(request, child, agreement_id: int):
    own = _agreement(child, agreement_id)
    return render(request, "citizen/child_agreement.html", {"child": child, "own": own})


@guardian_view("guardian_agreement_pdf", action=AuditAction.PRINT)
def child_agreement_pdf(request, child, agreement_id: int):
    return agreement_views.pdf(_agreement(child, agreement_id), for_guardians=True)
