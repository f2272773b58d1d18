"""The person's own choice of named doctor (patientlagen 6:3): the resident's page to choose
and follow their request, and the unit head's worklist to confirm or refuse.

The resident's pages are `own_data_view`s (the read is logged; the request is audited by the
service). The worklist shows persons: restricted to `accessible_persons` and each shown logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from navet.access.audit import actor_for
from navet.access.decorators import declared, own_data_view
from navet.access.purposes import Purpose
from navet.access.selectors import accessible_persons
from navet.listing import capacity, choice, selectors
from navet.listing.errors import ListingError
from navet.listing.forms_choice import ChooseDoctorForm, DecideForm
from navet.listing.models_capacity import ChoiceStatus, NamedDoctorChoice
from navet.listing.views import _care_staff
from navet.listing.views_capacity import log_shown
from navet.organisation.models import Staff, UnitKind
from navet.residents.models import Person

# --- The resident -------------------------------------------------------------------------------


def _resident_page(request, person, *, form=None, status=200):
    today = timezone.localdate()
    unit, options = choice.choosable_doctors(person, on=today)
    pending = choice.pending_choice(person)
    if form is None and unit is not None and pending is None:
        form = ChooseDoctorForm(options=options)
    context = {
        "person": person,
        "unit": unit,
        "options": options,
        "form": form,
        "pending": pending,
        "choices": choice.person_choices(person),
        "current": selectors.named_doctor(person, on=today),
        "errors": [e for errors in form.errors.values() for e in errors] if form else [],
    }
    return render(request, "listing/choose_doctor.html", context, status=status)


@own_data_view("own_doctor_choice")
def choose_doctor(request, person):
    return _resident_page(request, person)


@own_data_view("nameddoctorchoice", action=None)
@require_POST
def request_doctor(request, person):
    _, options = choice.choosable_doctors(person, on=timezone.localdate())
    form = ChooseDoctorForm(request.POST, options=options)
    if not form.is_valid():
        return _resident_page(request, person, form=form, status=400)
    try:
        made, _ = choice.request_named_doctor(
            actor=request.navet_access.actor,
            person=person,
            doctor=form.doctor(),
            key=form.cleaned_data["key"],
            message=form.cleaned_data["message"],
        )
    except ListingError as error:
        form.add_error(None, error.message)
        return _resident_page(request, person, form=form, status=400)
    if made.doctor is not None:
        messages.success(
            request,
            f"Du har valt {made.doctor.full_name}. {made.unit.name} bekräftar ditt val; du ser "
            "beskedet här.",
        )
    else:
        messages.success(request, f"Du står i kö till en fast läkarkontakt på {made.unit.name}.")
    return redirect("listing:choose_doctor")


@own_data_view("nameddoctorchoice", action=None)
@require_POST
def withdraw(request, person, choice_id: int):
    made = get_object_or_404(NamedDoctorChoice, pk=choice_id, person=person)
    made = choice.withdraw_choice(actor=request.navet_access.actor, choice=made)
    if made.status == ChoiceStatus.WITHDRAWN:
        messages.success(request, "Din begäran är återtagen.")
    else:
        messages.info(request, "Vårdcentralen hade redan besvarat din begäran.")
    return redirect("listing:choose_doctor")


# --- The unit head ------------------------------------------------------------------------------


def _headed_centres(staff) -> list:
    today = timezone.localdate()
    heads = selectors.units_served(staff, on=today, heads_only=True)
    centres = [u for u in heads if u.kind == UnitKind.HEALTH_CENTRE]
    if not centres:
        raise PermissionDenied
    return centres


def _requests_page(request, staff, *, bound=None, status=200):
    today = timezone.localdate()
    sections = []
    shown: list[int] = []
    allowed = accessible_persons(request.user, Purpose.CARE)
    for unit in _headed_centres(staff):
        pending = list(choice.pending_for_unit(unit))
        ok = set(allowed.filter(pk__in=[c.person_id for c in pending]).values_list("pk", flat=True))
        free = {d.staff.pk: d.free for d in capacity.doctor_capacities(unit, on=today)}
        doctors = Staff.objects.filter(
            pk__in=[d.pk for d in selectors.eligible_named_doctors(unit, on=today)]
        )
        rows = []
        for item in pending:
            if item.person_id not in ok:
                continue
            shown.append(item.person_id)
            form = (bound or {}).get(item.pk) or DecideForm(
                prefix=f"c{item.pk}", doctors=None if item.doctor_id else doctors
            )
            rows.append((item, form, free.get(item.doctor_id)))
        sections.append((unit, rows, len(pending)))
    log_shown(request, shown, "arbetslista: egna val av fast läkarkontakt")
    return render(request, "listing/choice_requests.html", {"sections": sections}, status=status)


@declared(
    "search",
    "pending own choices of named doctor at the unit head's own health centres: persons "
    "filtered by accessible_persons, each shown logged",
)
def requests(request):
    staff, refusal = _care_staff(request)
    if refusal is not None:
        return refusal
    return _requests_page(request, staff)


@declared(
    "search",
    "the unit head confirms or refuses an own choice at their own health centre (the person "
    "must be accessible); the services audit the decision and the appointment",
)
def decide(request, choice_id: int):
    staff, refusal = _care_staff(request)
    if refusal is not None:
        return refusal
    if request.method != "POST":
        return redirect("listing:choice_requests")
    centres = {u.pk for u in _headed_centres(staff)}
    item = get_object_or_404(NamedDoctorChoice, pk=choice_id, unit_id__in=centres)
    person = Person.objects.filter(pk=item.person_id)
    if not accessible_persons(request.user, Purpose.CARE, queryset=person).exists():
        raise PermissionDenied
    today = timezone.localdate()
    doctors = None
    if item.doctor_id is None:
        eligible = selectors.eligible_named_doctors(item.unit, on=today)
        doctors = Staff.objects.filter(pk__in=[d.pk for d in eligible])
    form = DecideForm(request.POST, prefix=f"c{item.pk}", doctors=doctors)
    actor = actor_for(request.user, request)
    try:
        if not form.is_valid():
            raise ListingError("Beslutet sparades inte: rätta felet nedan.")
        if form.cleaned_data["decision"] == "confirm":
            done = choice.confirm_choice(
                actor=actor, choice=item, by=staff, doctor=form.cleaned_data.get("doctor")
            )
        else:
            done = choice.refuse_choice(
                actor=actor, choice=item, by=staff, explanation=form.cleaned_data["explanation"]
            )
    except ListingError as error:
        form.add_error(None, error.message)
        return _requests_page(request, staff, bound={item.pk: form}, status=400)
    who = done.person.full_name
    if done.status == ChoiceStatus.CONFIRMED:
        messages.success(request, f"{done.doctor.full_name} är nu fast läkarkontakt för {who}.")
    elif done.status == ChoiceStatus.REFUSED:
        messages.success(request, f"Valet är avböjt. {who} ser din förklaring.")
    else:
        messages.info(request, f"Begäran från {who} var redan besvarad eller återtagen.")
    return redirect("listing:choice_requests")
