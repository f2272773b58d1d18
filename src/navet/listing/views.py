"""Staff pages: one person's listing and named contacts (gated by `person_view`), the worklists
of a unit (lists of persons: filtered by the gate's queryset and every person shown logged), the
unit head's listing page (cap and waiting list) and the listing-file upload.

Thin: forms in, a service call, a redirect or the page again with the refusal's reason. Every
write is audited by the service, in the transaction of the change; a page shown again after a
refusal is logged as a read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from navet.access.audit import actor_for, record, record_many
from navet.access.decorators import declared, person_view, to_login
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.access.selectors import accessible_persons
from navet.listing import config, importing, rules, selectors, services, worklists
from navet.listing.errors import CapReached, ListingError
from navet.listing.forms import (
    AppointForm,
    CapForm,
    ConditionForm,
    EndContactForm,
    EndListingForm,
    ImportForm,
    ListingForm,
    WaitingListForm,
)
from navet.listing.models import WaitingListEntry, WaitingStatus
from navet.organisation.models import LICENSED_PROFESSIONS, CareUnit, Staff, UnitKind
from navet.organisation.roles import CARE_ROLES, Role, role_of
from navet.residents import selectors as resident_selectors
from navet.residents.models import NamedContact, NamedContactRole

OBJECT_TYPE = "listing_and_contacts"
_PREFIX = re.compile(r"^[a-z0-9_-]{1,60}$")


def _staff(user) -> Staff | None:
    return Staff.objects.filter(user=user).first() if user.is_authenticated else None


def _person_url(person) -> str:
    return reverse("listing:person", args=[person.pk])


# --- One person ---------------------------------------------------------------------------------


@dataclass
class AppointPanel:
    """One "appoint" form on the person page: a role at a unit, with the staff to choose from."""

    role: str
    unit: CareUnit
    form: AppointForm
    heading: str


@dataclass
class PersonPage:
    forms: dict = field(default_factory=dict)  # prefix → bound form shown again with its errors
    errors: list[str] = field(default_factory=list)  # the error summary


def _appoint_panels(person, staff, today, page: PersonPage, visible) -> list[AppointPanel]:
    panels = []

    def panel(role, unit, options, heading, notes=None):
        prefix = f"appoint-{role}-{unit.pk}".replace("_", "-")
        form = page.forms.get(prefix)
        if form is None:
            form = AppointForm(
                prefix=prefix,
                options=options,
                notes=notes,
                initial={"role": role, "unit": unit.pk},
            )
        else:
            form.for_display()
        panels.append(AppointPanel(role, unit, form, heading))

    listing = selectors.current_listing(person, on=today)
    if listing is not None and rules.serves(staff, listing.unit, today):
        doctors = selectors.eligible_named_doctors(
            listing.unit, on=today, person=person, with_equivalent=True
        )
        notes = {
            d.pk: " (kräver intyg om motsvarande kompetens)"
            for d in doctors
            if rules.named_doctor_competence(d, person=person, on=today) == "equivalent"
        }
        options = Staff.objects.filter(pk__in=[d.pk for d in doctors]).order_by(
            "family_name", "given_name"
        )
        panel(NamedContactRole.NAMED_DOCTOR, listing.unit, options, "Utse fast läkarkontakt", notes)
    headed = selectors.units_served(staff, on=today, heads_only=True)
    visible_conditions = selectors.life_threatening_conditions(person, visible=visible)
    for unit in headed:
        if unit.kind in {UnitKind.HOME_CARE, UnitKind.NURSING_HOME, UnitKind.SOCIAL_SERVICES}:
            continue
        options = selectors.staff_serving(unit, on=today).filter(
            profession__in=sorted(LICENSED_PROFESSIONS), licensed=True
        )
        if any(resident_selectors.is_current(c, today) for c in visible_conditions):
            options = options.filter(profession="doctor")
        panel(
            NamedContactRole.NAMED_CARE_CONTACT,
            unit,
            options,
            f"Utse fast vårdkontakt på {unit.name}",
        )
    social_units = {u.pk for u in rules.social_care_units(person, on=today)}
    for unit in headed:
        if unit.pk in social_units:
            options = selectors.staff_serving(unit, on=today).filter(profession="assistant_nurse")
            panel(
                NamedContactRole.NAMED_SOCIAL_CARE_CONTACT,
                unit,
                options,
                f"Utse fast omsorgskontakt i {unit.name}",
            )
    return panels


def _person_context(request, person, page: PersonPage) -> dict:
    today = timezone.localdate()
    access = request.navet_access
    visible = access.decision.shows
    staff = _staff(request.user)
    contacts = resident_selectors.listing_and_contacts(person, on=today, visible=visible)
    centres = selectors.units_served(staff, on=today, kinds=[UnitKind.HEALTH_CENTRE])
    current = contacts.current_listing
    end_forms = {}
    for contact in contacts.current_contacts:
        allowed = rules.check_authority(
            actor_staff=staff, role=contact.role, unit=contact.unit, on=today
        )
        if allowed is None:
            prefix = f"end-{contact.pk}"
            end_forms[contact.pk] = page.forms.get(prefix) or EndContactForm(prefix=prefix)
    listing_form = page.forms.get("listing")
    if listing_form is None and centres:
        listing_form = ListingForm(
            prefix="listing", units=CareUnit.objects.filter(pk__in=[u.pk for u in centres])
        )
    end_listing_form = None
    if current is not None and rules.serves(staff, current.unit, today):
        end_listing_form = page.forms.get("end-listing") or EndListingForm(prefix="end-listing")
    changes = selectors.counted_changes(person, on=today)
    # Health data recorded at a unit the gate withholds stay hidden (the rules still apply them).
    conditions = selectors.life_threatening_conditions(person, visible=visible)
    return {
        "person": person,
        "today": today,
        "decision": access.decision,
        "contacts": contacts,
        "changes": changes,
        "change_limit": config.changes_per_window(),
        "next_change": selectors.next_change_possible(person, on=today),
        # A protected identity hides where the person lives, the county included.
        "moves": [] if person.protected_identity else selectors.county_moves(person),
        "waiting": [
            e
            for e in WaitingListEntry.objects.filter(person=person, status=WaitingStatus.WAITING)
            .select_related("unit")
            .order_by("requested_on")
            if visible(e.unit)
        ],
        "listing_form": listing_form,
        "waiting_form": page.forms.get("waiting"),
        "end_listing_form": end_listing_form,
        "end_forms": end_forms,
        "panels": _appoint_panels(person, staff, today, page, visible) if staff else [],
        "conditions": conditions,
        "condition_open": any(resident_selectors.is_current(c, today) for c in conditions),
        "condition_form": page.forms.get("condition")
        or (ConditionForm(prefix="condition") if access.actor.unit else None),
        "errors": page.errors,
    }


@person_view(Purpose.CARE, object_type=OBJECT_TYPE)
def person(request, person):
    return render(request, "listing/person.html", _person_context(request, person, PersonPage()))


def _again(request, person, prefix: str, form, message: str | None = None):
    """The page again, with the refused form and the reason (logged as a read of the page)."""
    record(
        request.navet_access.actor,
        action=AuditAction.READ,
        person_id=person.pk,
        object_type=OBJECT_TYPE,
        object_id=person.pk,
        purpose=Purpose.CARE,
    )
    errors = []
    if message:
        form.add_error(None, message)
    for name, field_errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        errors.extend(f"{label}: {e}" if label else e for e in field_errors)
    page = PersonPage(forms={prefix: form}, errors=errors)
    context = _person_context(request, person, page)
    return render(request, "listing/person.html", context, status=400)


def _actor(request):
    return request.navet_access.actor


@person_view(Purpose.CARE, action=None, object_type=OBJECT_TYPE)
@require_POST
def change_listing(request, person):
    form = ListingForm(request.POST, prefix="listing")
    if not form.is_valid():
        return _again(request, person, "listing", form)
    data = form.cleaned_data
    try:
        result = services.change_listing(
            actor=_actor(request),
            person=person,
            unit=data["unit"],
            valid_from=data["valid_from"],
            origin=data["origin"],
            key=data["key"],
            by=_staff(request.user),
        )
    except CapReached as error:
        waiting = WaitingListForm(
            prefix="waiting",
            initial={
                "unit": data["unit"].pk,
                "requested_on": data["valid_from"],
                "origin": data["origin"],
            },
        )
        waiting.unit_name = data["unit"].name
        record(
            _actor(request), action=AuditAction.READ, person_id=person.pk,
            object_type=OBJECT_TYPE, object_id=person.pk, purpose=Purpose.CARE,
        )  # fmt: skip
        page = PersonPage(forms={"listing": form, "waiting": waiting}, errors=[error.message])
        form.add_error(None, error.message)
        return render(
            request, "listing/person.html", _person_context(request, person, page), status=400
        )
    except ListingError as error:
        return _again(request, person, "listing", form, error.message)
    if result.created:
        messages.success(request, f"{person.full_name} är listad på {result.listing.unit.name}.")
    else:
        messages.info(request, f"{person.full_name} är redan listad på {result.listing.unit.name}.")
    return redirect(_person_url(person))


@person_view(Purpose.CARE, action=None, object_type=OBJECT_TYPE)
@require_POST
def join_waiting_list(request, person):
    form = WaitingListForm(request.POST, prefix="waiting")
    if not form.is_valid():
        messages.error(request, "Något gick fel. Ladda om sidan och försök igen.")
        return redirect(_person_url(person))
    data = form.cleaned_data
    try:
        services.join_waiting_list(
            actor=_actor(request),
            person=person,
            unit=data["unit"],
            requested_on=data["requested_on"],
            origin=data["origin"],
            key=data["key"],
            by=_staff(request.user),
        )
    except ListingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"{person.full_name} står på väntelistan till {data['unit'].name}."
        )
    return redirect(_person_url(person))


@person_view(Purpose.CARE, action=None, object_type=OBJECT_TYPE)
@require_POST
def end_listing(request, person):
    form = EndListingForm(request.POST, prefix="end-listing")
    if not form.is_valid():
        return _again(request, person, "end-listing", form)
    listing = selectors.current_listing(person, on=timezone.localdate())
    if listing is None:
        return _again(request, person, "end-listing", form, "Personen är inte listad.")
    try:
        services.end_listing(
            actor=_actor(request),
            listing=listing,
            valid_to=form.cleaned_data["valid_to"],
            reason=form.cleaned_data["reason"],
            by=_staff(request.user),
        )
    except ListingError as error:
        return _again(request, person, "end-listing", form, error.message)
    messages.success(request, f"Listningen på {listing.unit.name} är avslutad.")
    return redirect(_person_url(person))


@person_view(Purpose.CARE, action=None, object_type=OBJECT_TYPE)
@require_POST
def appoint(request, person):
    prefix = request.POST.get("form", "")
    if not _PREFIX.match(prefix) or not prefix.startswith("appoint-"):
        raise PermissionDenied
    form = AppointForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _again(request, person, prefix, form)
    data = form.cleaned_data
    try:
        result = services.appoint_named_contact(
            actor=_actor(request),
            person=person,
            role=data["role"],
            staff=data["staff"],
            unit=data["unit"],
            valid_from=data["valid_from"],
            reason=data["reason"],
            by=_staff(request.user),
            key=data["key"],
            equivalent_competence=data.get("equivalent_competence", False),
        )
    except ListingError as error:
        return _again(request, person, prefix, form, error.message)
    contact = result.contact
    if result.created:
        messages.success(
            request,
            f"{contact.staff.full_name} är nu {contact.get_role_display().lower()} för "
            f"{person.full_name} från {contact.valid_from.isoformat()}.",
        )
    else:
        messages.info(
            request,
            f"{contact.staff.full_name} är redan {contact.get_role_display().lower()}.",
        )
    return redirect(_person_url(person))


@person_view(Purpose.CARE, action=None, object_type=OBJECT_TYPE)
@require_POST
def end_contact(request, person, contact_id: int):
    contact = get_object_or_404(NamedContact, pk=contact_id, person=person)
    if not request.navet_access.decision.shows(contact.unit):
        raise PermissionDenied
    prefix = f"end-{contact.pk}"
    form = EndContactForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _again(request, person, prefix, form)
    try:
        services.end_named_contact(
            actor=_actor(request),
            contact=contact,
            valid_to=form.cleaned_data["valid_to"],
            reason=form.cleaned_data["reason"],
            by=_staff(request.user),
        )
    except ListingError as error:
        return _again(request, person, prefix, form, error.message)
    messages.success(
        request, f"{contact.get_role_display()} {contact.staff.full_name} är avslutad."
    )
    return redirect(_person_url(person))


@person_view(Purpose.CARE, action=None, object_type=OBJECT_TYPE)
@require_POST
def condition(request, person):
    form = ConditionForm(request.POST, prefix="condition")
    unit_ref = request.navet_access.actor.unit
    if not form.is_valid() or unit_ref is None:
        return _again(request, person, "condition", form)
    staff = _staff(request.user)
    if form.cleaned_data["action"] == "note":
        services.note_life_threatening_condition(
            actor=_actor(request),
            person=person,
            unit=CareUnit.objects.get(pk=unit_ref.id),
            note=form.cleaned_data["note"],
            by=staff,
            key=form.cleaned_data["key"],
        )
        messages.success(request, "Livshotande tillstånd är markerat.")
    else:
        services.clear_life_threatening_condition(actor=_actor(request), person=person, by=staff)
        messages.success(request, "Markeringen om livshotande tillstånd är borttagen.")
    return redirect(_person_url(person))


# --- Worklists ----------------------------------------------------------------------------------


def _care_staff(request):
    """The logged-in care professional's Staff, or a refusal."""
    if not request.user.is_authenticated:
        return None, to_login(request)
    if role_of(request.user) not in CARE_ROLES or not request.user.is_active:
        raise PermissionDenied
    return _staff(request.user), None


