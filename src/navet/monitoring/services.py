"""Home monitoring's domain logic: enrolment (opening the unit's care relationship), device
tokens, recording a value (from the form or a device) and raising and acknowledging alerts."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from navet.access.audit import Actor, record
from navet.access.models import AuditAction, RelationshipKind
from navet.access.relationships import open_relationship
from navet.messaging.services import Source as InboxSource
from navet.messaging.services import send_item, settle
from navet.monitoring.measures import MEASURES
from navet.monitoring.models import (
    Alert,
    DeviceToken,
    Enrolment,
    Measurement,
    MonitoredMeasure,
    Source,
)
from navet.monitoring.values import Checked, ValueError_, format_value

TOKEN_PREFIX = "nvm_"  # noqa: S105 - a marker that a string is a device token, no secret


class MonitoringError(Exception):
    """A refusal with a Swedish message for the user."""


def current_enrolment(person) -> Enrolment | None:
    return (
        Enrolment.objects.filter(person=person, ended_at__isnull=True)
        .select_related("unit")
        .order_by("-started_at")
        .first()
    )


@transaction.atomic
def enrol(*, person, unit, user, actor: Actor, measures: dict, reason: str = "") -> Enrolment:
    """Enrol `person` at `unit` with `measures` {key: (low, high)}; enrolling twice at the same unit
    returns the open enrolment. Opens the unit's care relationship for as long as it lasts."""
    if not measures:
        raise MonitoringError("Välj minst ett mått.")
    existing = Enrolment.objects.filter(person=person, unit=unit, ended_at__isnull=True).first()
    if existing is not None:
        return existing
    for key, (low, high) in measures.items():
        if low is not None and high is not None and low >= high:
            raise MonitoringError(
                f"{MEASURES[key].label}: nedre gränsen måste vara lägre än den övre."
            )
    enrolment = Enrolment.objects.create(
        person=person, unit=unit, enrolled_by=user, reason=reason, started_at=timezone.now()
    )
    MonitoredMeasure.objects.bulk_create(
        MonitoredMeasure(enrolment=enrolment, measure=key, low=low, high=high)
        for key, (low, high) in measures.items()
    )
    open_relationship(
        person=person,
        unit=unit,
        kind=RelationshipKind.MANUAL,
        source_type="monitoring.enrolment",
        source_id=enrolment.pk,
        reason="Inskriven i hemmonitorering",
        opened_by=user,
    )
    record(
        actor,
        action=AuditAction.CREATE,
        person_id=person.pk,
        object_type="monitoring.enrolment",
        object_id=enrolment.pk,
        detail=f"inskriven i hemmonitorering vid {unit.name}",
    )
    return enrolment


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_device_token(*, enrolment, label: str, user, actor: Actor) -> tuple[DeviceToken, str]:
    """A new device token: returns the row and the token itself (shown once, never stored)."""
    label = " ".join((label or "").split())[:100]
    if not label:
        raise MonitoringError("Ange vilken mätenhet token gäller.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    device = DeviceToken.objects.create(
        enrolment=enrolment, label=label, token_hash=hash_token(token), created_by=user
    )
    record(
        actor,
        action=AuditAction.CREATE,
        person_id=enrolment.person_id,
        object_type="monitoring.device",
        object_id=device.pk,
        detail=f"token för mätenhet {label}",
    )
    return device, token


def device_for(token: str) -> DeviceToken | None:
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    return (
        DeviceToken.objects.filter(
            token_hash=hash_token(token),
            revoked_at__isnull=True,
            enrolment__ended_at__isnull=True,
        )
        .select_related("enrolment__person", "enrolment__unit")
        .first()
    )


def _breach(checked: Checked, limits: MonitoredMeasure) -> str:
    measure, value = checked.measure, checked.value
    shown = f"{measure.label} {format_value(value, measure)} {measure.unit_label}"
    if limits.low is not None and value < limits.low:
        return f"{shown}, under gränsen {format_value(limits.low, measure)}"
    if limits.high is not None and value > limits.high:
        return f"{shown}, över gränsen {format_value(limits.high, measure)}"
    return ""


