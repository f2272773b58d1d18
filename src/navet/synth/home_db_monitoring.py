"""Home monitoring of the generated county as rows of navet.monitoring (--database):
enrolments with their measures and thresholds, a device token for those who measure with a
device (only a random hash is stored, so no token exists for it), the measurements, the alerts
their breaches raised with their inbox items (home_db_inbox), and the unit's care relationship
(kind manual, source monitoring.enrolment, as `monitoring.services.enrol` opens it).

The models need a user for who enrolled (and acknowledged): the generator's own inactive user
`IMPORT_USERNAME` ("Import (syntetiskt län)"), which cannot log in.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from django.contrib.auth.models import User

from navet.access.models import CareRelationship
from navet.messaging.models import InboxItem
from navet.monitoring.measures import MEASURES
from navet.monitoring.models import Alert, DeviceToken, Enrolment, Measurement, MonitoredMeasure
from navet.monitoring.values import format_value
from navet.organisation.models import CareUnit
from navet.residents.models import Person
from navet.synth import home_db_inbox
from navet.synth.db_rows import ints, strings
from navet.synth.home_common import NONE
from navet.synth.home_db import _ids, _relationships, _ts
from navet.synth.home_monitoring import MEASURE_KEYS, PROGRAMMES, REASONS
from navet.synth.home_tables import data
from navet.synth.rng import stream

IMPORT_USERNAME = "import-syntetiskt-lan"
END_REASON = "Stabil, avslutad enligt planen"
MODELS = (Enrolment, MonitoredMeasure, DeviceToken, Measurement, Alert)
ACTION = "Kontaktat personen per telefon; följer upp vid nästa mätning."


def import_user() -> User:
    user, created = User.objects.get_or_create(
        username=IMPORT_USERNAME,
        defaults={"first_name": "Import", "last_name": "(syntetiskt län)", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _decimal(values: np.ndarray) -> pa.Array:
    return pa.array(np.round(values, 2), mask=np.isnan(values))


def monitoring_rows(g, loader) -> list[tuple]:
    mo = data(g)["monitoring"]
    en, ms, mv, al = mo["enrolments"], mo["measures"], mo["measurements"], mo["alerts"]
    user = import_user().pk
    n = len(en["person"])
    enrolment_id = _ids(loader, Enrolment, n)
    ended = en["ended"] != NONE
    unit_id = loader.base[CareUnit] + en["unit"]
    enrolments = {
        "id": ints(enrolment_id),
        "person_id": ints(loader.base[Person] + en["person"]),
        "unit_id": ints(unit_id),
        "reason": strings(REASONS[list(PROGRAMMES)[p]] for p in en["programme"]),
        "enrolled_by_id": ints(np.full(n, user)),
        "started_at": _ts(en["start"]),
        "ended_at": _ts(en["ended"]),
        # An ended programme was ended by the same import user, as planned.
        "ended_by_id": pa.array([int(user) if e else None for e in ended.tolist()], pa.int64()),
        "end_reason": strings(np.where(ended, END_REASON, "")),
    }
    measures = {
        "id": ints(_ids(loader, MonitoredMeasure, len(ms["enrolment"]))),
        "enrolment_id": ints(enrolment_id[ms["enrolment"]]),
        "measure": strings(np.array(MEASURE_KEYS)[ms["measure"]]),
        "low": _decimal(ms["low"]),
        "high": _decimal(ms["high"]),
    }
    with_device = np.flatnonzero(en["device"])
    rng = stream(g.params.seed, g.params.county_code, "monitoring-devices")
    device_id = np.full(n, -1, np.int64)
    device_id[with_device] = _ids(loader, DeviceToken, len(with_device))
    devices = {
        "id": ints(device_id[with_device]),
        "enrolment_id": ints(enrolment_id[with_device]),
        "label": strings(["Mätenhet i hemmet"] * len(with_device)),
        "token_hash": strings(rng.bytes(32).hex() for _ in with_device),
        "created_by_id": ints(np.full(len(with_device), user)),
        "created_at": _ts(en["start"][with_device]),
    }
    m = len(mv["enrolment"])
    measurement_id = _ids(loader, Measurement, m)
    device = device_id[mv["enrolment"]]
    units = np.array([MEASURES[k].unit for k in MEASURE_KEYS])
    measurements = {
        "id": ints(measurement_id),
        "enrolment_id": ints(enrolment_id[mv["enrolment"]]),
        "measure": strings(np.array(MEASURE_KEYS)[mv["measure"]]),
        "value": pa.array(mv["value"]),
        "unit": strings(units[mv["measure"]]),
        "effective_at": _ts(mv["moment"]),
        "source": strings(np.where(device >= 0, "device", "form")),
        "device_id": pa.array(device, mask=device < 0),
        "created_at": _ts(mv["moment"] + 30),
    }
    which = al["measurement"]
    k = len(which)
    acknowledged = al["acknowledged"] != NONE
    alert_id = _ids(loader, Alert, k)
    reasons = _reasons(mv, al)
    alerts = {
        "id": ints(alert_id),
        "measurement_id": ints(measurement_id[which]),
        "enrolment_id": ints(enrolment_id[mv["enrolment"][which]]),
        "unit_id": ints(unit_id[mv["enrolment"][which]]),
        "reason": strings(reasons),
        "created_at": _ts(al["raised"]),
        "acknowledged_at": _ts(al["acknowledged"]),
        "acknowledged_by_id": pa.array(np.full(k, user), mask=~acknowledged),
        "action": strings(np.where(acknowledged, ACTION, "")),
    }
    items = home_db_inbox.alert_items(
        g, loader, al, alert_id, en["person"][mv["enrolment"][which]],
        en["unit"][mv["enrolment"][which]], reasons,
    )  # fmt: skip
    relationships = _relationships(
        loader, "manual", "monitoring.enrolment", enrolment_id, en["person"], en["unit"],
        en["start"], en["ended"], "Inskriven i hemmonitorering",
    )  # fmt: skip
    return [
        (Enrolment, enrolments),
        (MonitoredMeasure, measures),
        (DeviceToken, devices),
        (Measurement, measurements),
        (Alert, alerts),
        (InboxItem, items),
        (CareRelationship, relationships),
    ]


def _reasons(mv: dict, al: dict) -> list[str]:
    """The text `monitoring.services._breach` writes for each alert."""
    from decimal import Decimal

    out = []
    for i, low, high in zip(al["measurement"], al["low"], al["high"], strict=True):
        measure = MEASURES[MEASURE_KEYS[mv["measure"][i]]]
        value = Decimal(str(mv["value"][i]))
        shown = f"{measure.label} {format_value(value, measure)} {measure.unit_label}"
        if not np.isnan(low) and value < Decimal(str(low)):
            out.append(f"{shown}, under gränsen {format_value(Decimal(str(low)), measure)}")
        else:
            out.append(f"{shown}, över gränsen {format_value(Decimal(str(high)), measure)}")
    return out
