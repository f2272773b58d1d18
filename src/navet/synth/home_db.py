"""The generated care-at-home data as rows of the apps' models (--database): mobile-team requests
and home visits (navet.mobile), consultations (navet.remote), reception requests
(navet.reception); home monitoring is in home_db_monitoring. Each request, consultation and
enrolment opens the care relationship its service opens (navet.access), so the teams and units
can read the persons on their worklists, and sends the inbox items its service sends
(home_db_inbox).
"""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa

from navet.access.config import grace_period
from navet.access.models import CareRelationship
from navet.access.relationships import relationship_key
from navet.messaging.models import InboxItem
from navet.mobile.models import HomeVisit, MobileRequest
from navet.organisation.models import CareUnit, Staff
from navet.reception.models import ReceptionRequest
from navet.reception.triage import RAISE, RED_FLAGS
from navet.remote.models import Consultation
from navet.residents.models import Person
from navet.synth import config, home_db_inbox, home_mobile, home_remote
from navet.synth.db_rows import ints, lookup_strings, moments, strings
from navet.synth.home_common import NONE, staff_names
from navet.synth.home_tables import data
from navet.synth.tables import source_ids

REQUEST_REASONS = (
    "Feber och förvirring sedan i går, svårt att ta sig till vårdcentralen.",
    "Ökad andfåddhet och svullna ben, ökat i vikt senaste veckan.",
    "Fallit i hemmet, ont i höften men kan stödja på benet.",
    "Nedsatt allmäntillstånd, äter och dricker dåligt.",
    "Misstänkt urinvägsinfektion, ny oro och förvirring.",
)
FINDINGS = {
    "managed_at_home": (
        "Stabila vitalparametrar. Bedömd i hemmet.",
        "Justerat läkemedel och gett råd; hemsjukvården följer upp i morgon.",
    ),
    "referred": (
        "Behöver vidare utredning men inte akut.",
        "Tid bokad på vårdcentralen inom två dagar.",
    ),
    "admitted": (
        "Påverkat allmäntillstånd, låg syremättnad.",
        "Ambulans beställd; inlagd via akutmottagningen.",
    ),
}
TRIAGE_NOTES = ("", "Råd om vätska och febernedsättande; ring igen vid försämring.",
                "Avböjd: behovet hör till vårdcentralens ordinarie mottagning.")  # fmt: skip
QUESTIONS = (
    "Feber sedan i morse, lätt förvirrad. Behöver hen bedömas i dag?",
    "Ökat i vikt 2 kg på tre dagar, svullna ben. Ska vi öka vätskedrivande?",
    "Fallit i natt utan synliga skador. Blodförtunnande – behövs läkarbedömning?",
    "Svårinställt blodsocker senaste veckan. Förslag på justering?",
)
ADVICE = "Bedömning utifrån vitalparametrarna: fortsatt observation, ring vid försämring."
DESCRIPTIONS = {
    "infection": "Hosta och feber i tre dagar, blir inte bättre.",
    "pain": "Ont i ryggen sedan en vecka, svårt att sova.",
    "skin": "Utslag på armarna som kliar.",
    "stomach": "Sveda när jag kissar och behöver gå ofta.",
    "mental": "Sover dåligt och känner mig orolig.",
    "medication": "Behöver förnya mitt recept på blodtrycksmedicin.",
    "chronic": "Mitt blodsocker har varit högt senaste veckan.",
    "other": "Behöver ett intyg till arbetsgivaren.",
}
RECEPTION_OUTCOMES = (
    "Egenvårdsråd i chatten.",
    "Tid bokad på vårdcentralen.",
    "Recept förnyat.",
)
MODELS = (MobileRequest, HomeVisit, HomeVisit.staff.through, Consultation, ReceptionRequest)


def _ids(loader, model, n: int) -> np.ndarray:
    return loader.reserve(model, n) + np.arange(n)


def _null(values: np.ndarray) -> np.ndarray:
    return values == NONE


def _ts(values: np.ndarray) -> pa.Array:
    return moments(np.where(_null(values), 0, values), _null(values))


