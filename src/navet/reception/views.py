"""The resident's side of the digital reception: send the triage form, follow the request, chat.

Every view is the resident's own (`own_data_view`): the gate with purpose OWN_DATA logs the read.
The staff side is in views_staff.py."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from navet.access.decorators import own_data_view
from navet.reception import selectors, services, triage
from navet.reception.errors import ReceptionError
from navet.reception.forms import MessageForm, TriageForm
from navet.reception.models import ReceptionRequest


def _own(person, request_id: int) -> ReceptionRequest:
    found = ReceptionRequest.objects.filter(pk=request_id, person=person).first()
    if found is None:
        raise Http404  # another person's request does not exist for this resident
    return found


@own_data_view("reception_requests")
def my_requests(request, person):
    context = {
        "open": services.open_request(person),
        "requests": ReceptionRequest.objects.filter(person=person).order_by("-created_at")[:20],
    }
    return render(request, "reception/my_requests.html", context)


@own_data_view("reception_form")
def new_request(request, person):
    stop = None
    if request.method == "POST":
        form = TriageForm(request.POST)
        if form.is_valid():
            try:
                created = services.submit_request(
                    person=person,
                    user=request.user,
                    key=form.cleaned_data["key"],
                    data=form.cleaned_data,
                    actor=request.navet_access.actor,
                )
            except ReceptionError as error:
                if error.code.startswith("call_"):
                    stop = error.message
                else:
                    form.add_error(None, error.message)
            else:
                messages.success(request, "Ditt ärende är skickat till din vårdcentral.")
                return redirect("reception:my_request", request_id=created.pk)
        status = 200 if stop else 400
    else:
        form, status = TriageForm(), 200
    context = {"form": form, "stop": stop, "open": services.open_request(person)}
    return render(request, "reception/new_request.html", context, status=status)


def _chat_context(found: ReceptionRequest, form=None) -> dict:
    return {
        "req": found,
        "chat": list(found.messages.select_related("author")),
        "form": form or MessageForm(),
        "position": selectors.position(found) if found.status == "waiting" else None,
        "urgency_label": triage.URGENCY_LABELS[found.urgency],
    }


@own_data_view("reception_request")
def my_request(request, person, request_id: int):
    found = _own(person, request_id)
    return render(request, "reception/my_request.html", _chat_context(found))


@own_data_view("reception_request")
def my_status(request, person, request_id: int):
    """The part of the page htmx polls: status, place in line, the chat."""
    found = _own(person, request_id)
    return render(request, "reception/includes/resident_live.html", _chat_context(found))


@own_data_view("reception_request")
@require_POST
def my_write(request, person, request_id: int):
    found = _own(person, request_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.write(
                request=found,
                user=request.user,
                body=form.cleaned_data["body"],
                key=form.cleaned_data["key"],
                actor=request.navet_access.actor,
                staff=False,
            )
        except ReceptionError as error:
            form.add_error("body", error.message)
        else:
            return redirect("reception:my_request", request_id=found.pk)
    return render(request, "reception/my_request.html", _chat_context(found, form), status=400)
