"""Staff pages of home monitoring: the unit's worklist, and a person's page (enrol, thresholds,
device tokens, charts, alerts with acknowledgement). Every view passes the access gate."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from navet.access.audit import actor_for, record_many
from navet.access.decorators import person_view, search_view, to_login
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.access.subjects import subject_for
from navet.monitoring import ending, selectors, services
from navet.monitoring.forms import AcknowledgeForm, DeviceForm, chosen_measures, measure_rows
from navet.organisation.models import CareUnit, UnitKind
from navet.organisation.roles import CARE_ROLES, role_of

ENROLLING_UNITS = (UnitKind.HEALTH_CENTRE, UnitKind.HOME_HEALTH_CARE)


@search_view("open alerts and enrolled persons of the user's units; each person shown is logged")
def worklist(request):
    if not request.user.is_authenticated:
        return to_login(request)
    if role_of(request.user) not in CARE_ROLES:
        raise PermissionDenied
    alerts = list(selectors.open_alerts(request.user))
    enrolled = list(selectors.enrolled(request.user))
    shown = {a.enrolment.person_id for a in alerts} | {e.person_id for e in enrolled}
    if shown:
        record_many(
            actor_for(request.user, request),
            action=AuditAction.READ,
            person_ids=sorted(shown),
            purpose=Purpose.CARE,
            detail="arbetslista hemmonitorering",
        )
    return render(request, "monitoring/worklist.html", {"alerts": alerts, "enrolled": enrolled})


def _enrolling_unit(user) -> CareUnit | None:
    unit = subject_for(user, on=timezone.localdate()).unit
    if unit is None:
        return None
    return CareUnit.objects.filter(pk=unit.id, kind__in=ENROLLING_UNITS).first()


def _page(request, person, *, status=200, **extra):
    enrolment = services.current_enrolment(person)
    context = {
        "person": person,
        "enrolment": enrolment,
        "enrolling_unit": _enrolling_unit(request.user),
        "rows": measure_rows(),
        "device_form": DeviceForm(),
        "acknowledge_form": AcknowledgeForm(),
        **extra,
    }
    if enrolment is not None:
        context["series"] = selectors.series(enrolment, prefix="staff")
        context["alerts"] = enrolment.alerts.select_related("measurement", "acknowledged_by")[:50]
        context["devices"] = enrolment.devices.filter(revoked_at__isnull=True)
    else:
        context["last_ended"] = (
            person.monitoring.filter(ended_at__isnull=False)
            .select_related("unit")
            .order_by("-ended_at")
            .first()
        )
    return render(request, "monitoring/person.html", context, status=status)


@person_view(Purpose.CARE, object_type="monitoring")
def person_page(request, person):
    return _page(request, person)


@person_view(Purpose.CARE, action=None)
@require_POST
def enrol(request, person):
    unit = _enrolling_unit(request.user)
    if unit is None:
        messages.error(request, "Bara vårdcentral eller kommunal hälso- och sjukvård skriver in.")
        return redirect("monitoring:person", person_id=person.pk)
    try:
        services.enrol(
            person=person,
            unit=unit,
            user=request.user,
            actor=request.navet_access.actor,
            measures=chosen_measures(request.POST),
            reason=request.POST.get("reason", "")[:200],
        )
    except services.MonitoringError as error:
        return _page(
            request, person, status=400, enrol_error=str(error), rows=measure_rows(request.POST)
        )
    messages.success(request, f"{person.full_name} är inskriven i hemmonitorering.")
    return redirect("monitoring:person", person_id=person.pk)


@person_view(Purpose.CARE, action=None)
@require_POST
def thresholds(request, person):
    enrolment = services.current_enrolment(person)
    if enrolment is None:
        return redirect("monitoring:person", person_id=person.pk)
    keys = set(enrolment.measures.values_list("measure", flat=True))
    try:
        limits = {
            key: (
                services.parse_limit(request.POST.get(f"low_{key}")),
                services.parse_limit(request.POST.get(f"high_{key}")),
            )
            for key in keys
        }
        services.set_thresholds(
            enrolment=enrolment, actor=request.navet_access.actor, limits=limits
        )
    except services.MonitoringError as error:
        return _page(request, person, status=400, threshold_error=str(error))
    messages.success(request, "Gränsvärdena är ändrade.")
    return redirect("monitoring:person", person_id=person.pk)


@person_view(Purpose.CARE, action=None)
@require_POST
def add_device(request, person):
    enrolment = services.current_enrolment(person)
    form = DeviceForm(request.POST)
    if enrolment is None or not form.is_valid():
        return _page(request, person, status=400, device_form=form)
    _, token = services.create_device_token(
        enrolment=enrolment,
        label=form.cleaned_data["label"],
        user=request.user,
        actor=request.navet_access.actor,
    )
    # Shown in this answer only: the token is stored hashed and cannot be shown again.
    return _page(request, person, new_token=token)


@person_view(Purpose.CARE, action=None)
@require_POST
def acknowledge(request, person, alert_id):
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        return _page(request, person, status=400, acknowledge_form=form, failed_alert=alert_id)
    try:
        services.acknowledge(
            alert_id=alert_id,
            person=person,
            user=request.user,
            actor=request.navet_access.actor,
            action=form.cleaned_data["action"],
        )
    except services.MonitoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Larmet är kvitterat.")
    return redirect("monitoring:person", person_id=person.pk)


@person_view(Purpose.CARE, action=None)
@require_POST
def end(request, person):
    enrolment = services.current_enrolment(person)
    if enrolment is None:
        messages.info(request, f"{person.full_name} är inte inskriven i hemmonitorering.")
        return redirect("monitoring:person", person_id=person.pk)
    try:
        ending.end_enrolment(
            enrolment_id=enrolment.pk,
            person=person,
            user=request.user,
            actor=request.navet_access.actor,
            reason=request.POST.get("end_reason", ""),
        )
    except services.MonitoringError as error:
        return _page(
            request,
            person,
            status=400,
            end_error=str(error),
            end_reason=request.POST.get("end_reason", "")[:200],
        )
    messages.success(request, f"Hemmonitoreringen för {person.full_name} är avslutad.")
    return redirect("monitoring:person", person_id=person.pk)


@person_view(Purpose.CARE, action=None)
@require_POST
def revoke_device(request, person, device_id):
    try:
        device = ending.revoke_device(
            device_id=device_id, person=person, actor=request.navet_access.actor
        )
    except services.MonitoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Token för {device.label} är återkallad.")
    return redirect("monitoring:person", person_id=person.pk)
