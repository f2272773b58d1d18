"""The device API's FHIR R4 Observation and its OperationOutcome errors.

What home monitoring needs is checked strictly, each with its own reason: no unknown top-level
elements, status, code (LOINC, or Navet's code for the symptom score), subject (the person's
identity number), effectiveDateTime (with a time zone) and valueQuantity (value, UCUM system and
code); last, the whole resource must be a valid FHIR Observation (fhir.resources' R4B model,
which for Observation is R4's), so nothing malformed elsewhere in it is stored either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from navet.monitoring.measures import BY_CODE, UCUM
from navet.monitoring.values import Checked, ValueError_, check

PERSONNUMMER = "urn:oid:1.2.752.129.2.1.3.1"
SAMORDNINGSNUMMER = "urn:oid:1.2.752.129.2.1.3.3"
STATUSES = {"final", "amended", "corrected", "preliminary"}
ALLOWED = {
    "resourceType",
    "id",
    "meta",
    "text",
    "identifier",
    "status",
    "category",
    "code",
    "subject",
    "effectiveDateTime",
    "issued",
    "valueQuantity",
    "device",
    "note",
}


class FhirError(Exception):
    """A refusal as an OperationOutcome issue: HTTP status, FHIR issue code, Swedish text."""

    def __init__(self, diagnostics: str, *, expression: str = "", code="invalid", status=400):
        super().__init__(diagnostics)
        self.diagnostics = diagnostics
        self.expression = expression
        self.code = code
        self.status = status


def outcome(error: FhirError) -> dict:
    issue = {"severity": "error", "code": error.code, "diagnostics": error.diagnostics}
    if error.expression:
        issue["expression"] = [error.expression]
    return {"resourceType": "OperationOutcome", "issue": [issue]}


@dataclass(frozen=True)
class Observation:
    checked: Checked
    effective_at: datetime
    subject_system: str
    subject_value: str


def _object(data, path: str) -> dict:
    if not isinstance(data, dict):
        raise FhirError(f"{path} ska vara ett objekt.", expression=path, code="structure")
    return data


def _code(data) -> tuple[str, str]:
    codings = _object(data.get("code"), "Observation.code").get("coding")
    if not isinstance(codings, list) or not codings:
        raise FhirError("Observation.code.coding saknas.", expression="Observation.code.coding")
    for coding in codings:
        coding = _object(coding, "Observation.code.coding")
        key = (coding.get("system"), coding.get("code"))
        if key in BY_CODE:
            return BY_CODE[key].key, ""
    raise FhirError(
        "Koden är inget mått som hemmonitoreringen tar emot (LOINC: 8480-6, 8462-4, 29463-7, "
        "59408-5, 8867-4, 15074-8).",
        expression="Observation.code.coding",
        code="code-invalid",
        status=422,
    )


def _effective(data) -> datetime:
    text = data.get("effectiveDateTime")
    if not isinstance(text, str) or "T" not in text:
        raise FhirError(
            "effectiveDateTime saknas eller saknar klockslag.",
            expression="Observation.effectiveDateTime",
            code="required",
        )
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise FhirError(
            "effectiveDateTime ska vara en tidpunkt med tidszon (t.ex. 2026-03-01T08:15:00+01:00).",
            expression="Observation.effectiveDateTime",
        )
    return moment


def _subject(data) -> tuple[str, str]:
    identifier = _object(
        _object(data.get("subject"), "Observation.subject").get("identifier"),
        "Observation.subject.identifier",
    )
    system, value = identifier.get("system"), identifier.get("value")
    if system not in (PERSONNUMMER, SAMORDNINGSNUMMER) or not isinstance(value, str):
        raise FhirError(
            "Observation.subject.identifier ska vara personens person- eller "
            "samordningsnummer (system " + PERSONNUMMER + ").",
            expression="Observation.subject.identifier",
            code="required",
        )
    return system, value.replace("-", "").strip()


def _valid_fhir(data: dict) -> None:
    from fhir.resources.R4B.observation import Observation as FhirObservation
    from pydantic import ValidationError

    try:
        FhirObservation.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise FhirError(
            f"Observationen följer inte FHIR R4 ({where}: {first['msg']}).",
            expression=f"Observation.{where}" if where else "Observation",
            code="structure",
        ) from None


def parse(data) -> Observation:
    data = _object(data, "Observation")
    if data.get("resourceType") != "Observation":
        raise FhirError("resourceType ska vara Observation.", expression="Observation")
    unknown = sorted(set(data) - ALLOWED)
    if unknown:
        raise FhirError(
            f"Okända element: {', '.join(unknown)}.", expression=f"Observation.{unknown[0]}"
        )
    if data.get("status") not in STATUSES:
        raise FhirError(
            "status ska vara final, amended, corrected eller preliminary.",
            expression="Observation.status",
        )
    measure_key, _ = _code(data)
    quantity = _object(data.get("valueQuantity"), "Observation.valueQuantity")
    if quantity.get("system") != UCUM or not isinstance(quantity.get("code"), str):
        raise FhirError(
            "valueQuantity ska ha en UCUM-enhet (system " + UCUM + " och code).",
            expression="Observation.valueQuantity.system",
        )
    value = quantity.get("value")
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise FhirError(
            "valueQuantity.value ska vara ett tal.", expression="Observation.valueQuantity.value"
        )
    try:
        checked = check(measure_key, value, quantity["code"])
    except ValueError_ as error:
        raise FhirError(
            error.reason, expression="Observation.valueQuantity", code="value", status=422
        ) from None
    system, identifier = _subject(data)
    effective_at = _effective(data)
    _valid_fhir(data)  # last: the checks above give the more precise reasons
    return Observation(checked, effective_at, system, identifier)
