"""The shared planning page of a stay (issue 7 parts 3 and 4) and the list of stays whose
person lacks a named care contact. Thin: every change is a call to transitions.planning, which
checks the side and writes the audit row; reads are gated by person_view (discharge_planning)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from navet.access.audit import actor_for, record_many
from navet.access.decorators import person_view, search_view, to_login
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.access.selectors import accessible_persons
from navet.access.subjects import subject_for
from navet.organisation.roles import CARE_ROLES
from navet.transitions import contact, gaps, planning
from navet.transitions.errors import TransitionError
from navet.transitions.forms_gaps import GapClaimForm, GapDecisionForm
from navet.transitions.forms_planning import PLAN_FORMS, ItemForm, MessageForm
from navet.transitions.models import InpatientStay
from navet.transitions.models_planning import Side

PLANNING = Purpose.DISCHARGE_PLANNING
RECENT_DAYS = 30
TITLES = {Side.MUNICIPALITY: "Kommunens planering", Side.HEALTH_CENTRE: "Vårdcentralens planering"}


def _stay(person, stay_id) -> InpatientStay:
    return get_object_or_404(
        InpatientStay.objects.select_related("ward__municipality", "municipality"),
        pk=stay_id,
        person=person,
    )


def _page(request, person, stay, *, failed=None, status=200):
    mine = planning.sides_of(request.user, stay)
    plans = []
    for side, form_class in PLAN_FORMS.items():
        plan = planning.plan_of(stay, side)
        form = None
        if side in mine and stay.is_open:
            form = form_class(instance=plan, prefix=side)
        if failed is not None and failed[0] == side:
            form = failed[1]
        plans.append((side, TITLES[side], plan, form))
    today = timezone.localdate()
    context = {
        "person": person,
        "stay": stay,
        "mine": mine,
        "my_sides": set(mine),
        "sides": planning.side_units(stay),
        "plans": plans,
        "checklist": planning.reconcile(stay, on=today),
        "item_form": ItemForm(),
        "messages_list": list(stay.planning_messages.all()),
        "message_form": failed[1] if failed and failed[0] == "message" else MessageForm(),
        "error_form": failed[1] if failed else None,
        "failed": failed[0] if failed else "",
        "contacts": contact.named_care_contacts(stay, on=today),
        "has_contact_at_discharge": contact.named_care_contact_at_discharge(stay),
        "health_centre_user": Side.HEALTH_CENTRE in mine,
        "editable": stay.is_open,
        "gaps": list(stay.region_gaps.select_related("decided_unit", "claimed_unit")),
        "gap_form": (
            failed[1] if failed and failed[0] == "gap" else GapClaimForm(stay=stay, prefix="gap")
        ),
        "gap_decision_form": GapDecisionForm(),
        "may_claim_gap": Side.MUNICIPALITY in mine and gaps.first_ready_day(stay) is not None,
        "may_decide_gap": bool(set(mine) & {Side.WARD, Side.HEALTH_CENTRE}),
    }
    return render(request, "transitions/planning.html", context, status=status)


@person_view(PLANNING, object_type="stay_planning")
def page(request, person, stay_id):
    return _page(request, person, _stay(person, stay_id))


def _run(action, request, stay, form):
    data = form.cleaned_data
    common = {
        "actor": request.navet_access.actor,
        "user": request.user,
        "stay": stay,
        "key": f"ui:{request.user.pk}:{data['key']}",
    }
    if action in PLAN_FORMS:
        planning.save_plan(side=action, version=data["version"], data=data, **common)
        return "Planeringen är sparad."
    if action == "mark":
        planning.mark_item(code=data["code"], **common)
        return "Punkten är avbockad."
    if action == "unmark":
        planning.unmark_item(code=data["code"], **common)
        return "Punkten är inte längre avbockad."
    planning.post_message(text=data["text"], **common)
    return "Meddelandet är skickat."


FORMS = {**PLAN_FORMS, "mark": ItemForm, "unmark": ItemForm, "message": MessageForm}


@person_view(PLANNING, object_type="stay_planning")
@require_POST
def act(request, person, stay_id, action):
    if action not in FORMS:
        raise Http404
    stay = _stay(person, stay_id)
    prefix = action if action in PLAN_FORMS else None
    form = FORMS[action](request.POST, prefix=prefix)
    if form.is_valid():
        try:
            done = _run(action, request, stay, form)
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done)
            anchor = "#checklist" if action in ("mark", "unmark") else f"#{action}"
            return redirect(_url(person, stay) + anchor)
    return _page(request, person, _stay(person, stay_id), failed=(action, form), status=400)


def _url(person, stay) -> str:
    return reverse("transitions:planning", args=[person.pk, stay.pk])


@search_view("stays whose person lacks a named care contact, for the user's units; logged")
def named_contacts(request):
    if not request.user.is_authenticated:
        return to_login(request)
    subject = subject_for(request.user, on=timezone.localdate())
    if subject.role not in CARE_ROLES:
        raise PermissionDenied
    today = timezone.localdate()
    unit_ids = sorted(subject.unit_ids)
    visible = set(accessible_persons(request.user, PLANNING).values_list("pk", flat=True))
    missing = [
        s for s in contact.missing_named_care_contact(unit_ids, on=today) if s.person_id in visible
    ]
    since = today - timedelta(days=RECENT_DAYS)
    without = [
        s
        for s in contact.discharged_without_named_care_contact(unit_ids, since=since)
        if s.person_id in visible
    ]
    record_many(
        actor_for(request.user, request),
        action=AuditAction.SEARCH,
        person_ids=sorted({s.person_id for s in missing + without}),
        object_type="discharge_named_contacts",
        purpose=PLANNING,
    )
    context = {"missing": missing, "without": without, "days": RECENT_DAYS}
    return render(request, "transitions/planning_contacts.html", context)
