"""The pages of what follows the ready notice: "SIP behövs" and the SIP call (part 6), the
discharge notice and the patient's summary PDF (part 7), the follow-up call (part 10). Thin: every
change is a service call that writes its own audit row; errors come back as a Swedish message on
the stay's page, and nothing stored is lost."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from navet.access.decorators import person_view
from navet.access.models import ConsentMethod
from navet.access.purposes import Purpose
from navet.transitions import discharge_notice, readmission, sip_call
from navet.transitions.errors import TransitionError
from navet.transitions.models import FollowUpCall, InpatientStay
from navet.web.printing import pdf_response

PLANNING = Purpose.DISCHARGE_PLANNING


class SipCallForm(forms.Form):
    consent = forms.BooleanField(
        label="Personen samtycker till att uppgifter delas med kommunen i SIP:en",
        error_messages={"required": "SIP:en kräver personens samtycke. Fråga personen först."},
    )
    method = forms.ChoiceField(
        label="Hur samtycket lämnades",
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Välj hur samtycket lämnades."},
    )


class FollowUpForm(forms.Form):
    note = forms.CharField(label="Anteckning (valfri)", max_length=500, required=False)


def _stay(person, stay_id) -> InpatientStay:
    stays = InpatientStay.objects.select_related("ward")
    return get_object_or_404(stays, pk=stay_id, person=person)


def _back(person, stay):
    return redirect("transitions:stay", person_id=person.pk, stay_id=stay.pk)


def _run(request, person, stay, action, done: str):
    try:
        action()
    except TransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return _back(person, stay)


def _common(request) -> dict:
    return {"actor": request.navet_access.actor, "user": request.user}


@person_view(PLANNING, object_type="stay")
@require_POST
def sip_needed(request, person, stay_id):
    stay = _stay(person, stay_id)
    return _run(
        request,
        person,
        stay,
        lambda: sip_call.mark_needed(stay=stay, **_common(request)),
        "SIP behövs är registrerat. Vårdcentralen kallar till SIP.",
    )


@person_view(PLANNING, object_type="stay")
@require_POST
def sip_send(request, person, stay_id):
    stay = _stay(person, stay_id)
    form = SipCallForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(person, stay)
    method = form.cleaned_data["method"]
    return _run(
        request,
        person,
        stay,
        lambda: sip_call.send(stay=stay, consent_method=method, **_common(request)),
        "Kallelsen till SIP är skickad till kommunen.",
    )


@person_view(PLANNING, object_type="stay")
@require_POST
def send_discharge_notice(request, person, stay_id):
    stay = _stay(person, stay_id)
    return _run(
        request,
        person,
        stay,
        lambda: discharge_notice.send(stay=stay, **_common(request)),
        "Meddelandet om utskrivning är skickat.",
    )


@person_view(PLANNING, object_type="stay_summary")
def summary_pdf(request, person, stay_id):
    stay = _stay(person, stay_id)
    now = timezone.now()
    context = {
        "person": person,
        "stay": stay,
        "summary": discharge_notice.summary(stay, now=now),
        "now": now,
    }
    return pdf_response(
        "transitions/print/summary.html",
        context,
        filename=f"utskrivning-{timezone.localdate(now):%Y-%m-%d}.pdf",
    )


@person_view(PLANNING, object_type="stay")
@require_POST
def follow_up_done(request, person, stay_id):
    stay = _stay(person, stay_id)
    call = get_object_or_404(FollowUpCall, stay=stay)
    form = FollowUpForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _run(
        request,
        person,
        stay,
        lambda: readmission.mark_done(call=call, note=note, **_common(request)),
        "Det uppföljande samtalet är markerat som gjort.",
    )
