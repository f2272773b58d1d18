"""Staff print the person's own plan (the paper fallback, part 7): the same PDF the person
downloads, for a person who does not log in, or — for a child — the guardians' copy: the same
copy a guardian downloads, less what OSL 12:3 decisions withhold (`plans.guardians`); none at
all where a decision withholds the whole plan."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect

from navet.access.audit import record
from navet.access.decorators import person_view
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.plans import citizen, guardians
from navet.plans.models import CoordinatedPlan

FOR_GUARDIANS = "vardnadshavare"


@person_view(Purpose.SIP, action=None, object_type="sip_pdf")
def plan_pdf(request, person, plan_id: int):
    plan = get_object_or_404(CoordinatedPlan, pk=plan_id, person=person)
    for_guardians = request.GET.get("for") == FOR_GUARDIANS
    shown = guardians.guardian_plan(plan) if for_guardians else None
    if for_guardians and shown is None:
        messages.error(
            request,
            "Planen skrevs inte ut till vårdnadshavarna: ett beslut om barnets egen sekretess "
            "(OSL 12 kap. 3 §) gäller hela planen.",
        )
        return redirect("plans:detail", person_id=person.pk, plan_id=plan.pk)
    access = request.navet_access
    record(
        access.actor,
        action=AuditAction.PRINT,
        person_id=person.pk,
        object_type="sip_pdf",
        object_id=plan.pk,
        purpose=Purpose.SIP,
        decision=access.decision,
        detail="exemplar till vårdnadshavare" if for_guardians else "personens exemplar",
    )
    if shown is not None:
        return guardians.pdf(shown)
    return citizen.pdf(citizen.own_plan(plan))
