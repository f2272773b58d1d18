"""The health centre's side: the queue, one request, pick-up, chat, video link, closing.

Who: staff in a care role with an assignment at the receiving health centre today
(selectors.may_handle). The queue logs every person it shows; reading a request logs a read;
each change is logged by the service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from navet.access.audit import actor_for, record, record_many
from navet.access.decorators import declared, search_view, to_login
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.reception import selectors, services, triage
from navet.reception.errors import ReceptionError
from navet.reception.forms import CloseForm, MessageForm
from navet.reception.models import ReceptionRequest


def _units_or_refusal(request):
    if not request.user.is_authenticated:
        return None, to_login(request)
    units = selectors.reception_units(request.user)
    if not units:
        raise PermissionDenied
    return units, None


def _anonymous(request):
    """The login page for an anonymous user; others go on to the case, whose rule logs a
    refusal about the person (`_case`)."""
    return None if request.user.is_authenticated else to_login(request)


@search_view("the open requests of the user's health centres; every person shown is logged")
def queue(request):
    units, refusal = _units_or_refusal(request)
    if refusal is not None:
        return refusal
    unit = units[0]
    if wanted := request.GET.get("enhet"):
        unit = next((u for u in units if str(u.id) == wanted), None)
        if unit is None:
            raise PermissionDenied
    rows = list(selectors.queue(unit.id))
    if rows:
        record_many(
            actor_for(request.user, request),
            action=AuditAction.SEARCH,
            person_ids=sorted({r.person_id for r in rows}),
            object_type="reception_queue",
            purpose=Purpose.CARE,
            reason=selectors.READ_REASON,
        )
    now = timezone.now()
    context = {
        "unit": unit,
        "units": units,
        "rows": [
            (r, selectors.waiting_minutes(r, now), triage.URGENCY_LABELS[r.urgency]) for r in rows
        ],
    }
    return render(request, "reception/queue.html", context)


def _case(request, request_id: int) -> ReceptionRequest:
    found = get_object_or_404(
        ReceptionRequest.objects.select_related("person", "unit", "picked_by"), pk=request_id
    )
    if not selectors.may_handle(request.user, found):
        record(
            actor_for(request.user, request),
            action=AuditAction.DENIED,
            person_id=found.person_id,
            object_type=services.OBJECT,
            object_id=found.pk,
            purpose=Purpose.CARE,
            reason="other_unit",
        )
        raise PermissionDenied
    return found


def _page(request, found, *, form=None, close_form=None, status=200, template=None):
    record(
        actor_for(request.user, request),
        action=AuditAction.READ,
        person_id=found.person_id,
        object_type=services.OBJECT,
        object_id=found.pk,
        purpose=Purpose.CARE,
        reason=selectors.READ_REASON,
    )
    context = {
        "req": found,
        "chat": list(found.messages.select_related("author")),
        "form": form or MessageForm(),
        "close_form": close_form or CloseForm(),
        "holder": found.picked_by_id == request.user.pk,
        "urgency_label": triage.URGENCY_LABELS[found.urgency],
        "flags": [(f.question, found.answers.get(f.code)) for f in triage.RED_FLAGS],
        "waited": selectors.waiting_minutes(found),
    }
    return render(request, template or "reception/case.html", context, status=status)


@declared("reception_request", "one request to the user's own health centre; every read logged")
def case(request, request_id: int):
    if (refusal := _anonymous(request)) is not None:
        return refusal
    return _page(request, _case(request, request_id))


@declared("reception_request", "the chat of one request (htmx poll); the same rule, logged")
def case_chat(request, request_id: int):
    if (refusal := _anonymous(request)) is not None:
        return refusal
    found = _case(request, request_id)
    return _page(request, found, template="reception/includes/chat.html")


def _change(request, request_id: int, change, success: str):
    if (refusal := _anonymous(request)) is not None:
        return refusal
    found = _case(request, request_id)
    try:
        change(found, actor_for(request.user, request))
    except ReceptionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("reception:case", request_id=found.pk)


@declared("reception_request", "picks up a request of the user's own health centre; logged")
@require_POST
def pick(request, request_id: int):
    return _change(
        request,
        request_id,
        lambda found, actor: services.pick_up(request=found, user=request.user, actor=actor),
        "Du har tagit ärendet. Invånaren ser nu att det är deras tur.",
    )


@declared("reception_request", "offers a video link on a request the user holds; logged")
@require_POST
def video(request, request_id: int):
    return _change(
        request,
        request_id,
        lambda found, actor: services.offer_video(request=found, user=request.user, actor=actor),
        "Videolänken är skickad till invånaren.",
    )


@declared("reception_request", "writes in a request the user holds; logged")
@require_POST
def write(request, request_id: int):
    if (refusal := _anonymous(request)) is not None:
        return refusal
    found = _case(request, request_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.write(
                request=found,
                user=request.user,
                body=form.cleaned_data["body"],
                key=form.cleaned_data["key"],
                actor=actor_for(request.user, request),
                staff=True,
            )
        except ReceptionError as error:
            form.add_error("body", error.message)
        else:
            return redirect("reception:case", request_id=found.pk)
    return _page(request, found, form=form, status=400)


@declared("reception_request", "closes a request the user holds; logged")
@require_POST
def close(request, request_id: int):
    if (refusal := _anonymous(request)) is not None:
        return refusal
    found = _case(request, request_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.close(
                request=found,
                user=request.user,
                outcome=form.cleaned_data["outcome"],
                actor=actor_for(request.user, request),
            )
        except ReceptionError as error:
            form.add_error("outcome", error.message)
        else:
            messages.success(request, "Ärendet är avslutat.")
            return redirect("reception:queue")
    return _page(request, found, close_form=form, status=400)