@declared(
    "search",
    "worklists of the user's units: persons filtered by accessible_persons, each shown logged",
)
def worklist(request):
    staff, refusal = _care_staff(request)
    if refusal is not None:
        return refusal
    today = timezone.localdate()
    units = selectors.units_served(staff, on=today)
    lists = worklists.for_units(units, on=today)
    shown: list[int] = []
    for item in lists:
        item.rows = item.restrict(accessible_persons(request.user, Purpose.CARE))
        shown.extend(row.person.pk for row in item.rows)
    if shown:
        record_many(
            actor_for(request.user, request),
            action=AuditAction.SEARCH,
            person_ids=sorted(set(shown)),
            purpose=Purpose.CARE,
            detail="arbetslista: listning och fasta kontakter",
        )
    return render(request, "listing/worklists.html", {"units": units, "lists": lists})


# --- The unit head's listing page ---------------------------------------------------------------


def _headed_centre(request, staff) -> CareUnit:
    today = timezone.localdate()
    centres = [
        u
        for u in selectors.units_served(staff, on=today, heads_only=True)
        if u.kind == UnitKind.HEALTH_CENTRE
    ]
    if not centres:
        raise PermissionDenied
    wanted = request.GET.get("enhet") or request.POST.get("enhet")
    return next((u for u in centres if str(u.pk) == wanted), centres[0])


