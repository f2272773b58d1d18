"""The generated discharge process as operational rows (`--database`), so that the demo's
notice worklists, inboxes and stay pages show it: notices with their inbox items (acknowledged
or not), SIP calls, discharge notices, follow-up calls, readmission flags, the planning
(checklist marks, plans and messages) and the receivers' care relationships.

The facts are those of `discharge.generate` (the same stays and notices as the snapshot's
`stays` and `notices` tables); what only the operational database has (who acknowledged, the
checklist, the plans, the messages, the follow-up calls) is drawn here from its own random
stream. Called by the loader after the bulk rows (`load(g, loader)`): everything points at rows
inserted in the same transaction. docs/synth.md, "Safe discharge", lists the shares.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from django.core.management.color import no_style
from django.db import connection

from navet.access.config import grace_period
from navet.access.models import CareRelationship
from navet.access.relationships import relationship_key
from navet.messaging.models import InboxItem
from navet.synth import discharge
from navet.synth.db_rows import days, ints, moments, strings
from navet.synth.hospital import DECEASED, NURSING_HOME, OPEN, OTHER_HOSPITAL, SHORT_TERM
from navet.synth.inbox_db import BACKLOG_DAYS, Inbox
from navet.synth.listing import lookup
from navet.synth.population import municipality_on
from navet.synth.rng import stream
from navet.synth.timeutil import DAY, HOUR, NEVER
from navet.transitions.checklist import AUTOMATIC, DEFAULT_CHECKLIST
from navet.transitions.models import (
    ChecklistMark,
    DischargeNotice,
    FollowUpCall,
    HealthCentrePlan,
    MunicipalPlan,
    Notice,
    NoticeKind,
    PlanningMessage,
    Readmission,
    SipCall,
)
from navet.transitions.notices import SOURCE_TYPE

MODELS = (
    InboxItem,
    Notice,
    DischargeNotice,
    SipCall,
    FollowUpCall,
    Readmission,
    ChecklistMark,
    PlanningMessage,
    MunicipalPlan,
    HealthCentrePlan,
    CareRelationship,
)
STAFF = "Personal vid enheten"
# Assumptions, not measurements (docs/synth.md): chosen so the worklists show variation.
NEVER_ACKNOWLEDGED = 0.03  # a notice nobody acknowledged (overdue, escalated)
MARKED_OPEN = 0.6  # of the checklist items of a stay still in hospital
UNDONE = 0.03  # a mark taken back ("Ångra")
WITH_MESSAGES = 0.3
FOLLOW_UP_DONE = (0.8, 0.1)  # in the window, late; the rest never
FOLLOW_UP_AGE = 65
READMISSION_DAYS = 30
MESSAGES = (
    "Vi har beviljat hemtjänst från utskrivningsdagen. Hemtjänsten möter upp i hemmet.",
    "Patienten behöver rollator och toalettförhöjning; arbetsterapeuten ordnar det.",
    "Kan ni meddela beräknad tid för hemgång så att hemsjukvården kan planera första besöket?",
    "Läkemedelslistan är uppdaterad; dosett delas av hemsjukvården första veckan.",
    "Anhöriga önskar ett samtal innan hemgång. Förslag: torsdag eftermiddag.",
)
NOTICE_KIND_NAMES = {
    discharge.ADMISSION: NoticeKind.ADMISSION,
    discharge.READY: NoticeKind.READY,
    discharge.NOT_READY: NoticeKind.NOT_READY,
}


class _Inbox(Inbox):
    """The shared collector (inbox_db) fed with a stay's items: the person, source and link are
    the stay's, the key a running number of the county's items."""

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx

    def add(self, *, stay, to, kind, subject, body, sender, url, created, due, ack):
        ctx, n = self.ctx, len(to)
        stay_ids = ctx.stay_id(stay)
        person_ids = ctx.person_id(stay)
        return super().add(
            key=[f"synth-{ctx.code}-ib-{self.n + i + 1:09d}" for i in range(n)],
            to_unit=ctx.unit_id(to),
            kind=kind,
            purpose=np.full(n, "discharge_planning", dtype=object),
            person=person_ids,
            subject=subject,
            body=body,
            sender_unit=ctx.unit_id(sender),
            sender_name=ctx.unit_names[sender],
            source_type=np.full(n, SOURCE_TYPE, dtype=object),
            source_id=[str(int(i)) for i in stay_ids],
            url_name=url,
            url_kwargs=[
                {"person_id": int(p), "stay_id": int(s)}
                for p, s in zip(person_ids, stay_ids, strict=True)
            ],
            created=created,
            due=due,
            ack=ack,
            ack_name=ctx.heads[to],
        )


class _Ctx:
    def __init__(self, g, loader) -> None:
        self.g, self.loader, self.code = g, loader, g.params.county_code
        self.rng = stream(g.params.seed, g.params.county_code, "discharge-database")
        self.end = (g.window.end + 1) * DAY
        self.s, self.n = discharge.generate(g)
        heads = g.staffing.unit_head_names(g.org.n_units)
        self.heads = np.where(heads == "", STAFF, heads).astype(object)
        self.unit_names = np.asarray(g.org.units["name"], dtype=object)
        s = self.s
        units = g.org.units
        self.municipality = municipality_on(g.persons, s["person"], s["adm"] // DAY)
        intake = np.full(len(g.county.codes), -1, dtype=np.int64)
        social = np.flatnonzero(units["kind"] == "social_services")[::-1]
        intake[units["municipality"][social]] = social
        self.to_municipality = intake[self.municipality]
        ls = g.listings
        found = lookup(ls["person"], ls["valid_from"], ls["valid_to"], s["person"], s["adm"] // DAY)
        self.to_centre = np.where(found >= 0, ls["unit"][np.maximum(found, 0)], -1)

    def stay_id(self, i):
        from navet.transitions.models import InpatientStay

        return self.loader.base[InpatientStay] + np.asarray(i, np.int64)

    def person_id(self, stay):
        from navet.residents.models import Person

        return self.loader.base[Person] + self.s["person"][np.asarray(stay, np.int64)]

    def unit_id(self, u):
        from navet.organisation.models import CareUnit

        return self.loader.base[CareUnit] + np.asarray(u, np.int64)

    def forgotten(self, sent: np.ndarray, share: float) -> np.ndarray:
        """Acknowledgement times for the `share` of items nobody handled: never when recent,
        5–20 days late when older than BACKLOG_DAYS."""
        n = len(sent)
        pick = self.rng.random(n) < share
        late = sent + (self.rng.uniform(5, 20, n) * DAY).astype(np.int64)
        recent = sent >= self.end - BACKLOG_DAYS * DAY
        return pick, self.before_end(np.where(recent, OPEN, late))

    def before_end(self, moments_: np.ndarray) -> np.ndarray:
        return np.where((moments_ != OPEN) & (moments_ < self.end), moments_, OPEN)


def _notices(ctx, inbox: _Inbox) -> dict:
    n, s = ctx.n, ctx.s
    keep = np.isin(n["kind"], list(NOTICE_KIND_NAMES)) & (n["to"] >= 0) & (n["sent"] != OPEN)
    stay, kind, to, sent, due = (
        n["stay"][keep],
        n["kind"][keep],
        n["to"][keep],
        n["sent"][keep],
        n["due"][keep],
    )
    never, late = ctx.forgotten(sent, NEVER_ACKNOWLEDGED)
    ack = np.where(never, late, n["ack"][keep])
    order = np.lexsort((sent, to, kind, stay))
    stay, kind, to, sent, due, ack = (a[order] for a in (stay, kind, to, sent, due, ack))
    group = np.r_[True, (stay[1:] != stay[:-1]) | (kind[1:] != kind[:-1]) | (to[1:] != to[:-1])]
    start = np.maximum.accumulate(np.where(group, np.arange(len(stay)), 0))
    version = np.arange(len(stay)) - start + 1
    names = np.array([str(NOTICE_KIND_NAMES[k]) for k in NOTICE_KIND_NAMES], dtype=object)
    labels = np.array([NOTICE_KIND_NAMES[k].label for k in NOTICE_KIND_NAMES], dtype=object)
    ward = s["unit"][stay]
    items = inbox.add(
        stay=stay,
        to=to,
        kind=names[kind],
        subject=labels[kind] + " från " + ctx.unit_names[ward],
        body=np.full(len(stay), "Se vårdtillfällets sida i Navet.", dtype=object),
        sender=ward,
        url=np.full(len(stay), "transitions:stay", dtype=object),
        created=sent,
        due=sent + 24 * HOUR,
        ack=ack,
    )
    first_admission = (kind == discharge.ADMISSION) & (version == 1)
    return {
        "stay_id": ints(ctx.stay_id(stay)),
        "kind": strings(names[kind]),
        "unit_id": ints(ctx.unit_id(to)),
        "version": ints(version),
        "due_at": moments(due, ~first_admission | (due == OPEN)),
        "sent_at": moments(sent),
        "_items": items,
        "_to": to,
        "_stay": stay,
        "_sent": sent,
    }


def _discharge_notices(ctx, inbox: _Inbox) -> dict:
    n, s = ctx.n, ctx.s
    keep = (n["kind"] == discharge.DISCHARGE) & (n["to"] >= 0) & (n["sent"] != OPEN)
    stay, to, sent = n["stay"][keep], n["to"][keep], n["sent"][keep]
    ward = s["unit"][stay]
    never, late = ctx.forgotten(sent, NEVER_ACKNOWLEDGED)
    ack = np.where(never, late, n["ack"][keep])
    items = inbox.add(
        stay=stay,
        to=to,
        kind=np.full(len(stay), "discharge_notice", dtype=object),
        subject="Meddelande om utskrivning från " + ctx.unit_names[ward],
        body=np.full(len(stay), "Patienten skrivs ut. Se vårdtillfällets sida.", dtype=object),
        sender=ward,
        url=np.full(len(stay), "transitions:stay", dtype=object),
        created=sent,
        due=sent + 24 * HOUR,
        ack=ack,
    )
    return {
        "stay_id": ints(ctx.stay_id(stay)),
        "unit_id": ints(ctx.unit_id(to)),
        "sent_at": moments(sent),
        "sent_by_name": strings(ctx.unit_names[ward]),
        "_items": items,
    }


def _sip_calls(ctx) -> dict:
    """ "SIP behövs" for every generated SIP stay; the call's time from the generated notice
    (a call not yet due at the end of the history is not sent yet)."""
    n, s = ctx.n, ctx.s
    stay = np.flatnonzero(s["sip"] & (ctx.to_municipality >= 0))
    centre = ctx.to_centre[stay]
    keep = n["kind"] == discharge.SIP_CALL
    sent_of = np.full(len(s["person"]), OPEN, dtype=np.int64)
    sent_of[n["stay"][keep]] = n["sent"][keep]
    sent = sent_of[stay]
    needed = np.maximum(s["assessed"][stay], s["ready"][stay] - 12 * HOUR)
    return {
        "stay_id": ints(ctx.stay_id(stay)),
        "needed_at": moments(needed),
        "needed_by_name": strings(ctx.unit_names[s["unit"][stay]]),
        "health_centre_id": pa.array(ctx.unit_id(np.maximum(centre, 0)), mask=centre < 0),
        "sent_at": moments(sent, sent == OPEN),
        "sent_by_name": strings(np.where((sent != OPEN) & (centre >= 0), ctx.heads[centre], "")),
    }


def _follow_up_calls(ctx, inbox: _Inbox) -> dict:
    s, rng = ctx.s, ctx.rng
    dis = s["dis"]
    birth = ctx.g.persons["birth_day"][s["person"]]
    age = (np.where(dis != OPEN, dis // DAY, 0) - birth) / 365.25
    home = ~np.isin(s["destination"], [DECEASED, OTHER_HOSPITAL])
    stay = np.flatnonzero((dis != OPEN) & home & (age >= FOLLOW_UP_AGE) & (ctx.to_centre >= 0))
    d, to = dis[stay], ctx.to_centre[stay]
    pick = rng.random(len(stay))
    in_window, late = FOLLOW_UP_DONE
    done = np.where(
        pick < in_window,
        d + (rng.uniform(48, 72, len(stay)) * HOUR).astype(np.int64),
        np.where(
            pick < in_window + late,
            d + (rng.uniform(73, 120, len(stay)) * HOUR).astype(np.int64),
            ctx.forgotten(d, 0.0)[1],  # never made: open when recent, else found late
        ),
    )
    done = ctx.before_end(done)
    items = inbox.add(
        stay=stay,
        to=to,
        kind=np.full(len(stay), "follow_up_call", dtype=object),
        subject="Ring patienten efter utskrivning från " + ctx.unit_names[s["unit"][stay]],
        body=np.full(len(stay), "Ring 48–72 timmar efter utskrivningen.", dtype=object),
        sender=s["unit"][stay],
        url=np.full(len(stay), "transitions:stay", dtype=object),
        created=d,
        due=d + 72 * HOUR,
        ack=done,
    )
    return {
        "stay_id": ints(ctx.stay_id(stay)),
        "unit_id": ints(ctx.unit_id(to)),
        "due_from": moments(d + 48 * HOUR),
        "due_by": moments(d + 72 * HOUR),
        "done_at": moments(done, done == OPEN),
        "done_by_name": strings(np.where(done != OPEN, ctx.heads[to], "")),
        "note": strings([""] * len(stay)),
        "created_at": moments(d),
        "_items": items,
    }


def _readmissions(ctx) -> dict:
    s = ctx.s
    acute = ctx.g.episodes["acute"][s["first"]]
    order = np.lexsort((s["adm"], s["person"]))
    prev, new = order[:-1], order[1:]
    gap = s["adm"][new] // DAY - s["dis"][prev] // DAY
    keep = (
        (s["person"][prev] == s["person"][new])
        & (s["dis"][prev] != OPEN)
        & acute[new]
        & (gap >= 0)
        & (gap <= READMISSION_DAYS)
    )
    return {
        "index_stay_id": ints(ctx.stay_id(prev[keep])),
        "new_stay_id": ints(ctx.stay_id(new[keep])),
        "days": ints(gap[keep]),
    }


def _checklist(ctx) -> dict:
    s, rng = ctx.s, ctx.rng
    m = len(s["person"])
    closed = s["dis"] != OPEN
    until = np.where(closed, s["dis"], ctx.end - 1)
    side_unit = {
        "ward": s["unit"],
        "municipality": ctx.to_municipality,
        "health_centre": ctx.to_centre,
    }
    cols = {k: [] for k in ("stay", "code", "label", "side", "unit", "done", "undone")}
    for code, label, side in DEFAULT_CHECKLIST:
        if code == AUTOMATIC:
            continue
        unit = side_unit[str(side)]
        marked = (unit >= 0) & (closed | (rng.random(m) < MARKED_OPEN))
        idx = np.flatnonzero(marked)
        span = np.maximum(until[idx] - s["assessed"][idx], 1)
        done = s["assessed"][idx] + (rng.random(len(idx)) * span).astype(np.int64)
        undone = np.where(rng.random(len(idx)) < UNDONE, done + (until[idx] - done) // 2, OPEN)
        cols["stay"].append(idx)
        cols["code"].append(np.full(len(idx), code, dtype=object))
        cols["label"].append(np.full(len(idx), label, dtype=object))
        cols["side"].append(np.full(len(idx), str(side), dtype=object))
        cols["unit"].append(unit[idx])
        cols["done"].append(done)
        cols["undone"].append(ctx.before_end(undone))
    c = {k: np.concatenate(v) for k, v in cols.items()}
    n = len(c["stay"])
    return {
        "stay_id": ints(ctx.stay_id(c["stay"])),
        "code": strings(c["code"]),
        "label": strings(c["label"]),
        "side": strings(c["side"]),
        "unit_id": ints(ctx.unit_id(c["unit"])),
        "done_at": moments(c["done"]),
        "done_by_name": strings(ctx.heads[c["unit"]]),
        "undone_at": moments(c["undone"], c["undone"] == OPEN),
        "undone_by_name": strings(np.where(c["undone"] != OPEN, ctx.heads[c["unit"]], "")),
        "key": strings(f"synth-{ctx.code}-cm-{i + 1:09d}" for i in range(n)),
    }


def _messages(ctx, inbox: _Inbox) -> dict:
    s, rng = ctx.s, ctx.rng
    m = len(s["person"])
    closed = s["dis"] != OPEN
    until = np.where(closed, s["dis"], ctx.end - 1)
    stay = np.flatnonzero((rng.random(m) < WITH_MESSAGES) & (ctx.to_municipality >= 0))
    author = np.where(rng.random(len(stay)) < 0.5, s["unit"][stay], ctx.to_municipality[stay])
    other = np.where(author == s["unit"][stay], ctx.to_municipality[stay], s["unit"][stay])
    sent = s["assessed"][stay] + (
        rng.random(len(stay)) * np.maximum(until[stay] - s["assessed"][stay], 1)
    ).astype(np.int64)
    text = np.array(MESSAGES, dtype=object)[rng.integers(0, len(MESSAGES), len(stay))]
    ack_delay = (rng.lognormal(np.log(3.0), 1.2, len(stay)) * HOUR).astype(np.int64)
    inbox.add(
        stay=stay,
        to=other,
        kind=np.full(len(stay), "discharge_planning_message", dtype=object),
        subject="Nytt meddelande i utskrivningsplaneringen från " + ctx.unit_names[author],
        body=text,
        sender=author,
        url=np.full(len(stay), "transitions:planning", dtype=object),
        created=sent,
        due=np.full(len(stay), OPEN),
        ack=ctx.before_end(sent + ack_delay),
    )
    return {
        "stay_id": ints(ctx.stay_id(stay)),
        "unit_id": ints(ctx.unit_id(author)),
        "author_name": strings(ctx.heads[author]),
        "text": strings(text),
        "sent_at": moments(sent),
        "key": strings(f"synth-{ctx.code}-pm-{i + 1:09d}" for i in range(len(stay))),
    }


def _plans(ctx) -> tuple[dict, dict]:
    s, rng = ctx.s, ctx.rng
    closed = s["dis"] != OPEN
    until = np.where(closed, s["dis"], ctx.end - 1)
    at = s["assessed"] + (np.maximum(until - s["assessed"], 1) * 0.5).astype(np.int64)
    mun = np.flatnonzero(ctx.to_municipality >= 0)
    dest = s["destination"][mun]
    home_care = rng.random(len(mun)) < 0.5
    aids = rng.random(len(mun)) < 0.3
    municipal = {
        "stay_id": ints(ctx.stay_id(mun)),
        "notes": strings([""] * len(mun)),
        "version": ints(np.ones(len(mun))),
        "updated_at": moments(at[mun]),
        "updated_by_name": strings(ctx.heads[ctx.to_municipality[mun]]),
        "home_care": pa.array(home_care),
        "home_care_details": strings(np.where(home_care, "Morgon och kväll, 7 dagar i veckan", "")),
        "home_health_care": pa.array(rng.random(len(mun)) < 0.4),
        "aids": pa.array(aids),
        "aids_details": strings(np.where(aids, "Rollator, toalettförhöjning", "")),
        "short_term_stay": pa.array((dest == SHORT_TERM) | (dest == NURSING_HOME)),
    }
    hc = np.flatnonzero(ctx.to_centre >= 0)
    visit = rng.random(len(hc)) < 0.6
    by = np.where(visit & closed[hc], s["dis"][hc] // DAY + 14, NEVER)
    centre = {
        "stay_id": ints(ctx.stay_id(hc)),
        "notes": strings([""] * len(hc)),
        "version": ints(np.ones(len(hc))),
        "updated_at": moments(at[hc]),
        "updated_by_name": strings(ctx.heads[ctx.to_centre[hc]]),
        "follow_up_visit": pa.array(visit),
        "follow_up_by": days(by),
        "medication_review": pa.array(rng.random(len(hc)) < 0.5),
        "home_visit": pa.array(rng.random(len(hc)) < 0.2),
    }
    return municipal, centre


def _relationships(ctx, notices: dict) -> dict:
    """The receivers' care relationships (kind admission), as sending the notice opens them, and
    the ward's: only those still in force at the end of the history (older ones have ended)."""
    s = ctx.s
    grace = int(grace_period("admission").total_seconds())
    closed = s["dis"] != OPEN
    relevant = ~closed | (s["dis"] + grace >= ctx.end)
    stays = [np.flatnonzero(relevant)]
    units, starts = [s["unit"][stays[0]]], [s["adm"][stays[0]]]
    stay, to, sent = notices["_stay"], notices["_to"], notices["_sent"]
    order = np.lexsort((sent, to, stay))
    stay, to, sent = stay[order], to[order], sent[order]
    first = np.r_[True, (stay[1:] != stay[:-1]) | (to[1:] != to[:-1])]
    pick = first & relevant[stay]
    stays.append(stay[pick])
    units.append(to[pick])
    starts.append(sent[pick])
    stay, unit, start = (np.concatenate(x) for x in (stays, units, starts))
    # One relationship per stay and unit (a ward that also got a notice keeps the ward's).
    _, unique = np.unique(np.stack([stay, unit]), axis=1, return_index=True)
    stay, unit, start = stay[unique], unit[unique], start[unique]
    ended = s["dis"][stay]
    open_ = ended == OPEN
    stay_ids, unit_ids = ctx.stay_id(stay), ctx.unit_id(unit)
    n = len(stay)
    return {
        "id": ints(ctx.loader.reserve(CareRelationship, n) + np.arange(n)),
        "key": strings(
            relationship_key("admission", SOURCE_TYPE, int(sid), int(uid), None)
            for sid, uid in zip(stay_ids, unit_ids, strict=True)
        ),
        "person_id": ints(ctx.person_id(stay)),
        "unit_id": ints(unit_ids),
        "kind": strings(["admission"] * n),
        "source_type": strings([SOURCE_TYPE] * n),
        "source_id": strings(str(int(i)) for i in stay_ids),
        "starts_at": moments(start),
        "event_ended_at": moments(ended, open_),
        "ends_at": moments(ended + grace, open_),
        "reason": strings(["Inskrivningsmeddelande"] * n),
        "created_at": moments(start),
    }


