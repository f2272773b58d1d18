"""Domain errors of the access app; `message` is Swedish and shown to the user as it is."""


class AccessError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StaleEdit(AccessError):
    """Someone else changed the record since the form was loaded (optimistic locking)."""

    def __init__(self) -> None:
        super().__init__(
            "Uppgiften har ändrats av någon annan sedan du öppnade den. Ladda om sidan och "
            "försök igen."
        )
