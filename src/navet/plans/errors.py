"""Domain errors of SIP; `message` is Swedish and shown to the user as it is."""

from __future__ import annotations


class PlanError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class EditConflict(PlanError):
    """Someone saved a newer version of the plan since the form was loaded. `theirs` is the
    version now current, `mine` the text the user tried to save: both are shown."""

    def __init__(self, *, theirs, mine: dict) -> None:
        self.theirs = theirs
        self.mine = mine
        super().__init__(
            f"{theirs.author_name} sparade version {theirs.number} av planen medan du skrev. "
            "Din text är inte sparad. Jämför de två texterna nedan, för över det du vill behålla "
            "och spara igen."
        )


class CannotFinalise(PlanError):
    """The plan lacks consent or mandatory elements; `missing` lists what, in Swedish."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = list(missing)
        super().__init__("Planen kan inte fastställas: " + "; ".join(self.missing) + ".")


class NoConsent(PlanError):
    pass