def _unit_page(request, unit, *, cap_form=None, status=200):
    today = timezone.localdate()
    waiting = list(selectors.waiting_list(unit))
    moved = list(
        accessible_persons(
            request.user,
            Purpose.CARE,
            queryset=selectors.listed_elsewhere_registered(unit, on=today),
        ).order_by("family_name", "given_name")[:200]
    )
    shown = sorted({e.person_id for e in waiting} | {p.pk for p in moved})
    if shown:
        record_many(
            actor_for(request.user, request),
            action=AuditAction.SEARCH,
            person_ids=shown,
            purpose=Purpose.CARE,
            detail=f"listning: väntelista och flyttade, {unit.name}",
        )
    context = {
        "unit": unit,
        "listed": selectors.listed_count(unit, on=today),
        "waiting": waiting,
        "moved": moved,
        "cap_form": cap_form or CapForm(initial={"cap": unit.listing_cap}),
        "admit_key": CapForm().initial["key"],
        "imports": importing.ListingImport.objects.filter(user=request.user)[:5],
    }
    return render(request, "listing/unit.html", context, status=status)


@declared(
    "search", "the unit head's own health centre: waiting list and moved persons, each logged"
)
def unit(request):
    staff, refusal = _care_staff(request)
    if refusal is not None:
        return refusal
    return _unit_page(request, _headed_centre(request, staff))


