"""The device API: `POST /api/fhir/Observation` with `Authorization: Bearer <device token>`.

The token alone authenticates (no session, no CSRF: a device is no browser); it names one
enrolment, so the device can only write that person's values. Every answer is FHIR JSON: the
stored Observation (201 created, 200 when the device sent it before) or an OperationOutcome.
"""

from __future__ import annotations

import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from navet.access.audit import Actor, record
from navet.access.decorators import declared
from navet.access.models import AuditAction
from navet.monitoring import fhir, services
from navet.monitoring.values import ValueError_

FHIR_JSON = "application/fhir+json"
MAX_BYTES = 64 * 1024


def _answer(body: dict, status: int) -> JsonResponse:
    response = JsonResponse(body, status=status, content_type=FHIR_JSON)
    response["Cache-Control"] = "no-store"
    return response


def _refuse(error: fhir.FhirError) -> JsonResponse:
    response = _answer(fhir.outcome(error), error.status)
    if error.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="navet-monitoring"'
    return response


def _device_actor(device, request) -> Actor:
    return Actor(
        None,
        f"mätenhet:{device.pk} {device.label}"[:150],
        role="device",
        unit=None,
        ip=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        path=request.path[:300],
    )


def _observation(measurement, data: dict) -> dict:
    return {**data, "id": str(measurement.pk)}


@declared(
    "device",
    "token-authenticated device writes: the token names one enrolment, only that person's values "
    "are accepted (another person's are refused and logged); writes are audited; nothing is read",
)
@csrf_exempt
def observation(request):
    if request.method != "POST":
        return _refuse(fhir.FhirError("Endast POST.", code="not-supported", status=405))
    header = request.META.get("HTTP_AUTHORIZATION", "")
    token = header[7:].strip() if header.startswith("Bearer ") else ""
    device = services.device_for(token)
    if device is None:
        return _refuse(fhir.FhirError("Ogiltig eller återkallad token.", code="login", status=401))
    if len(request.body) > MAX_BYTES:
        return _refuse(fhir.FhirError("För stort meddelande.", code="too-long", status=413))
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return _refuse(fhir.FhirError("Kroppen är inte giltig JSON.", code="structure"))
    actor = _device_actor(device, request)
    enrolment = device.enrolment
    try:
        parsed = fhir.parse(data)
        if parsed.subject_value != enrolment.person.identifier:
            record(
                actor,
                action=AuditAction.DENIED,
                person_id=enrolment.person_id,
                object_type="monitoring.device",
                object_id=device.pk,
                detail="mätenhetens token gäller en annan person än observationens",
            )
            raise fhir.FhirError(
                "Token gäller inte den här personen.", code="forbidden", status=403
            )
        measurement, created = services.record_value(
            enrolment=enrolment,
            checked=parsed.checked,
            effective_at=parsed.effective_at,
            actor=actor,
            device=device,
        )
    except fhir.FhirError as error:
        return _refuse(error)
    except ValueError_ as error:
        return _refuse(fhir.FhirError(error.reason, code="business-rule", status=422))
    response = _answer(_observation(measurement, data), 201 if created else 200)
    response["Location"] = f"{request.path.rstrip('/')}/{measurement.pk}"
    return response