def mobile_rows(g, loader) -> list[tuple]:
    mr, code = data(g)["mobile"], g.params.county_code
    n = len(mr["person"])
    request_id = _ids(loader, MobileRequest, n)
    units = g.org.units
    channel_label = {
        0: "Sjuksköterska, {unit}",
        1: "Distriktssköterska, {unit}",
        2: "1177 Vårdguiden",
        3: "Läkare, {unit}",
    }
    sender = [
        channel_label[int(c)].format(unit=units["name"][u] if u >= 0 else "")
        for c, u in zip(mr["channel"], mr["from_unit"], strict=True)
    ]
    triage_note = np.where(
        mr["triage"] > 0, np.array(TRIAGE_NOTES)[np.maximum(mr["triage"], 0)], ""
    )
    requests = {
        "id": ints(request_id),
        "key": source_ids(code, "mr", n),
        "team_id": ints(loader.base[CareUnit] + mr["team"]),
        "person_id": ints(loader.base[Person] + mr["person"]),
        "channel": lookup_strings(mr["channel"], home_mobile.CHANNELS),
        "from_unit_id": pa.array(loader.base[CareUnit] + mr["from_unit"], mask=mr["from_unit"] < 0),
        "sender_name": strings(sender),
        "reason": strings(np.array(REQUEST_REASONS)[np.arange(n) % len(REQUEST_REASONS)]),
        "urgency": lookup_strings(mr["urgency"], home_mobile.URGENCIES),
        "received_at": _ts(mr["received"]),
        "status": lookup_strings(mr["status"], home_mobile.STATUSES),
        "triaged_at": _ts(mr["triaged"]),
        "planned_at": _ts(mr["planned"]),
        "triage_note": strings(triage_note),
    }
    visited = np.flatnonzero(mr["visit"] != NONE)
    m = len(visited)
    visit_id = _ids(loader, HomeVisit, m)
    outcome = np.array(home_mobile.OUTCOMES)[mr["outcome"][visited]]
    visits = {
        "id": ints(visit_id),
        "request_id": ints(request_id[visited]),
        "visited_at": _ts(mr["visit"][visited]),
        "findings": strings(FINDINGS[o][0] for o in outcome),
        "actions": strings(FINDINGS[o][1] for o in outcome),
        "outcome": strings(outcome),
        "recorded_at": _ts(mr["visit"][visited] + 3600),
    }
    who = [(v, s) for i, v in zip(visited, visit_id, strict=True)
           for s in (mr["nurse"][i], mr["doctor"][i]) if s >= 0]  # fmt: skip
    through = HomeVisit.staff.through
    participants = {
        "id": ints(_ids(loader, through, len(who))),
        "homevisit_id": ints([v for v, _ in who]),
        "staff_id": ints([loader.base[Staff] + s for _, s in who]),
    }
    # The request opens the team's relationship; the visit (or a decline) ends the event.
    event_end = np.where(mr["visit"] != NONE, mr["visit"], mr["triaged"])
    event_end = np.where(np.isin(mr["status"], (2, 3, 4)), event_end, NONE)
    relationships = _relationships(
        loader, "mobile_team", "mobile.request", request_id, mr["person"], mr["team"],
        mr["received"], event_end, "Begäran till mobilt team",
    )  # fmt: skip
    items = home_db_inbox.mobile_items(g, loader, mr, request_id, requests)
    return [
        (MobileRequest, requests),
        (InboxItem, items),
        (HomeVisit, visits),
        (through, participants),
        (CareRelationship, relationships),
    ]


def _relationships(loader, kind, source_type, ids, person, unit, starts, event_end, reason):
    n = len(ids)
    unit_id = loader.base[CareUnit] + unit
    ended = event_end != NONE
    grace = int(grace_period(kind).total_seconds())
    return {
        "id": ints(_ids(loader, CareRelationship, n)),
        "key": strings(
            relationship_key(kind, source_type, int(i), int(u), None)
            for i, u in zip(ids, unit_id, strict=True)
        ),
        "person_id": ints(loader.base[Person] + person),
        "unit_id": ints(unit_id),
        "kind": strings([kind] * n),
        "source_type": strings([source_type] * n),
        "source_id": strings(str(int(i)) for i in ids),
        "starts_at": _ts(starts),
        "event_ended_at": _ts(np.where(ended, event_end, NONE)),
        "ends_at": _ts(np.where(ended, event_end + grace, NONE)),
        "reason": strings([reason] * n),
        "created_at": _ts(starts),
    }


