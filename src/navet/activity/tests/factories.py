"""Sample activity rows (valid, referring to the `world` fixture) and file writers."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from navet.identifiers import SYNTHETIC_ORG_NUMBER

ORG = f"SE{SYNTHETIC_ORG_NUMBER}"
HSA = {  # unit key -> (HSA-id, kind)
    "vc": (f"{ORG}-VC01", "health_centre"),
    "spec": (f"{ORG}-SPEC01", "specialist_clinic"),
    "ed": (f"{ORG}-AKM01", "emergency_department"),
    "ward": (f"{ORG}-AVD01", "inpatient_ward"),
    "admin": (f"{ORG}-ADM01", "administration"),  # gives no care: no event may be there
}
STAFF_HSA = {"doctor": f"{ORG}-DR01", "nurse": f"{ORG}-SSK01"}
# From /work/shared/data/test_identity_numbers.csv (Skatteverket's test series), and a reserve
# number.
P1, P2, P3, P4 = "194608154714", "194608188886", "191401682396", "19450312R0042"
PEOPLE = {
    P1: "personnummer",
    P2: "personnummer",
    P3: "samordningsnummer",
    P4: "reservnummer",
}
NOT_IN_NAVET = "189001019802"  # valid, in the test series, but no Person row
VC, SPEC, ED, WARD = (HSA[k][0] for k in ("vc", "spec", "ed", "ward"))
DOCTOR, NURSE = STAFF_HSA["doctor"], STAFF_HSA["nurse"]

SAMPLE: dict[str, list[dict[str, str]]] = {
    "visits": [
        dict(source_id="V1", personal_identity_number=P1, staff_hsa_id=DOCTOR, unit_hsa_id=VC,
             profession="doctor", care_level="primary", form="physical", visit_date="2025-03-01"),
        dict(source_id="V2", personal_identity_number="19460818-8886", staff_hsa_id="",
             unit_hsa_id=VC, profession="nurse", care_level="primary", form="phone",
             visit_date="2025-03-02"),
        dict(source_id="V3", personal_identity_number=P3, staff_hsa_id=NURSE, unit_hsa_id=SPEC,
             profession="nurse", care_level="specialist", form="video", visit_date="2025-03-03"),
        dict(source_id="V4", personal_identity_number="19450312-R0042", staff_hsa_id=DOCTOR,
             unit_hsa_id=VC, profession="doctor", care_level="primary", form="home",
             visit_date="2025-03-04"),
    ],
    "ed_visits": [
        dict(source_id="E1", personal_identity_number=P1, unit_hsa_id=ED,
             arrival_time="2025-03-01T08:15:00+01:00", departure_time="2025-03-01T12:00:00Z"),
        dict(source_id="E2", personal_identity_number=P2, unit_hsa_id=ED,
             arrival_time="2025-07-05T22:00:00+02:00", departure_time=""),
    ],
    "episodes": [
        dict(source_id="A1", personal_identity_number=P1, unit_hsa_id=WARD,
             admission_time="2025-03-01T12:30:00+01:00", discharge_time="2025-03-10T10:00:00+01:00",
             admission_type="acute", care_type="somatic", main_diagnosis="n390",
             ready_time="2025-03-07T09:00:00+01:00", discharge_destination="home"),
        dict(source_id="A2", personal_identity_number=P2, unit_hsa_id=WARD,
             admission_time="2025-03-08T10:00:00+01:00", discharge_time="",
             admission_type="planned", care_type="psychiatric", main_diagnosis="F32.1",
             ready_time="", discharge_destination=""),
    ],
    "care_requests": [
        dict(source_id="C1", personal_identity_number=P1, unit_hsa_id=VC,
             received_date="2025-03-03", reason_class="new", first_assessment_date="2025-03-04",
             profession="doctor"),
        dict(source_id="C2", personal_identity_number=P2, unit_hsa_id=VC,
             received_date="2025-03-03", reason_class="worsened", first_assessment_date="",
             profession="nurse"),
    ],
    "phone_calls": [
        dict(source_id="T1", unit_hsa_id=VC, received_time="2025-03-03T08:01:00+01:00",
             answered_same_day="ja"),
        dict(source_id="T2", unit_hsa_id=VC, received_time="2025-03-03T16:55:00+01:00",
             answered_same_day="false"),
        dict(source_id="T3", unit_hsa_id=VC, received_time="2025-03-04T07:59:59Z",
             answered_same_day="1"),
    ],
}  # fmt: skip

TIMESTAMP = pa.timestamp("us", tz="Europe/Stockholm")
ARROW_TYPES = {
    "visit_date": pa.date32(),
    "received_date": pa.date32(),
    "first_assessment_date": pa.date32(),
    "arrival_time": TIMESTAMP,
    "departure_time": TIMESTAMP,
    "admission_time": TIMESTAMP,
    "discharge_time": TIMESTAMP,
    "ready_time": TIMESTAMP,
    "received_time": pa.timestamp("ns", tz="UTC"),
    "answered_same_day": pa.bool_(),
}


def sample(table: str, **changes: dict[str, str]) -> list[dict[str, str]]:
    """A copy of the sample rows; `changes` maps a source_id to the columns to replace."""
    rows = [dict(row) for row in SAMPLE[table]]
    for row in rows:
        row.update(changes.get(row["source_id"], {}))
    return rows


def write_csv(directory: Path, table: str, rows: list[dict[str, str]], header=None) -> Path:
    path = directory / f"{table}.csv"
    header = header or list(SAMPLE[table][0])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([row.get(name, "") for name in header] for row in rows)
    return path


def write_all_csv(directory: Path) -> None:
    for table in SAMPLE:
        write_csv(directory, table, sample(table))


def _typed(name: str, text: str):
    if text == "":
        return None
    kind = ARROW_TYPES.get(name)
    if kind is None:
        return text
    if pa.types.is_date(kind):
        return date.fromisoformat(text)
    if pa.types.is_timestamp(kind):
        return datetime.fromisoformat(text)
    return text.lower() in {"ja", "true", "1"}


def write_parquet(directory: Path, table: str, rows: list[dict[str, str]], types=None) -> Path:
    path = directory / f"{table}.parquet"
    types = {**ARROW_TYPES, **(types or {})}
    names = list(SAMPLE[table][0])
    arrays = [
        pa.array([_typed(name, row[name]) for row in rows], type=types.get(name, pa.string()))
        for name in names
    ]
    pq.write_table(pa.table(arrays, names=names), path)
    return path


def write_all_parquet(directory: Path) -> None:
    for table in SAMPLE:
        write_parquet(directory, table, sample(table))
