"""Ending home monitoring and revoking a device: the API refuses a revoked token or an ended
enrolment at once (`services.device_for`), the unit's care relationship ends after its grace
period, and nothing measured is removed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from navet.access.audit import Actor, record
from navet.access.models import AuditAction, RelationshipKind
from navet.access.relationships import close_relationship
from navet.monitoring.models import DeviceToken, Enrolment
from navet.monitoring.services import MonitoringError
from navet.web.locking import lock_row


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else "okänd"


@transaction.atomic
def end_enrolment(*, enrolment_id: int, person, user, actor: Actor, reason: str) -> Enrolment:
    """End the person's enrolment with a reason. Refused while an alert is unacknowledged (an
    alert must never leave the worklist unanswered) and when someone ended it already (they are
    named)."""
    reason = " ".join((reason or "").split())[:200]
    if not reason:
        raise MonitoringError("Skriv varför hemmonitoreringen avslutas.")
    enrolment = lock_row(  # its ender is read after the lock (lazily, below)
        Enrolment.objects,
        pk=enrolment_id,
        person=person,
        missing=MonitoringError("Inskrivningen finns inte."),
    )
    if enrolment.ended_at is not None:
        when = timezone.localtime(enrolment.ended_at)
        raise MonitoringError(
            f"Hemmonitoreringen avslutades redan {when:%Y-%m-%d %H:%M} av "
            f"{_name(enrolment.ended_by)}."
        )
    open_alerts = enrolment.alerts.filter(acknowledged_at__isnull=True).count()
    if open_alerts:
        raise MonitoringError(
            f"Kvittera först de {open_alerts} larm som inte är kvitterade."
            if open_alerts > 1
            else "Kvittera först larmet som inte är kvitterat."
        )
    now = timezone.now()
    enrolment.ended_at, enrolment.ended_by, enrolment.end_reason = now, user, reason
    enrolment.save(update_fields=["ended_at", "ended_by", "end_reason"])
    revoked = enrolment.devices.filter(revoked_at__isnull=True).update(revoked_at=now)
    close_relationship(
        kind=RelationshipKind.MANUAL,
        source_type="monitoring.enrolment",
        source_id=enrolment.pk,
        ended_at=now,
    )
    record(
        actor,
        action=AuditAction.CHANGE,
        person_id=person.pk,
        object_type="monitoring.enrolment",
        object_id=enrolment.pk,
        detail=f"hemmonitorering avslutad ({reason}); {revoked} mätenhet(er) återkallade",
    )
    return enrolment


@transaction.atomic
def revoke_device(*, device_id: int, person, actor: Actor) -> DeviceToken:
    """Revoke a device's token (lost, replaced, returned); revoking twice keeps the first time.
    Only the device's row is locked: locking its enrolment too (a plain FOR UPDATE over the
    join) took the two rows in the opposite order to `end_enrolment`, and the two at once
    could deadlock."""
    device = lock_row(
        DeviceToken.objects,
        pk=device_id,
        enrolment__person=person,
        missing=MonitoringError("Mätenheten finns inte."),
    )
    if device.revoked_at is not None:
        return device
    device.revoked_at = timezone.now()
    device.save(update_fields=["revoked_at"])
    record(
        actor,
        action=AuditAction.CHANGE,
        person_id=person.pk,
        object_type="monitoring.device",
        object_id=device.pk,
        detail=f"token för mätenhet {device.label} återkallad",
    )
    return device
