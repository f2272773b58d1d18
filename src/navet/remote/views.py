"""Views of the digital waiting room (thin: the work is in services and selectors)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from navet.access.audit import actor_for, record_many
from navet.access.decorators import person_view, search_view, to_login
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.access.subjects import subject_for
from navet.organisation.roles import CARE_ROLES, role_of
from navet.remote import selectors, services, vitals
from navet.remote.errors import AlreadyPickedUp, RemoteError
from navet.remote.forms import AnswerForm, QuestionForm
from navet.remote.models import Consultation

WORKLIST_SIZE = 200


@search_view("the unit's queue and the unit's own questions; every person shown is logged")
def worklist(request):
    if not request.user.is_authenticated:
        return to_login(request)
    if role_of(request.user) not in CARE_ROLES:
        raise PermissionDenied
    queue = list(selectors.queue(request.user)[:WORKLIST_SIZE])
    asked = list(selectors.asked(request.user)[:WORKLIST_SIZE])
    record_many(
        actor_for(request.user, request),
        action=AuditAction.SEARCH,
        person_ids=sorted({c.person_id for c in queue + asked}),
        object_type="consultation_list",
        purpose=Purpose.CARE,
    )
    context = {"queue": queue, "asked": asked, "now": timezone.now()}
    return render(request, "remote/worklist.html", context)


def _person_page(request, person, form, status=200):
    context = {
        "person": person,
        "form": form,
        "consultations": list(selectors.of_person(person)),
        "vital_fields": [form[v.field] for v in vitals.VITALS],
        "now": timezone.now(),
    }
    return render(request, "remote/person.html", context, status=status)


@person_view(Purpose.CARE, object_type="consultation_list")
def person_consultations(request, person):
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = services.ask(
                actor=request.navet_access.actor,
                user=request.user,
                person=person,
                target=data["target"],
                urgency=data["urgency"],
                question=data["question"],
                vitals_raw={v.field: data.get(v.field) for v in vitals.VITALS},
                key=f"ui:{request.user.pk}:{data['key']}",
            )
        except RemoteError as error:
            for field, reason in error.errors.items():
                form.add_error(field, reason)
            if not error.errors:
                form.add_error(None, error.message)
        else:
            messages.success(request, f"Frågan är skickad till {consultation.to_unit.name}.")
            return redirect(consultation_url(consultation))
    return _person_page(request, person, form, status=400 if form.errors else 200)


def consultation_url(c: Consultation) -> str:
    from django.urls import reverse

    return reverse("remote:detail", kwargs={"person_id": c.person_id, "consultation_id": c.pk})


def _detail(request, person, c, form=None, status=200):
    serves = c.to_unit_id in subject_for(request.user, on=timezone.localdate()).unit_ids
    context = {
        "person": person,
        "c": c,
        "vitals": vitals.shown(c),
        "serves": serves,
        "mine": c.picked_by_id == request.user.pk,
        "form": form or AnswerForm(),
        "now": timezone.now(),
    }
    return render(request, "remote/detail.html", context, status=status)


@person_view(Purpose.CARE, object_type="consultation")
def detail(request, person, consultation_id):
    c = get_object_or_404(Consultation, pk=consultation_id, person=person)
    return _detail(request, person, c)


@person_view(Purpose.CARE, object_type="consultation")
def pick_up(request, person, consultation_id):
    c = get_object_or_404(Consultation, pk=consultation_id, person=person)
    if request.method != "POST":
        return redirect(consultation_url(c))
    try:
        services.pick_up(actor=request.navet_access.actor, user=request.user, consultation=c)
    except AlreadyPickedUp as error:
        messages.error(request, error.message)
    except RemoteError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Du har tagit konsultationen.")
    return redirect(consultation_url(c))


@person_view(Purpose.CARE, object_type="consultation")
def answer(request, person, consultation_id):
    c = get_object_or_404(Consultation, pk=consultation_id, person=person)
    if request.method != "POST":
        return redirect(consultation_url(c))
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer(
                actor=request.navet_access.actor,
                user=request.user,
                consultation=c,
                **form.cleaned_data,
            )
        except RemoteError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Svaret är skickat till frågande enhet.")
            return redirect(consultation_url(c))
    c.refresh_from_db()
    return _detail(request, person, c, form, status=400)