def consultation_rows(g, loader) -> list[tuple]:
    c, code = data(g)["consultations"], g.params.county_code
    n = len(c["person"])
    ids = _ids(loader, Consultation, n)
    names = staff_names(g)
    answered = c["status"] == 2

    def vital(name: str) -> pa.Array:
        return pa.array(c[name], mask=c[name] < 0)

    consultations = {
        "id": ints(ids),
        "key": source_ids(code, "rc", n),
        "person_id": ints(loader.base[Person] + c["person"]),
        "asked_by_name": strings(np.where(c["asker"] >= 0, names[np.maximum(c["asker"], 0)], "")),
        "asking_unit_id": ints(loader.base[CareUnit] + c["asking_unit"]),
        "target": strings(["health_centre"] * n),
        "to_unit_id": ints(loader.base[CareUnit] + c["to_unit"]),
        "urgency": lookup_strings(c["urgency"], home_remote.URGENCIES),
        "question": strings(np.array(QUESTIONS)[np.arange(n) % len(QUESTIONS)]),
        **{name: vital(name) for name in home_remote.VITALS},
        "created_at": _ts(c["created"]),
        "due_at": _ts(c["due"]),
        "status": lookup_strings(c["status"], home_remote.CONSULTATION_STATUSES),
        "picked_by_name": strings(
            np.where(c["doctor"] >= 0, names[np.maximum(c["doctor"], 0)], "")
        ),
        "picked_at": _ts(c["picked"]),
        "advice": strings(np.where(answered, ADVICE, "")),
        "orders": strings([""] * n),
        "visit_needed": pa.array(c["visit_needed"]),
        "video_link": strings([""] * n),
        "video_provider": strings([""] * n),
        "answered_at": _ts(c["answered"]),
        "escalated_at": _ts(c["escalated"]),
    }
    items, question_item = home_db_inbox.consultation_items(g, loader, c, ids, consultations)
    consultations["question_item_id"] = ints(question_item)
    event_end = np.where(answered, c["answered"], NONE)
    relationships = _relationships(
        loader, "consultation", "remote.consultation", ids, c["person"], c["to_unit"],
        c["created"], event_end, "Konsultationsfråga i digitalt väntrum",
    )  # fmt: skip
    return [
        (InboxItem, items),
        (Consultation, consultations),
        (CareRelationship, relationships),
    ]


def reception_rows(g, loader) -> list[tuple]:
    r, code = data(g)["reception"], g.params.county_code
    n = len(r["person"])
    raise_codes = [f.code for f in RED_FLAGS if f.effect == RAISE]
    answers = [
        json.dumps({f.code: bool(u == 1 and f.code == raise_codes[0]) for f in RED_FLAGS})
        for u in r["urgency"]
    ]
    area = np.array(home_remote.PROBLEM_AREAS)[r["area"]]
    closed = r["status"] == 2
    requests = {
        "id": ints(_ids(loader, ReceptionRequest, n)),
        "key": source_ids(code, "rr", n),
        "person_id": ints(loader.base[Person] + r["person"]),
        "unit_id": ints(loader.base[CareUnit] + r["unit"]),
        "created_at": _ts(r["created"]),
        "problem_area": strings(area),
        "reason_class": lookup_strings(r["reason"], [x for x, _ in config.CARE_REQUEST_REASONS]),
        "since": lookup_strings(r["since"], home_remote.SINCE),
        "description": strings(DESCRIPTIONS[a] for a in area),
        "answers": strings(answers),
        "urgency": ints(r["urgency"]),
        "channel": strings(np.where(r["video"], "video", "chat")),
        "status": lookup_strings(r["status"], home_remote.RECEPTION_STATUSES),
        "picked_at": _ts(r["assessed"]),
        "first_assessed_at": _ts(r["assessed"]),
        "video_url": strings([""] * n),
        "closed_at": _ts(r["closed"]),
        "outcome": strings(np.where(closed, np.array(RECEPTION_OUTCOMES)[np.arange(n) % 3], "")),
    }
    return [(ReceptionRequest, requests)]
