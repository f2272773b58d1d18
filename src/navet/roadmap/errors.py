"""Domain errors of the roadmap; `message` is Swedish and shown to the user as it is."""


class RoadmapError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StaleEdit(RoadmapError):
    """Someone else changed the record since the form was loaded (optimistic locking)."""

    def __init__(self) -> None:
        super().__init__(
            "Uppgiften har ändrats av någon annan sedan du öppnade sidan. Ladda om sidan, se "
            "vad som ändrats och försök igen."
        )