def _ids(model, n: int, loader) -> pa.Array:
    return ints(loader.reserve(model, n) + np.arange(n))


def load(g, loader, insert) -> dict[str, int]:
    """Insert the rows (after the loader's bulk rows); `insert(db_table, pa.Table)`."""
    ctx = _Ctx(g, loader)
    if not len(ctx.s["person"]):
        return {}
    inbox = _Inbox(ctx)
    notices = _notices(ctx, inbox)
    discharge_notices = _discharge_notices(ctx, inbox)
    follow_ups = _follow_up_calls(ctx, inbox)
    messages = _messages(ctx, inbox)
    base = inbox.insert(loader, insert)
    rows = {
        Notice: notices,
        DischargeNotice: discharge_notices,
        SipCall: _sip_calls(ctx),
        FollowUpCall: follow_ups,
        Readmission: _readmissions(ctx),
        ChecklistMark: _checklist(ctx),
        PlanningMessage: messages,
    }
    municipal, centre = _plans(ctx)
    rows[MunicipalPlan], rows[HealthCentrePlan] = municipal, centre
    counts = {"inbox_items": int(inbox.n)}
    for model, columns in rows.items():
        if "_items" in columns:
            columns["inbox_item_id"] = ints(base + columns["_items"])
        data = {k: v for k, v in columns.items() if not k.startswith("_")}
        n = len(next(iter(data.values())))
        data = {"id": _ids(model, n, loader), **data}
        insert(model._meta.db_table, pa.table(data))
        counts[model._meta.model_name] = n
    relationships = _relationships(ctx, notices)
    insert(CareRelationship._meta.db_table, pa.table(relationships))
    counts["care_relationships"] = len(relationships["id"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(MODELS)):
                cursor.execute(statement)
    return counts
