"""Errors the generator raises; each message is Swedish and says what to do."""


class SynthError(Exception):
    """Base class: anything that stops a generator run with a message for the user."""


class SynthInputError(SynthError, ValueError):
    """Bad arguments: unknown county, scale out of range, output folder in the way."""


class OutputCheckError(SynthError):
    """The generated data broke the contract; names the table (file), row, field and value."""

    def __init__(self, table: str, row: int, field: str, value: object, problem: str) -> None:
        self.table, self.row, self.field, self.value = table, row, field, value
        super().__init__(
            f'Kontroll av utdata misslyckades: {table}.parquet rad {row}, fält "{field}", '
            f"värde {value!r}: {problem}"
        )


class AlreadyGeneratedError(SynthError):
    """The county already has generated data in the database."""
