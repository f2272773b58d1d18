"""The generated SIPs as rows of the plans app (--database), so the demo county has SIPs.

Per plan: the plan (coordinator = the unit head of the coordinating unit, by name), one stage
event per stage reached, one content version once preparation began (complete for finalised
plans: the four mandatory elements, and the person's own goals where drawn), its meetings, and a
care relationship of kind `sip` for the coordinating unit, as `plans.services.initiate` opens
one. Consents and invitations are not generated (a finalised synthetic plan carries no
`PlanConsent`), and neither are documented agreements. The operational model has no phone
meetings, so a generated phone meeting is stored as video.
"""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa

from navet.access.config import grace_period
from navet.access.models import CareRelationship
from navet.access.relationships import relationship_key
from navet.organisation.models import CareUnit
from navet.plans.config import video_provider
from navet.plans.models import CoordinatedPlan, PlanMeeting, PlanVersion, StageEvent
from navet.residents.models import Person
from navet.synth.db_rows import ints, moments, strings
from navet.synth.sip import GROUPS, MODES, STAGES
from navet.synth.tables import source_ids
from navet.synth.timeutil import DAY, HOUR, NEVER

TEXTS = {  # group → (need, what matters, (region's, municipality's intervention), others)
    "older": (
        "Många kontakter med vårdcentral, hemsjukvård och hemtjänst; behöver samordning.",
        "Att kunna bo kvar hemma och känna mig trygg.",
        ("Läkemedelsgenomgång och uppföljning", "Hemtjänst och hemsjukvård"),
        "Dottern handlar och följer med på besök.",
    ),
    "child": (
        "Barnet har svårt i skolan och behöver samordnat stöd från vården och kommunen.",
        "Att få vara med kompisarna och klara skolan.",
        ("Utredning och behandling", "Stöd till familjen"),
        "Skolan anpassar undervisningen; elevhälsan följer upp.",
    ),
    "adult": (
        "Psykisk ohälsa; behöver samordning mellan psykiatrin, vårdcentralen och socialtjänsten.",
        "Att ha ett eget boende och något meningsfullt att göra på dagarna.",
        ("Behandling och läkemedelsuppföljning", "Boendestöd"),
        "Arbetsförmedlingen och Försäkringskassan planerar arbetsträning.",
    ),
}
CLOSED_REASON = "Insatserna fungerar; samordningen behövs inte längre."
CLOSED_REASON_CODE = "goals_met"  # plans.ClosingReason
EVENT_DAYS = ("initiated", "prepare", "invite", "meeting", "finalised", "closed")


def _at(day: np.ndarray, hour: int) -> pa.Array:
    return moments(np.asarray(day, np.int64) * DAY + hour * HOUR)


def _or_null(day: np.ndarray, hour: int) -> pa.Array:
    never = day >= NEVER
    return moments(np.where(never, 0, day) * DAY + hour * HOUR, never)


def _principal_of_municipality(g) -> dict[int, int]:
    return {
        p["municipality"]: i for i, p in enumerate(g.org.principals) if p["kind"] == "municipality"
    }


MODELS = (CoordinatedPlan, StageEvent, PlanVersion, PlanMeeting, CareRelationship)


def plan_rows(g, loader) -> tuple[dict, dict, dict, dict, dict]:
    """Column dicts for MODELS, in that order; ids are reserved here so that the rows can point
    at each other."""
    sp, sm = g.sips, g.sip_meetings
    n = len(sp["person"])
    plan_id = loader.reserve(CoordinatedPlan, n) + np.arange(n)
    person_id = loader.base[Person] + sp["person"]
    unit_id = loader.base[CareUnit] + sp["unit"]
    coordinator = g.staffing.unit_head_names(g.org.n_units)[sp["unit"]]
    reached = [sp[name] < NEVER for name in EVENT_DAYS]
    version = (sp["prepare"] < NEVER).astype(np.int64)
    plans = {
        "id": ints(plan_id),
        "key": source_ids(g.params.county_code, "s", n),
        "person_id": ints(person_id),
        "stage": strings(np.array(STAGES)[sp["stage"]]),
        "need": strings(TEXTS[GROUPS[group]][0] for group in sp["group"]),
        "initiated_by_name": strings(coordinator),
        "initiating_unit_id": ints(unit_id),
        "coordinator_name": strings(coordinator),
        "coordinator_unit_id": ints(unit_id),
        "created_at": _at(sp["initiated"], 9),
        "version": ints(version),
        "follow_up_date": _dates(sp["followup"]),
        "finalised_at": _or_null(sp["finalised"], 11),
        "finalised_by_name": strings(np.where(reached[4], coordinator, "")),
        "finalised_version": pa.array(version, mask=~reached[4]),
        "closed_at": _or_null(sp["closed"], 15),
        "closed_reason": strings(np.where(reached[5], CLOSED_REASON, "")),
        "closed_reason_code": strings(np.where(reached[5], CLOSED_REASON_CODE, "")),
        "closed_by_name": strings(np.where(reached[5], coordinator, "")),
    }
    return (
        plans,
        _events(sp, plan_id, coordinator, reached, loader),
        _versions(g, sp, plan_id, coordinator, loader),
        _meetings(g, sm, plan_id, coordinator, loader),
        _relationships(sp, plan_id, person_id, unit_id, loader),
    )


