"""Domain errors of the inbox; `message` is Swedish and shown to the user as it is."""

from __future__ import annotations


class MessagingError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnitClosed(MessagingError):
    """The unit no longer exists (its end date has passed); `suggestions` are active units that
    could take the item instead (same kind and principal, same municipality first)."""

    def __init__(self, unit, suggestions) -> None:
        self.unit = unit
        self.suggestions = list(suggestions)
        ended = f" (avslutad {unit.active_to:%Y-%m-%d})" if unit.active_to else ""
        text = f"{unit.name} finns inte längre{ended} och kan inte ta emot ärenden."
        if self.suggestions:
            names = ", ".join(s.name for s in self.suggestions)
            text += f" Välj en annan enhet, till exempel {names}."
        else:
            text += " Välj en annan enhet."
        super().__init__(text)


class AlreadyAcknowledged(MessagingError):
    """Someone else acknowledged the item first; says who and when."""

    def __init__(self, item) -> None:
        from django.utils import timezone

        self.item = item
        when = timezone.localtime(item.acknowledged_at)
        super().__init__(
            f"Ärendet är redan kvitterat av {item.acknowledged_by_name} "
            f"{when:%Y-%m-%d} kl. {when:%H:%M}."
        )


class NotAllowed(MessagingError):
    """The user may not act on this unit's inbox."""
