"""The discharge pages. Thin: every change is a service call (services.py) that writes its own
audit row; every page about a person is gated with purpose discharge_planning."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from navet.access.audit import actor_for, record_many
from navet.access.decorators import person_view, search_view, to_login
from navet.access.gate import Reason
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.access.selectors import accessible_persons
from navet.access.subjects import subject_for
from navet.organisation.roles import CARE_ROLES, Role
from navet.transitions import deadlines, forms, selectors, services
from navet.transitions.errors import TransitionError
from navet.transitions.models import ConsentAnswer, InpatientStay, StayEvent

PLANNING = Purpose.DISCHARGE_PLANNING
WARD_ROLES = frozenset({Role.WARD_DOCTOR, Role.WARD_NURSE})


def _subject(request):
    return subject_for(request.user, on=timezone.localdate())


def _ward_ids(request) -> list[int]:
    subject = _subject(request)
    if subject.role not in WARD_ROLES:
        return []
    return [u.id for u in subject.units if u.kind == "inpatient_ward"]


def _key(request, form) -> str:
    return f"ui:{request.user.pk}:{form.cleaned_data['key']}"


def _report(request, sent) -> None:
    if sent.notices:
        names = ", ".join(sorted({n.unit.name for n in sent.notices}))
        messages.success(request, f"Meddelande skickat till {names}.")
    for reason in sent.missing:
        messages.warning(request, reason)


@search_view("the notices and ready patients of the user's units; every person shown is logged")
def worklist(request):
    if not request.user.is_authenticated:
        return to_login(request)
    subject = _subject(request)
    if subject.role not in CARE_ROLES:
        raise PermissionDenied
    now = timezone.now()
    unit_ids = sorted(subject.unit_ids)
    visible = accessible_persons(request.user, PLANNING)
    items = list(selectors.notices_to_acknowledge(unit_ids).filter(person__in=visible)[:200])
    ready = list(selectors.ready_in_hospital(unit_ids).filter(person__in=visible)[:200])
    admitted = list(selectors.ward_stays(unit_ids).filter(person__in=visible)[:200])
    soon = list(deadlines.discharges_soon(unit_ids, now=now).filter(person__in=visible)[:200])
    for stay in ready:
        stay.days_ready = selectors.days_ready(stay, now=now)
    record_many(
        actor_for(request.user, request),
        action=AuditAction.SEARCH,
        person_ids=sorted(
            {i.person_id for i in items} | {s.person_id for s in ready + admitted + soon}
        ),
        object_type="discharge_worklist",
        purpose=PLANNING,
    )
    context = {
        "items": items,
        "ready": ready,
        "admitted": admitted,
        "soon": soon,
        "today": timezone.localdate(now),
        "now": now,
    }
    return render(request, "transitions/worklist.html", context)


@person_view(PLANNING, object_type="stay_list")
def person_stays(request, person):
    stays = list(person.stays.select_related("ward"))
    context = {"person": person, "stays": stays, "may_admit": bool(_ward_ids(request))}
    return render(request, "transitions/person_stays.html", context)


@person_view(PLANNING, action=None, also_when={Reason.NO_RELATIONSHIP})
def admit(request, person):
    """Ward staff register an admission; the admission opens the ward's care relationship, so
    the form is open to them before they have one (and shows nothing of the person's record)."""
    ward_ids = _ward_ids(request)
    if not ward_ids:
        raise PermissionDenied
    form = forms.AdmitForm(request.POST or None, ward_ids=ward_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stay, sent = services.admit(
                actor=request.navet_access.actor,
                user=request.user,
                person=person,
                ward=data["ward"],
                at=data["at"],
                admission_type=data["admission_type"],
                care_type=data["care_type"],
                reason=data["reason"],
                consent=data["consent"],
                needs_follow_on=data["needs_follow_on"],
                estimate=data["estimate"],
                key=_key(request, form),
            )
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{person.full_name} är inskriven på {stay.ward.name}.")
            _report(request, sent)
            return redirect("transitions:stay", person_id=person.pk, stay_id=stay.pk)
    return render(
        request,
        "transitions/form.html",
        {"person": person, "form": form, "title": "Registrera inskrivning"},
        status=400 if form.errors else 200,
    )


def _stay(person, stay_id) -> InpatientStay:
    return get_object_or_404(
        InpatientStay.objects.select_related("ward", "municipality"), pk=stay_id, person=person
    )


def _detail(request, person, stay, *, failed=None, status=200):
    events = selectors.history(stay)
    subject = _subject(request)
    on_ward = subject.role in WARD_ROLES and stay.ward_id in subject.unit_ids
    blank = {
        "assess": forms.AssessForm(),
        "estimate": forms.EstimateForm(initial={"estimate": stay.estimated_discharge}),
        "transfer": forms.TransferForm(),
        "ready": forms.ReadyForm(),
        "not_ready": forms.NotReadyForm(),
        "discharge": forms.DischargeForm(
            initial={"at": timezone.localtime().replace(second=0, microsecond=0)}
        ),
        "correct": forms.CorrectForm(events=events),
    }
    if failed is not None:
        blank[failed[0]] = failed[1]
    context = {
        "person": person,
        "stay": stay,
        "events": events,
        "notices": selectors.notices_of(stay),
        "on_ward": on_ward and stay.is_open,
        # The receivers see the admission reason only with the person's consent (as in the
        # notice); the ward always does.
        "show_reason": bool(stay.admission_reason)
        and (stay.ward_id in subject.unit_ids or stay.consent != ConsentAnswer.REFUSED),
        "may_correct": on_ward,
        "is_doctor": subject.role == Role.WARD_DOCTOR,
        "forms": blank,
        "failed": failed[0] if failed else "",
        "error_form": failed[1] if failed else None,
    }
    return render(request, "transitions/stay.html", context, status=status)


@person_view(PLANNING, object_type="stay")
def stay(request, person, stay_id):
    return _detail(request, person, _stay(person, stay_id))


def _run(action, request, stay, data, key):
    """Call the service of `action` with the form's data; returns what it sent (or None)."""
    common = {"actor": request.navet_access.actor, "user": request.user, "key": key}
    if action == "assess":
        return services.assess(stay=stay, at=data["at"], estimate=data["estimate"], **common)
    if action == "estimate":
        return services.set_estimate(stay=stay, estimate=data["estimate"], **common)
    if action == "transfer":
        services.transfer(stay=stay, to_ward=data["to_ward"], at=data["at"], **common)
        return None
    if action == "ready":
        return services.mark_ready(stay=stay, **common)
    if action == "not_ready":
        return services.revoke_ready(stay=stay, reason=data["reason"], **common)
    if action == "discharge":
        services.discharge(stay=stay, at=data["at"], destination=data["destination"], **common)
        return None
    event = get_object_or_404(StayEvent, pk=data["event"], stay=stay)
    services.correct(event=event, at=data["at"], reason=data["reason"], **common)
    return None


FORMS = {
    "assess": (forms.AssessForm, "Behovet av insatser är registrerat."),
    "estimate": (forms.EstimateForm, "Beräknat utskrivningsdatum är ändrat."),
    "transfer": (forms.TransferForm, "Överflyttningen är registrerad."),
    "ready": (forms.ReadyForm, "Patienten är utskrivningsklar."),
    "not_ready": (forms.NotReadyForm, "Patienten är inte längre utskrivningsklar."),
    "discharge": (forms.DischargeForm, "Patienten är utskriven."),
    "correct": (forms.CorrectForm, "Rättelsen är registrerad."),
}


@person_view(PLANNING, object_type="stay")
@require_POST
def act(request, person, stay_id, action):
    if action not in FORMS:
        raise Http404
    stay = _stay(person, stay_id)
    form_class, done = FORMS[action]
    extra = {"events": selectors.history(stay)} if action == "correct" else {}
    form = form_class(request.POST, **extra)
    if form.is_valid():
        try:
            sent = _run(action, request, stay, form.cleaned_data, _key(request, form))
        except TransitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done)
            if sent is not None:
                _report(request, sent)
            return redirect("transitions:stay", person_id=person.pk, stay_id=stay.pk)
    return _detail(request, person, _stay(person, stay_id), failed=(action, form), status=400)