def _dates(days: np.ndarray) -> pa.Array:
    never = days >= NEVER
    return pa.array(np.where(never, 0, days).astype("datetime64[D]"), pa.date32(), mask=never)


def _events(sp, plan_id, coordinator, reached, loader) -> dict:
    # finalising moves the plan to "följ upp"
    stage_of_event = ("discover", "prepare", "invite", "meeting", "follow_up", "closed")
    which = np.concatenate([np.flatnonzero(hit) for hit in reached])
    stage = np.concatenate([np.full(hit.sum(), i) for i, hit in enumerate(reached)])
    day = np.concatenate([sp[name][hit] for name, hit in zip(EVENT_DAYS, reached, strict=True)])
    order = np.lexsort((stage, which))
    which, stage, day = which[order], stage[order], day[order]
    return {
        "id": ints(loader.reserve(StageEvent, len(which)) + np.arange(len(which))),
        "plan_id": ints(plan_id[which]),
        "stage": strings(np.array(stage_of_event)[stage]),
        "at": _at(day, 9 + stage),
        "by_name": strings(coordinator[which]),
        "note": strings([""] * len(which)),
    }


def _versions(g, sp, plan_id, coordinator, loader) -> dict:
    which = np.flatnonzero(sp["prepare"] < NEVER)
    principal_ids = loader.principal_ids
    municipal_of = _principal_of_municipality(g)
    region = principal_ids[0]
    municipality = [
        principal_ids[municipal_of[int(m)]] for m in g.org.units["municipality"][sp["unit"][which]]
    ]
    names = {pk: p["name"] for pk, p in zip(principal_ids, g.org.principals, strict=True)}
    texts = [TEXTS[GROUPS[group]] for group in sp["group"][which]]
    interventions = [
        json.dumps(
            [
                {"what": t[2][0], "principal_id": region, "principal": names[region]},
                {"what": t[2][1], "principal_id": m, "principal": names[m]},
            ],
            ensure_ascii=False,
        )
        for t, m in zip(texts, municipality, strict=True)
    ]
    lead = np.where(sp["municipal"][which], municipality, region)
    return {
        "id": ints(loader.reserve(PlanVersion, len(which)) + np.arange(len(which))),
        "key": source_ids(g.params.county_code, "sv", len(which)),
        "plan_id": ints(plan_id[which]),
        "number": ints(np.ones(len(which))),
        "author_name": strings(coordinator[which]),
        "created_at": _at(sp["prepare"][which], 14),
        "what_matters": strings(
            t[1] if goals else "" for t, goals in zip(texts, sp["own_goals"][which], strict=True)
        ),
        "interventions": strings(interventions),
        "others_measures": strings(t[3] for t in texts),
        "lead_principal_id": ints(lead),
        "contacts": strings([""] * len(which)),
        "own_actions": strings([""] * len(which)),
        "follow_up_date": _dates(sp["followup"][which]),
    }


def _meetings(g, sm, plan_id, coordinator, loader) -> dict:
    n = len(sm["plan"])
    video = sm["mode"] != MODES.index("on_site")
    provider = video_provider()
    rooms = source_ids(g.params.county_code, "m", n).to_pylist()
    starts = np.asarray(sm["day"], np.int64) * DAY + 10 * HOUR
    return {
        "id": ints(loader.reserve(PlanMeeting, n) + np.arange(n)),
        "key": source_ids(g.params.county_code, "sm", n),
        "plan_id": ints(plan_id[sm["plan"]]),
        "mode": strings(np.where(video, "video", "on_site")),
        "starts_at": moments(starts),
        "ends_at": moments(starts + HOUR),
        "place": strings(np.where(video, "", "Hemma hos personen")),
        "video_link": strings(
            provider["url"].replace("{room}", room) if v else ""
            for room, v in zip(rooms, video, strict=True)
        ),
        "video_provider": strings(np.where(video, provider["name"], "")),
        "participants": strings([""] * n),
        "minutes": strings(np.where(sm["held"], "Minnesanteckningar från SIP-mötet.", "")),
        "held_at": moments(starts + 2 * HOUR, ~sm["held"]),
        "created_by_name": strings(coordinator[sm["plan"]]),
        "created_at": moments(starts - 7 * DAY),
    }


def _relationships(sp, plan_id, person_id, unit_id, loader) -> dict:
    n = len(plan_id)
    closed = sp["closed"] < NEVER
    grace = int(grace_period("sip").total_seconds())
    ended = np.where(closed, sp["closed"], 0) * DAY + 15 * HOUR
    return {
        "id": ints(loader.reserve(CareRelationship, n) + np.arange(n)),
        "key": strings(
            relationship_key("sip", "plans.coordinatedplan", int(p), int(u), None)
            for p, u in zip(plan_id, unit_id, strict=True)
        ),
        "person_id": ints(person_id),
        "unit_id": ints(unit_id),
        "kind": strings(["sip"] * n),
        "source_type": strings(["plans.coordinatedplan"] * n),
        "source_id": strings(str(int(p)) for p in plan_id),
        "starts_at": _at(sp["initiated"], 9),
        "event_ended_at": moments(ended, ~closed),
        "ends_at": moments(ended + grace, ~closed),
        "reason": strings([""] * n),
        "created_at": _at(sp["initiated"], 9),
    }
