"""The care-at-home tables of the snapshot contract (issue "Care at home and at a distance"):
mobile-team requests and visits, digital-waiting-room consultations and home monitoring. All
optional; docs/snapshot.md describes them. Kept apart from contract.py so that each issue's
tables stay together; contract.py adds them to TABLES."""

from __future__ import annotations

HOME_TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "mobile_requests": (
        "request_key:string",
        "person_key:string",
        "unit_id:string",
        "channel:string",
        "from_unit_id:string?",
        "urgency:string",
        "received_time:timestamp",
        "triage:string?",
        "triaged_time:timestamp?",
        "planned_time:timestamp?",
        "status:string",
    ),
    "mobile_visits": (
        "request_key:string",
        "person_key:string",
        "unit_id:string",
        "visited_time:timestamp",
        "outcome:string",
        "ed_visit_within_7d:bool?",
        "admitted_within_7d:bool?",
    ),
    "consultations": (
        "consultation_key:string",
        "person_key:string",
        "asking_unit_id:string",
        "unit_id:string",
        "target:string",
        "urgency:string",
        "created_time:timestamp",
        "due_time:timestamp",
        "picked_time:timestamp?",
        "answered_time:timestamp?",
        "escalated_time:timestamp?",
        "status:string",
        "visit_needed:bool",
    ),
    "monitoring_enrolments": (
        "enrolment_key:string",
        "person_key:string",
        "unit_id:string",
        "started_time:timestamp",
        "ended_time:timestamp?",
    ),
    "monitoring_measurements": (
        "enrolment_key:string",
        "person_key:string",
        "measure:string",
        "measure_code:string",
        "ucum_unit:string",
        "value:float",
        "effective_time:timestamp",
        "source:string",
    ),
    "monitoring_alerts": (
        "enrolment_key:string",
        "person_key:string",
        "unit_id:string",
        "measure:string",
        "measure_code:string",
        "value:float",
        "raised_time:timestamp",
        "acknowledged_time:timestamp?",
    ),
}
