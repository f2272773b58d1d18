"""Domain errors of the listing app: `message` is Swedish and shown to the user as it is; `code`
says which rule refused (tests, import reports and callers branch on it)."""

from __future__ import annotations


class ListingError(Exception):
    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class ListingRefused(ListingError):
    """A listing (or a change of listing) that the rules do not allow."""


class CapReached(ListingRefused):
    """The health centre has reached its listing cap: the person may join its waiting list."""

    def __init__(self, message: str, unit) -> None:
        super().__init__(message, "cap_reached")
        self.unit = unit


class NamedContactRefused(ListingError):
    """An appointment (or an end) of a named contact that the rules do not allow."""


class NotAuthorised(ListingError):
    """The acting member of staff may not do this (e.g. only the unit head appoints)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "not_authorised")
