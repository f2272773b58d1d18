"""What the unit inbox tells a deviation. Acknowledging the routed item in the inbox is the
responsible unit's acknowledgement of receipt: the deviation is received by that user.
Forwarding the item from the inbox hands the deviation over with it (the inbox made the new
item; the deviation follows it), so the two never disagree about who has it.

Both run inside the inbox's transaction (messaging sends the signals there)."""

from __future__ import annotations

from django.dispatch import receiver

from navet.access.audit import actor_for
from navet.access.models import AuditAction
from navet.deviations import kinds, services
from navet.deviations.models import Deviation, EventKind, Status
from navet.messaging.services import item_acknowledged, item_forwarded


def _deviation_of(item) -> Deviation | None:
    if item.kind != kinds.ROUTED.code or item.source_type != services.SOURCE_TYPE:
        return None
    if not str(item.source_id).isdigit():
        return None
    return (
        Deviation.objects.select_for_update(of=("self",))
        .filter(pk=int(item.source_id), routed_item=item)
        .first()
    )


@receiver(item_acknowledged, dispatch_uid="deviations.acknowledged")
def received_in_inbox(sender, item, user, **kwargs) -> None:
    d = _deviation_of(item)
    if d is None or d.status != Status.REPORTED or d.responsible_unit_id != item.to_unit_id:
        return  # received on the deviation's page already (which acknowledges the item)
    d.status, d.received_at = Status.RECEIVED, item.acknowledged_at
    d.investigator, d.investigator_name = user, services.name_of(user)
    d.save(update_fields=["status", "received_at", "investigator", "investigator_name"])
    services.record_event(d, EventKind.RECEIVED, user, d.responsible_unit, at=d.received_at)
    services.audit(actor_for(user), d, AuditAction.CHANGE, "avvikelse kvitterad i inkorgen")


@receiver(item_forwarded, dispatch_uid="deviations.forwarded")
def forwarded_in_inbox(sender, item, new_item, user, **kwargs) -> None:
    d = _deviation_of(item)
    if d is None or d.is_closed or d.responsible_unit_id != item.to_unit_id:
        return
    services.hand_over(
        d, user=user, to_unit=new_item.to_unit, reason=item.forward_reason, at=item.forwarded_at
    )
    d.routed_item = new_item
    d.save()
    services.audit(
        actor_for(user),
        d,
        AuditAction.CHANGE,
        f"avvikelse vidarebefordrad i inkorgen till {new_item.to_unit.name}",
    )
