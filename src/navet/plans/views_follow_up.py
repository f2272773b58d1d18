"""Following a plan up and closing it (issue 6 part 5). Thin, gated like every SIP page."""

from __future__ import annotations

from django.utils import timezone

from navet.access.decorators import person_view
from navet.access.purposes import Purpose
from navet.plans import follow_up
from navet.plans.forms import CloseForm, FollowUpForm
from navet.plans.views import _actor, _plan, submit, ui_key


@person_view(Purpose.SIP, object_type="sip")
def record_follow_up(request, person, plan_id):
    plan = _plan(person, plan_id)
    return submit(
        request,
        person,
        plan,
        FollowUpForm(request.POST or None, initial={"held_on": timezone.localdate()}),
        lambda data: follow_up.record_follow_up(
            actor=_actor(request),
            user=request.user,
            plan=plan,
            key=ui_key(request, data),
            held_on=data["held_on"],
            note=data["note"],
            next_date=data["next_date"],
        ),
        done="Uppföljningen är registrerad.",
        title="Registrera uppföljning",
        intro="Planen får en ny version med datumet för nästa uppföljning.",
    )


@person_view(Purpose.SIP, object_type="sip")
def close(request, person, plan_id):
    plan = _plan(person, plan_id)
    return submit(
        request,
        person,
        plan,
        CloseForm(request.POST or None),
        lambda data: follow_up.close(
            actor=_actor(request),
            user=request.user,
            plan=plan,
            reason_code=data["reason"],
            note=data["note"],
        ),
        done="Planen är avslutad. Den kan inte längre ändras.",
        title="Avsluta planen",
        intro=(
            "En avslutad plan kan läsas men inte ändras. Vem som avslutade den, när och varför "
            "sparas."
        ),
    )