def record_value(
    *,
    enrolment: Enrolment,
    checked: Checked,
    effective_at: datetime,
    actor: Actor,
    device: DeviceToken | None = None,
    user=None,
) -> tuple[Measurement, bool]:
    """Store one checked value; returns (measurement, created). A device's repeat of the same
    observation (same measure, same time) returns the stored one. Raises ValueError_ for a
    measure the enrolment does not have or a time in the future."""
    limits = enrolment.measures.filter(measure=checked.measure.key).first()
    if limits is None:
        raise ValueError_(f"{checked.measure.label} mäts inte i den här inskrivningen.")
    if effective_at > timezone.now() + timedelta(minutes=5):
        raise ValueError_("Mättiden ligger i framtiden.")
    same = _same(enrolment, checked, effective_at, device)
    existing = same.first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            measurement = Measurement.objects.create(
                enrolment=enrolment,
                measure=checked.measure.key,
                value=checked.value,
                unit=checked.measure.unit,
                effective_at=effective_at,
                source=Source.DEVICE if device else Source.FORM,
                device=device,
                recorded_by=user,
            )
            record(
                actor,
                action=AuditAction.CREATE,
                person_id=enrolment.person_id,
                object_type="monitoring.measurement",
                object_id=measurement.pk,
                detail=checked.measure.label,
            )
            reason = _breach(checked, limits)
            if reason:
                _raise_alert(measurement, reason)
    except IntegrityError:  # the same observation, sent twice at once
        return same.get(), False
    return measurement, True


def _same(enrolment, checked: Checked, effective_at, device):
    """The stored value a repeat would duplicate: a device's same observation, or the form's
    value for the same measure and minute."""
    found = Measurement.objects.filter(measure=checked.measure.key, effective_at=effective_at)
    if device is not None:
        return found.filter(device=device)
    return found.filter(enrolment=enrolment, source=Source.FORM)


def _raise_alert(measurement: Measurement, reason: str) -> Alert:
    enrolment = measurement.enrolment
    alert = Alert.objects.create(
        measurement=measurement, enrolment=enrolment, unit=enrolment.unit, reason=reason
    )
    send_item(
        to_unit=enrolment.unit,
        kind="monitoring_alert",
        subject=f"Hemmätning utanför gränsvärde: {reason}"[:200],
        body="Kvittera larmet och skriv vad som gjordes på personens sida för hemmonitorering.",
        person=enrolment.person,
        idempotency_key=f"monitoring.alert:{alert.pk}",
        sender_name="Hemmonitorering",
        source=InboxSource(
            "monitoring.alert",
            alert.pk,
            "monitoring:person",
            {"person_id": enrolment.person_id},
        ),
    )
    return alert


@transaction.atomic
def acknowledge(*, alert_id: int, person, user, actor: Actor, action: str) -> Alert:
    """Acknowledge an open alert with what was done; acknowledging twice keeps the first."""
    action = (action or "").strip()
    if not action:
        raise MonitoringError("Skriv vad som gjordes.")
    alert = Alert.objects.select_for_update().filter(pk=alert_id, enrolment__person=person).first()
    if alert is None:
        raise MonitoringError("Larmet finns inte.")
    if alert.acknowledged_at is not None:
        return alert
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = user
    alert.action = action[:2000]
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "action"])
    # The unit's inbox item for the alert is done too: left open it would be escalated.
    settle("monitoring.alert", alert.pk, user=user, actor=actor, now=alert.acknowledged_at)
    record(
        actor,
        action=AuditAction.CHANGE,
        person_id=person.pk,
        object_type="monitoring.alert",
        object_id=alert.pk,
        detail="larm kvitterat",
    )
    return alert


@transaction.atomic
def set_thresholds(*, enrolment, actor: Actor, limits: dict) -> None:
    """New limits {key: (low, high)} for measures the enrolment has; later values use them."""
    for key, (low, high) in limits.items():
        if low is not None and high is not None and low >= high:
            raise MonitoringError(
                f"{MEASURES[key].label}: nedre gränsen måste vara lägre än den övre."
            )
    for row in enrolment.measures.select_for_update().filter(measure__in=limits):
        row.low, row.high = limits[row.measure]
        row.save(update_fields=["low", "high"])
    record(
        actor,
        action=AuditAction.CHANGE,
        person_id=enrolment.person_id,
        object_type="monitoring.enrolment",
        object_id=enrolment.pk,
        detail="gränsvärden ändrade",
    )


def parse_limit(text) -> Decimal | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise MonitoringError(f"Gränsvärdet {text} är inget tal.") from None
    if not value.is_finite():
        raise MonitoringError(f"Gränsvärdet {text} är inget tal.")
    return value
