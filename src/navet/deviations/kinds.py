"""The inbox item kinds of shared deviations: a routed (or forwarded) deviation lands in the
responsible unit's inbox to be acknowledged; the reporting unit is told when it is closed."""

from navet.messaging.kinds import register_kind

ROUTED = register_kind("deviation", "Avvikelse", deadline_hours=72)
CLOSED = register_kind(
    "deviation_closed", "Avvikelse avslutad", deadline_hours=None, escalates=False
)
