"""Views of shared deviations (thin: the work is in services and selectors).

A deviation about a person is read and handled under the person's URL, through the gate
(`person_view`); one about a routine (no person) under /avvikelser/<id>/. Either way only the
units party to it (the reporting unit and every unit it was routed to) see it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from navet.access.audit import actor_for, record_many
from navet.access.decorators import declared, person_view, search_view, to_login
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.deviations import cases, selectors, services
from navet.deviations.errors import DeviationError
from navet.deviations.forms import CloseForm, CommentForm, ForwardForm, ReportForm
from navet.deviations.models import SERIOUS, Deviation, Status
from navet.organisation.roles import CARE_ROLES, role_of

WORKLIST_SIZE = 200


def _care_user(request):
    if not request.user.is_authenticated:
        return to_login(request)
    if role_of(request.user) not in CARE_ROLES:
        raise PermissionDenied
    return None


def deviation_url(d: Deviation) -> str:
    if d.person_id:
        return reverse(
            "deviations:person_detail", kwargs={"person_id": d.person_id, "deviation_id": d.pk}
        )
    return reverse("deviations:detail", kwargs={"deviation_id": d.pk})


@search_view("open deviations of the user's units and those they reported; every person logged")
def worklist(request):
    if (refusal := _care_user(request)) is not None:
        return refusal
    to_handle = list(selectors.to_handle(request.user)[:WORKLIST_SIZE])
    reported = list(selectors.reported_by_units(request.user))
    record_many(
        actor_for(request.user, request),
        action=AuditAction.SEARCH,
        person_ids=sorted({d.person_id for d in to_handle + reported if d.person_id}),
        object_type="deviation_list",
        purpose=Purpose.CARE,
    )
    context = {"to_handle": to_handle, "reported": reported, "Status": Status}
    return render(request, "deviations/worklist.html", context)


def _report(request, form, person, actor):
    data = form.cleaned_data
    case = cases.parse_ref(data.get("case") or "") if data.get("case") else None
    if data.get("case") and case is None:
        form.add_error("case", "Välj ett ärende i listan.")
        return None
    try:
        d = services.report(
            actor=actor,
            user=request.user,
            person=person,
            case=case,
            category=data["category"],
            severity=data["severity"],
            occurred_at=data["occurred_at"],
            description=data["description"],
            immediate_action=data["immediate_action"],
            responsible_unit=data.get("responsible_unit"),
            escalation=data.get("escalation") or "",
            key=f"ui:{request.user.pk}:{data['key']}",
        )
    except DeviationError as error:
        for field, reason in error.errors.items():
            form.add_error(field if field in form.fields else None, reason)
        if not error.errors:
            form.add_error(None, error.message)
        return None
    messages.success(request, f"Avvikelsen är anmäld och skickad till {d.responsible_unit.name}.")
    return redirect(deviation_url(d))


@declared("none", "the report form for a deviation without a person (a routine); care roles")
def new(request):
    if (refusal := _care_user(request)) is not None:
        return refusal
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _report(request, form, None, actor_for(request.user, request))
        if done is not None:
            return done
    status = 400 if form.errors else 200
    return render(request, "deviations/new.html", {"form": form, "person": None}, status=status)


@person_view(Purpose.CARE, object_type="deviation_list")
def person_deviations(request, person):
    if role_of(request.user) not in CARE_ROLES:
        raise PermissionDenied
    form = ReportForm(request.POST or None, cases=cases.cases_of(person))
    if request.method == "POST" and form.is_valid():
        done = _report(request, form, person, request.navet_access.actor)
        if done is not None:
            return done
    context = {
        "person": person,
        "form": form,
        "deviations": list(selectors.of_person(request.user, person)),
    }
    return render(request, "deviations/person.html", context, status=400 if form.errors else 200)


def _detail(request, d: Deviation, *, forms=None, status=200):
    forms = forms or {}
    serves = services.serves_responsible(request.user, d)
    context = {
        "d": d,
        "person": d.person,
        "serves": serves,
        "events": selectors.history(d),
        "comments": list(d.comments.select_related("unit")),
        "case_url": cases.url_of(d.case_kind, d.case_id, d.person_id) if d.case_kind else "",
        "serious": d.severity in SERIOUS,
        "comment_form": forms.get("comment") or CommentForm(),
        "forward_form": forms.get("forward") or ForwardForm(),
        "close_form": forms.get("close") or CloseForm(initial={"escalation": d.escalation}),
        "Status": Status,
    }
    context["urls"] = {
        a: _action_url(d, a) for a in ("receive", "investigate", "forward", "comment", "close")
    }
    return render(request, "deviations/detail.html", context, status=status)


def _action_url(d: Deviation, action: str) -> str:
    if d.person_id:
        kwargs = {"person_id": d.person_id, "deviation_id": d.pk, "action": action}
        return reverse("deviations:person_act", kwargs=kwargs)
    return reverse("deviations:act", kwargs={"deviation_id": d.pk, "action": action})


def _party_deviation(request, deviation_id, person) -> Deviation:
    d = get_object_or_404(
        Deviation.objects.select_related("person", "reporting_unit", "responsible_unit"),
        pk=deviation_id,
        person=person,
    )
    if not services.is_party(request.user, d):
        raise Http404  # not one of the units it concerns: as if it did not exist
    return d


@person_view(Purpose.CARE, object_type="deviation")
def person_detail(request, person, deviation_id):
    return _detail(request, _party_deviation(request, deviation_id, person))


@declared("none", "a deviation without a person; those about a person redirect to the gated URL")
def detail(request, deviation_id):
    if (refusal := _care_user(request)) is not None:
        return refusal
    d = get_object_or_404(Deviation, pk=deviation_id)
    if d.person_id is not None:
        return redirect(deviation_url(d))  # the gated page decides and logs
    return _detail(request, _party_deviation(request, deviation_id, None))


ACTIONS = ("receive", "investigate", "forward", "comment", "close")


def _act(request, d: Deviation, action: str, actor):
    if action not in ACTIONS:
        raise Http404
    if request.method != "POST":
        return redirect(deviation_url(d))
    forms = {}
    try:
        if action == "receive":
            services.receive(actor=actor, user=request.user, deviation=d)
            messages.success(request, "Avvikelsen är mottagen. Du är utredare.")
        elif action == "investigate":
            services.investigate(actor=actor, user=request.user, deviation=d)
            messages.success(request, "Utredningen är påbörjad.")
        elif action == "forward":
            form = forms["forward"] = ForwardForm(request.POST)
            if form.is_valid():
                d = services.forward(
                    actor=actor, user=request.user, deviation=d, **form.cleaned_data
                )
                messages.success(request, f"Avvikelsen är skickad till {d.responsible_unit.name}.")
            else:
                raise DeviationError("Avvikelsen kunde inte skickas vidare.")
        elif action == "comment":
            form = forms["comment"] = CommentForm(request.POST)
            if form.is_valid():
                key = f"ui:{request.user.pk}:{form.cleaned_data['key']}"
                services.comment(
                    actor=actor,
                    user=request.user,
                    deviation=d,
                    text=form.cleaned_data["text"],
                    key=key,
                )
                messages.success(request, "Kommentaren är sparad.")
            else:
                raise DeviationError("Kommentaren kunde inte sparas.")
        else:
            form = forms["close"] = CloseForm(request.POST)
            if form.is_valid():
                services.close(actor=actor, user=request.user, deviation=d, **form.cleaned_data)
                messages.success(request, "Avvikelsen är avslutad.")
            else:
                raise DeviationError("Avvikelsen kan inte avslutas ännu.")
    except DeviationError as error:
        form = forms.get(action)
        if form is not None:
            for field, reason in error.errors.items():
                form.add_error(field if field in form.fields else None, reason)
        messages.error(request, error.message)
        d.refresh_from_db()
        return _detail(request, d, forms=forms, status=400 if form is not None else 409)
    return redirect(deviation_url(d))


@person_view(Purpose.CARE, object_type="deviation")
def person_act(request, person, deviation_id, action):
    d = _party_deviation(request, deviation_id, person)
    return _act(request, d, action, request.navet_access.actor)


@declared("none", "actions on a deviation without a person; care roles of the units party to it")
def act(request, deviation_id, action):
    if (refusal := _care_user(request)) is not None:
        return refusal
    d = _party_deviation(request, deviation_id, None)
    return _act(request, d, action, actor_for(request.user, request))
