"""Following a plan up and closing it (issue 6 part 5). Thin, gated like every SIP page."""

from __future__ import annotations

from django.contrib import messages
from django.utils import timezone

from navet.access.decorators import person_view
from navet.access.purposes import Purpose
from navet.plans import follow_up
from navet.plans.errors import PlanError
from navet.plans.forms import CloseForm, FollowUpForm
from navet.plans.views import _actor, _form_page, _plan, _to_plan


@person_view(Purpose.SIP, object_type="sip")
def record_follow_up(request, person, plan_id):
    plan = _plan(person, plan_id)
    form = FollowUpForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            follow_up.record_follow_up(
                actor=_actor(request),
                user=request.user,
                plan=plan,
                key=f"ui:{request.user.pk}:{data['key']}",
                held_on=data["held_on"],
                note=data["note"],
                next_date=data["next_date"],
            )
        except PlanError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Uppföljningen är registrerad.")
            return _to_plan(plan)
    return _form_page(
        request,
        person,
        plan,
        form,
        title="Registrera uppföljning",
        intro="Planen får en ny version med datumet för nästa uppföljning.",
        status=400 if form.errors else 200,
    )


@person_view(Purpose.SIP, object_type="sip")
def close(request, person, plan_id):
    plan = _plan(person, plan_id)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up.close(
                actor=_actor(request),
                user=request.user,
                plan=plan,
                reason_code=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except PlanError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Planen är avslutad. Den kan inte längre ändras.")
            return _to_plan(plan)
    return _form_page(
        request,
        person,
        plan,
        form,
        title="Avsluta planen",
        intro=(
            "En avslutad plan kan läsas men inte ändras. Vem som avslutade den, när och varför "
            "sparas."
        ),
        status=400 if form.errors else 200,
    )
