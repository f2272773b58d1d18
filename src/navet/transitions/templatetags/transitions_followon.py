"""`{% followon_section %}` on the stay's page (SIP call, discharge notice, follow-up call,
readmission flags) and `{% followon_worklist %}` on the worklist (SIP calls and follow-up calls
due). Tags rather than changes to views.py, which other parts of issue 7 extend in parallel.

The worklist tag shows persons: like the worklist view, it restricts them to those the user may
read for discharge planning and logs them."""

from django import template
from django.utils import timezone

from navet.access.audit import actor_for, record_many
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.access.selectors import accessible_persons
from navet.access.subjects import subject_for
from navet.transitions import discharge_notice, readmission, sip_call
from navet.transitions.views_followon import FollowUpForm, SipCallForm

register = template.Library()


def _subject(context):
    return subject_for(context["request"].user, on=timezone.localdate())


@register.inclusion_tag("transitions/includes/followon.html", takes_context=True)
def followon_section(context):
    stay, person, request = context["stay"], context["person"], context["request"]
    subject = _subject(context)
    call = getattr(stay, "sip_call", None)
    centre = call.health_centre if call else sip_call.health_centre(stay)
    contact = sip_call.named_care_contact(stay, centre)
    staff = getattr(request.user, "staff", None)
    may_send = bool(
        call
        and not call.sent_at
        and centre
        and centre.pk in subject.unit_ids
        and (contact is None or (staff is not None and contact.staff_id == staff.pk))
    )
    follow_up = getattr(stay, "follow_up_call", None)
    on_ward = stay.ward_id in subject.unit_ids
    return {
        "request": request,
        "person": person,
        "stay": stay,
        "now": timezone.now(),
        "call": call,
        "centre": centre,
        "contact": contact,
        "due_at": sip_call.due_at(stay),
        "may_mark": call is None and stay.is_open and stay.notices.exists(),
        "may_send": may_send,
        "sip_form": SipCallForm(),
        "notices": list(stay.discharge_notices.select_related("unit")),
        "on_time": discharge_notice.discharge_notice_on_time(stay),
        "may_send_notice": on_ward and stay.notices.exists(),
        "follow_up": follow_up,
        "may_mark_done": bool(
            follow_up and not follow_up.done_at and follow_up.unit_id in subject.unit_ids
        ),
        "follow_up_form": FollowUpForm(),
        **readmission.readmission_flags(stay),
    }


@register.inclusion_tag("transitions/includes/followon_worklist.html", takes_context=True)
def followon_worklist(context):
    request = context["request"]
    now = timezone.now()
    unit_ids = sorted(_subject(context).unit_ids)
    visible = accessible_persons(request.user, Purpose.DISCHARGE_PLANNING)
    calls = list(sip_call.calls_to_send(unit_ids).filter(stay__person__in=visible)[:200])
    for call in calls:
        call.due_at = sip_call.due_at(call.stay)
    follow_ups = list(readmission.calls_open(unit_ids).filter(stay__person__in=visible)[:200])
    person_ids = sorted({c.stay.person_id for c in calls} | {f.stay.person_id for f in follow_ups})
    if person_ids:
        record_many(
            actor_for(request.user, request),
            action=AuditAction.SEARCH,
            person_ids=person_ids,
            object_type="discharge_worklist",
            purpose=Purpose.DISCHARGE_PLANNING,
        )
    return {"calls": calls, "follow_ups": follow_ups, "now": now}


@register.inclusion_tag("transitions/includes/followon_counts.html", takes_context=True)
def followon_counts(context):
    """Counts only (no one's data), for the start-page card."""
    user = getattr(context.get("request"), "user", None)
    unit_ids = sorted(subject_for(user, on=timezone.localdate()).unit_ids) if user else []
    if not unit_ids:
        return {}
    now = timezone.now()
    calls = list(sip_call.calls_to_send(unit_ids))
    follow_ups = readmission.calls_open(unit_ids)
    return {
        "calls": len(calls),
        "calls_overdue": sum(1 for c in calls if sip_call.due_at(c.stay) < now),
        "follow_ups": follow_ups.count(),
        "follow_ups_overdue": follow_ups.filter(due_by__lt=now).count(),
    }
