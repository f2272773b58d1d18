"""The inbox items the care-at-home services send, for the generated rows (--database):

- a mobile-team request in the team's inbox (`mobile.services.create_request`), acknowledged
  when the team triaged it;
- a consultation question in the answering unit's inbox (`remote.services.ask`, the
  consultation's `question_item`), acknowledged when it was answered; its answer in the asking
  unit's inbox (`answer`), acknowledged a few hours later; and, for one that was escalated, the
  overdue item (`escalate_overdue`), acknowledged with the answer;
- a home-monitoring alert in the enrolling unit's inbox (`monitoring.services._raise_alert`),
  acknowledged with the alert.

Kind, key, subject, body, sender, source and deadline are the live services'; the keys are the
services' idempotency keys, so a later live action on a generated object finds its item. An
item nobody handled is open only in the recent backlog (inbox_db.BACKLOG_DAYS).
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from navet.mobile.models import Urgency as MobileUrgency
from navet.organisation.models import CareUnit
from navet.remote import kinds
from navet.remote.models import Consultation
from navet.remote.models import Urgency as RemoteUrgency
from navet.remote.services import answer_body, question_body
from navet.residents.models import Person
from navet.synth import home_mobile, home_remote
from navet.synth.home_common import NONE, end_moment, lognormal_hours, staff_names
from navet.synth.inbox_db import NULL, Inbox, before_end, closed_late, due
from navet.synth.rng import stream

STAFF = "Personal vid enheten"
ANSWER_READ_HOURS = 3.0  # median time until the asking unit acknowledged an answer
ALERT_BODY = "Kvittera larmet och skriv vad som gjordes på personens sida för hemmonitorering."


def _heads(g) -> np.ndarray:
    heads = g.staffing.unit_head_names(g.org.n_units)
    return np.where(heads == "", STAFF, heads).astype(object)


def _rng(g, what: str):
    return stream(g.params.seed, g.params.county_code, f"home-inbox-{what}")


def _full(n: int, value: str) -> np.ndarray:
    return np.full(n, value, dtype=object)


def _local(moment: int) -> str:
    """A moment (local seconds) as the services show a local time."""
    return f"{datetime.fromtimestamp(int(moment), UTC):%Y-%m-%d %H:%M}"


def mobile_items(g, loader, mr: dict, request_id, requests: dict) -> dict:
    """The team's item of every request (InboxItem columns)."""
    n, end = len(mr["person"]), end_moment(g)
    person = loader.base[Person] + mr["person"]
    label = dict(MobileUrgency.choices)
    urgency = np.array([label[u].lower() for u in home_mobile.URGENCIES], dtype=object)
    handled = mr["status"] != 0
    ack = np.where(handled, mr["triaged"], closed_late(_rng(g, "mobile"), mr["received"], end))
    inbox = Inbox()
    inbox.add(
        key=[f"mobile.request:{int(i)}" for i in request_id],
        to_unit=loader.base[CareUnit] + mr["team"],
        kind=_full(n, "mobile_request"),
        purpose=_full(n, "care"),
        person=person,
        subject="Begäran om hembesök (" + urgency[mr["urgency"]] + ")",
        body=np.asarray(requests["reason"].to_pylist(), dtype=object),
        sender_unit=np.where(mr["from_unit"] >= 0, loader.base[CareUnit] + mr["from_unit"], -1),
        sender_name=np.asarray(requests["sender_name"].to_pylist(), dtype=object),
        source_type=_full(n, "mobile.request"),
        source_id=request_id,
        url_name=_full(n, "mobile:request"),
        url_kwargs=[
            {"person_id": int(p), "request_id": int(r)}
            for p, r in zip(person, request_id, strict=True)
        ],
        created=mr["received"],
        due=due("mobile_request", mr["received"]),
        ack=before_end(ack, end + 1),
        ack_name=_heads(g)[mr["team"]],
    )
    return inbox.rows(loader)[0]


