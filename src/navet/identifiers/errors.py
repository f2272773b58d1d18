"""The single exception type raised by `navet.identifiers`.

Every rejection carries a stable English `code` (for programs, tests and logs), a Swedish
`message` (for people) and the offending `value`. Callers branch on `code`, never on the text.
"""

from __future__ import annotations

# Default Swedish messages, one per code. They are short lowercase phrases so that a caller can
# embed them ("Personnummer: fel kontrollsiffra") or capitalise them for display.
MESSAGES: dict[str, str] = {
    "empty": "värdet är tomt",
    "invalid_characters": "innehåller otillåtna tecken",
    "wrong_length": "fel antal siffror",
    "invalid_date": "ogiltigt datum",
    "wrong_check_digit": "fel kontrollsiffra",
    "future_date": "födelsedatumet ligger i framtiden",
    "ambiguous_century": "århundradet kan inte anges entydigt med tio siffror",
    "invalid_separator": "felaktigt skiljetecken",
    "not_hsa_id_prefix": "HSA-id ska börja med SE, ett tiosiffrigt organisationsnummer och -",
    "hsa_too_long": "HSA-id får vara högst 31 tecken",
    "hsa_invalid_suffix": "HSA-id ska sluta med minst ett tecken, och bara A–Z, a–z eller 0–9",
    "unknown_county": "okänd länskod",
    "unknown_municipality": "okänd kommunkod",
    "invalid_code_format": "felaktigt kodformat",
    "invalid_reserve_number": "ogiltigt reservnummer",
}


class IdentifierError(ValueError):
    """An identifier was rejected.

    Attributes:
        code: stable English snake_case key, one of `MESSAGES`.
        message: Swedish explanation, without the value.
        value: the input exactly as the caller gave it.

    `str(err)` is the Swedish message followed by the offending value. Identity numbers are
    personal data: log `code`, not `str(err)`.
    """

    def __init__(self, code: str, value: object, message: str | None = None) -> None:
        if code not in MESSAGES:
            # A typo in a code would silently break every caller that branches on it.
            raise KeyError(f"unknown identifier error code {code!r}")
        self.code = code
        self.value = value
        self.message = message if message is not None else MESSAGES[code]
        super().__init__(f'{self.message}: "{value}"')

    def __reduce__(self):  # keep the exception picklable despite the custom signature
        return (type(self), (self.code, self.value, self.message))