@declared("search", "changes the unit's listing cap (no personal data); audited")
def set_cap(request):
    staff, refusal = _care_staff(request)
    if refusal is not None:
        return refusal
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    centre = _headed_centre(request, staff)
    form = CapForm(request.POST)
    if not form.is_valid():
        return _unit_page(request, centre, cap_form=form, status=400)
    try:
        services.set_listing_cap(
            actor=actor_for(request.user, request),
            unit=centre,
            cap=form.cleaned_data["cap"],
            by=staff,
        )
    except ListingError as error:
        form.add_error(None, error.message)
        return _unit_page(request, centre, cap_form=form, status=400)
    messages.success(request, "Listningstaket är sparat.")
    return redirect(f"{reverse('listing:unit')}?enhet={centre.pk}")


@declared("search", "lists the people first in line at the unit head's own health centre; audited")
def admit(request):
    staff, refusal = _care_staff(request)
    if refusal is not None:
        return refusal
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    centre = _headed_centre(request, staff)
    result = services.admit_from_waiting_list(
        actor=actor_for(request.user, request), unit=centre, by=staff
    )
    if result.listed:
        messages.success(request, f"{len(result.listed)} personer från väntelistan är listade.")
    elif not result.skipped:
        messages.info(request, "Ingen kunde listas: vårdcentralen har inga lediga platser.")
    for entry, why in result.skipped:
        messages.warning(request, f"{entry.person.full_name}: {why}")
    return redirect(f"{reverse('listing:unit')}?enhet={centre.pk}")


