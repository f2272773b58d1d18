"""Errors of shared deviations, each with a Swedish message for the UI."""


class DeviationError(Exception):
    def __init__(self, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}  # by form field: the reason a value is refused


class AlreadyClosed(DeviationError):
    """Another investigator closed the deviation first."""

    def __init__(self, by_name: str, at_text: str):
        super().__init__(f"Avvikelsen är redan avslutad av {by_name} {at_text}.")
        self.by_name = by_name