def consultation_items(g, loader, c: dict, ids, rows: dict) -> tuple[dict, np.ndarray]:
    """The question, answer and overdue items of every consultation (InboxItem columns), and the
    id of each consultation's question item."""
    n, end, rng = len(c["person"]), end_moment(g), _rng(g, "consultations")
    person = loader.base[Person] + c["person"]
    unit_id = loader.base[CareUnit]
    heads, names = _heads(g), np.asarray(g.org.units["name"], dtype=object)
    answered = c["answered"] != NONE
    shown = [_consultation(rows, i) for i in range(n)]
    kwargs = [
        {"person_id": int(p), "consultation_id": int(i)} for p, i in zip(person, ids, strict=True)
    ]
    inbox = Inbox()

    def add(which, *, key, kind, to, subject, body, sender_unit, sender_name, created, due_, ack):
        m = len(which)
        return inbox.add(
            key=[f"{key}:{int(i)}" for i in ids[which]],
            to_unit=unit_id + to[which],
            kind=_full(m, kind),
            purpose=_full(m, "care"),
            person=person[which],
            subject=subject,
            body=body,
            sender_unit=sender_unit,
            sender_name=sender_name,
            source_type=_full(m, "remote.consultation"),
            source_id=ids[which],
            url_name=_full(m, "remote:detail"),
            url_kwargs=[kwargs[i] for i in which],
            created=created,
            due=due_,
            ack=before_end(ack, end + 1),
            ack_name=heads[to[which]],
        )

    every = np.arange(n)
    question = add(
        every,
        key="remote.question",
        kind=kinds.QUESTION.code,
        to=c["to_unit"],
        subject=[f"Konsultationsfråga ({s.get_urgency_display().lower()})" for s in shown],
        body=[question_body(s) for s in shown],
        sender_unit=unit_id + c["asking_unit"],  # the asking nurse's unit, as send_item takes it
        sender_name=[
            ", ".join(x for x in (who, names[u]) if x)
            for who, u in zip(rows["asked_by_name"].to_pylist(), c["asking_unit"], strict=True)
        ],
        created=c["created"],
        due_=np.full(n, NULL),  # the consultation's deadline governs (remote.kinds)
        ack=np.where(answered, c["answered"], closed_late(rng, c["created"], end)),
    )
    a = np.flatnonzero(answered)
    doctor = rows["picked_by_name"].to_pylist()
    add(
        a,
        key="remote.answer",
        kind=kinds.ANSWER.code,
        to=c["asking_unit"],
        subject=_full(len(a), "Svar på konsultationsfråga"),
        body=[answer_body(shown[i]) for i in a],
        sender_unit=unit_id + c["to_unit"][a],
        sender_name=[f"{doctor[i]}, {names[c['to_unit'][i]]}" for i in a],
        created=c["answered"][a],
        due_=due(kinds.ANSWER.code, c["answered"][a]),
        ack=c["answered"][a] + lognormal_hours(rng, ANSWER_READ_HOURS, 1.0, len(a)),
    )
    e = np.flatnonzero(c["escalated"] != NONE)
    label = dict(RemoteUrgency.choices)
    urgency = [label[u].lower() for u in home_remote.URGENCIES]
    add(
        e,
        key="remote.overdue",
        kind=kinds.OVERDUE.code,
        to=c["to_unit"],  # no escalation unit is configured for generated units: the unit itself
        subject=[f"Obesvarad konsultation till {names[c['to_unit'][i]]}" for i in e],
        body=[
            f"En konsultationsfråga ({urgency[c['urgency'][i]]}) från "
            f"{names[c['asking_unit'][i]]} mottogs {_local(c['created'][i])} och skulle ha "
            f"besvarats senast {_local(c['due'][i])}. Den är inte besvarad."
            for i in e
        ],
        sender_unit=np.full(len(e), -1),
        sender_name=_full(len(e), "Navet"),
        created=c["escalated"][e],
        due_=np.full(len(e), NULL),
        ack=np.where(answered[e], c["answered"][e], closed_late(rng, c["escalated"][e], end)),
    )
    columns, base = inbox.rows(loader)
    return columns, base + question


def _consultation(rows: dict, i: int) -> Consultation:
    """An unsaved consultation with what the services' texts show."""
    values = {
        name: rows[name][i].as_py()
        for name in ("urgency", "question", "advice", "orders", "visit_needed", "video_link",
                     "video_provider", *home_remote.VITALS)
    }  # fmt: skip
    due_at = rows["due_at"][i].as_py()
    if due_at.tzinfo is None:
        due_at = due_at.replace(tzinfo=UTC)
    return Consultation(due_at=due_at, **values)


def alert_items(g, loader, al: dict, alert_id, person, unit, reasons) -> dict:
    """The unit's item of every alert (InboxItem columns)."""
    k, end = len(alert_id), end_moment(g)
    person = loader.base[Person] + person
    names = np.asarray(staff_names(g), dtype=object)
    ack = np.where(
        al["acknowledged"] != NONE,
        al["acknowledged"],
        closed_late(_rng(g, "alerts"), al["raised"], end),
    )
    by = np.where(al["by"] >= 0, names[np.maximum(al["by"], 0)], _heads(g)[unit])
    inbox = Inbox()
    inbox.add(
        key=[f"monitoring.alert:{int(i)}" for i in alert_id],
        to_unit=loader.base[CareUnit] + unit,
        kind=_full(k, "monitoring_alert"),
        purpose=_full(k, "care"),
        person=person,
        subject=[f"Hemmätning utanför gränsvärde: {r}"[:200] for r in reasons],
        body=_full(k, ALERT_BODY),
        sender_unit=np.full(k, -1),
        sender_name=_full(k, "Hemmonitorering"),
        source_type=_full(k, "monitoring.alert"),
        source_id=alert_id,
        url_name=_full(k, "monitoring:person"),
        url_kwargs=[{"person_id": int(p)} for p in person],
        created=al["raised"],
        due=due("monitoring_alert", al["raised"]),
        ack=before_end(ack, end + 1),
        ack_name=by,
    )
    return inbox.rows(loader)[0]