# --- The listing-file upload --------------------------------------------------------------------


def _import_scope(request) -> frozenset[int] | None:
    """None: any health centre (an admin); else the health centres the user heads. Refuses the
    rest."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    if request.user.is_superuser:
        return None
    if role_of(request.user) != Role.UNIT_HEAD:
        raise PermissionDenied
    today = timezone.localdate()
    heads = selectors.units_served(_staff(request.user), on=today, heads_only=True)
    centres = frozenset(u.pk for u in heads if u.kind == UnitKind.HEALTH_CENTRE)
    if not centres:
        raise PermissionDenied
    return centres


@declared(
    "import",
    "uploads a listing file (unit head: own health centres; admin: all); the report shows only "
    "what the file holds; each listing created is audited by the service",
)
def import_file(request):
    if not request.user.is_authenticated:
        return to_login(request)
    scope = _import_scope(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = importing.import_listings(
            upload.read(),
            file_name=upload.name,
            actor=actor_for(request.user, request),
            user=request.user,
            mode=form.cleaned_data["mode"],
            allowed_unit_ids=scope,
        )
        form = ImportForm(initial={"mode": form.cleaned_data["mode"]})
    units = (
        CareUnit.objects.filter(kind=UnitKind.HEALTH_CENTRE)
        if scope is None
        else CareUnit.objects.filter(pk__in=scope)
    ).order_by("name")
    context = {"form": form, "report": report, "units": units[:50]}
    status = 400 if request.method == "POST" and report is None else 200
    return render(request, "listing/import.html", context, status=status)
