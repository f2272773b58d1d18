"""Errors of the digital waiting room, each with a Swedish message for the UI."""


class RemoteError(Exception):
    def __init__(self, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}  # by form field: the reason a value is refused


class AlreadyPickedUp(RemoteError):
    """Another doctor picked the case up first."""

    def __init__(self, by_name: str):
        super().__init__(f"{by_name} har redan tagit konsultationen.")
        self.by_name = by_name
