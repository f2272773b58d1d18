"""The documented agreement's pages (issue 6 part 6), reached from the person's plans page.
Thin: every change is a call to agreements.py, which writes its own audit row; every page is a
`person_view` with purpose care (the named care contact's care relationship)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from navet.access.decorators import person_view
from navet.access.purposes import Purpose
from navet.plans import agreements
from navet.plans.errors import EditConflict, PlanError
from navet.plans.forms import AgreementForm, AssessmentForm, EndAgreementForm, NewAgreementForm
from navet.plans.models import DocumentedAgreement, Stage
from navet.plans.views import _actor, submit, ui_key

CARE = Purpose.CARE
OBJECT = agreements.OBJECT_TYPE


def _agreement(person, agreement_id) -> DocumentedAgreement:
    return get_object_or_404(
        DocumentedAgreement.objects.select_related("unit", "plan"), pk=agreement_id, person=person
    )


def _to(agreement):
    return redirect("plans:agreement", person_id=agreement.person_id, agreement_id=agreement.pk)


@person_view(CARE, object_type=OBJECT)
def new(request, person):
    plans = person.sip_plans.exclude(stage=Stage.CLOSED)
    return submit(
        request,
        person,
        None,
        NewAgreementForm(request.POST or None, plans=plans),
        lambda data: agreements.create_agreement(
            actor=_actor(request),
            user=request.user,
            person=person,
            key=ui_key(request, data),
            plan=data["plan"],
        ),
        to=lambda agreement: redirect(
            "plans:agreement_edit", person_id=person.pk, agreement_id=agreement.pk
        ),
        template="plans/agreement_new.html",
        context={"contact": agreements.named_care_contact(person)},
    )


@person_view(CARE, object_type=OBJECT)
def detail(request, person, agreement_id):
    agreement = _agreement(person, agreement_id)
    return render(
        request,
        "plans/agreement_detail.html",
        {
            "person": person,
            "agreement": agreement,
            "version": agreement.current_version(),
            "versions": list(agreement.versions.order_by("-number")),
            "assessments": list(agreement.assessments.all()),
            "end_form": EndAgreementForm(),
        },
    )


@person_view(CARE, object_type=OBJECT)
def edit(request, person, agreement_id):
    agreement = _agreement(person, agreement_id)
    conflict = None
    if request.method == "POST":
        form = AgreementForm(request.POST)
        if form.is_valid():
            try:
                agreements.save_agreement_version(
                    actor=_actor(request),
                    user=request.user,
                    agreement=agreement,
                    base_version=form.cleaned_data["version"],
                    data=form.content(),
                    key=ui_key(request, form.cleaned_data),
                )
            except EditConflict as error:
                conflict = error
                data = request.POST.copy()
                data["version"] = str(error.theirs.number)
                form = AgreementForm(data)
                form.is_valid()
                form.add_error(None, error.message)
            except PlanError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Överenskommelsen är sparad som en ny version.")
                return _to(agreement)
    else:
        form = AgreementForm(
            initial=AgreementForm.initial_from(agreement.current_version(), agreement.version)
        )
    rows = None
    if conflict is not None:
        rows = agreements.compare_contents(agreements.content_of(conflict.theirs), conflict.mine)
    return render(
        request,
        "plans/agreement_edit.html",
        {
            "person": person,
            "agreement": agreement,
            "form": form,
            "conflict": conflict,
            "conflict_rows": rows,
        },
        status=409 if conflict else (400 if form.errors else 200),
    )


@person_view(CARE, object_type=OBJECT)
def assessment(request, person, agreement_id):
    agreement = _agreement(person, agreement_id)
    return submit(
        request,
        person,
        None,
        AssessmentForm(request.POST or None),
        lambda data: agreements.record_assessment(
            actor=_actor(request),
            user=request.user,
            agreement=agreement,
            key=ui_key(request, data),
            measure=data["measure"],
            performer=data["performer"],
            reasoning=data["reasoning"],
            assessed_on=data["assessed_on"],
            review_on=data["review_on"],
        ),
        done="Egenvårdsbedömningen är registrerad.",
        to=lambda _: _to(agreement),
        title="Egenvårdsbedömning",
        intro=(
            "Bedöm för en åtgärd i taget om den kan utföras som egenvård – av personen själv "
            "eller med hjälp av närstående – eller om kommunens personal behöver utföra den."
        ),
        context={"agreement": agreement},
    )


@person_view(CARE, object_type=OBJECT)
@require_POST
def end(request, person, agreement_id):
    agreement = _agreement(person, agreement_id)
    form = EndAgreementForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Skriv varför överenskommelsen avslutas.")
        return _to(agreement)
    try:
        agreements.end_agreement(
            actor=_actor(request),
            user=request.user,
            agreement=agreement,
            reason=form.cleaned_data["reason"],
        )
    except PlanError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Överenskommelsen är avslutad.")
    return _to(agreement)
