"""Domain errors of safe discharge; `message` is Swedish and shown to the user as it is."""

from __future__ import annotations


class TransitionError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class OutOfOrder(TransitionError):
    """The event does not fit the stay's events so far (e.g. discharge before admission)."""


class NotAllowed(TransitionError):
    """The user's role or unit may not do this."""
