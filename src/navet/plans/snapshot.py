"""The SIPs as the follow-up snapshot needs them (sip_plans, sip_meetings; docs/snapshot.md).

Plain rows keyed by primary keys; the snapshot writer (navet.followup.export) pseudonymises
persons and plans. No free text leaves: of the person's own goals only whether there are any.

When is a follow-up done? A row carries one follow-up cycle of the plan:
- while the plan's current follow-up date lies ahead and a follow-up was recorded before
  (`PlanFollowUp`), the latest recorded one: its due date and the day it was held;
- otherwise the current date — done, for a plan without recorded follow-ups (older plans, the
  synthetic county), on the first held meeting that begins after the plan was finalised and
  after that date was set (the follow-up meeting); a date that has passed with no follow-up
  stays not done, so an overdue plan counts against `sip_followup_on_time`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from navet.plans.models import CoordinatedPlan, PlanFollowUp, PlanMeeting, PlanVersion


@dataclass(frozen=True)
class PlanRow:
    plan_id: int
    person_id: int
    initiated_by_principal: str
    initiated_date: dt.date
    stage: str
    finalised_date: dt.date | None
    followup_date: dt.date | None
    followed_up_date: dt.date | None
    closed_date: dt.date | None
    has_own_goals: bool
    coordinator_unit_hsa_id: str


@dataclass(frozen=True)
class MeetingRow:
    plan_id: int
    meeting_date: dt.date
    mode: str
    held: bool


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def _date_set_at(versions: list[tuple], follow_up_date) -> dt.datetime | None:
    """When the plan's current follow-up date was set: the first of the latest versions that
    all carry it (versions as (number, created_at, follow_up_date, what_matters), in order)."""
    set_at = None
    for _number, created_at, date, _goals in reversed(versions):
        if date != follow_up_date:
            break
        set_at = created_at
    return set_at


def _followed_up(plan, versions, held: list[dt.datetime]) -> dt.date | None:
    finalised_at, follow_up_date = plan[5], plan[6]
    if finalised_at is None or follow_up_date is None:
        return None
    since = max(filter(None, (finalised_at, _date_set_at(versions, follow_up_date))))
    after = [starts_at for starts_at in held if starts_at > since]
    return _day(min(after)) if after else None


def _recorded_follow_ups() -> dict[int, tuple[dt.date, dt.date]]:
    """Each plan's latest recorded follow-up as (due date, held on)."""
    latest = {}
    for plan_id, due, held_on in (
        PlanFollowUp.objects.filter(due_date__isnull=False)
        .order_by("plan_id", "held_on", "pk")
        .values_list("plan_id", "due_date", "held_on")
    ):
        latest[plan_id] = (due, held_on)
    return latest


def _cycle(plan, versions, held, recorded, today) -> tuple[dt.date | None, dt.date | None]:
    current = plan[6]
    if recorded is not None and (current is None or current > today):
        return recorded
    return current, _followed_up(plan, versions, held)


def snapshot_rows() -> tuple[list[PlanRow], list[MeetingRow]]:
    versions: dict[int, list[tuple]] = defaultdict(list)
    for plan_id, *rest in PlanVersion.objects.order_by("plan_id", "number").values_list(
        "plan_id", "number", "created_at", "follow_up_date", "what_matters"
    ):
        versions[plan_id].append(tuple(rest))
    meetings = list(
        PlanMeeting.objects.order_by("plan_id", "starts_at", "pk").values_list(
            "plan_id", "starts_at", "mode", "held_at"
        )
    )
    held: dict[int, list[dt.datetime]] = defaultdict(list)
    for plan_id, starts_at, _mode, held_at in meetings:
        if held_at is not None:
            held[plan_id].append(starts_at)
    recorded = _recorded_follow_ups()
    today = timezone.localdate()
    plans = []
    for plan in CoordinatedPlan.objects.order_by("pk").values_list(
        "pk",
        "person_id",
        "initiating_unit__principal__kind",
        "created_at",
        "stage",
        "finalised_at",
        "follow_up_date",
        "closed_at",
        "coordinator_unit__hsa_id",
    ):
        mine = versions.get(plan[0], [])
        goals = mine[-1][3] if mine else ""
        followup_date, followed_up_date = _cycle(
            plan, mine, held.get(plan[0], []), recorded.get(plan[0]), today
        )
        plans.append(
            PlanRow(
                plan_id=plan[0],
                person_id=plan[1],
                initiated_by_principal=plan[2],
                initiated_date=_day(plan[3]),
                stage=plan[4],
                finalised_date=_day(plan[5]),
                followup_date=followup_date,
                followed_up_date=followed_up_date,
                closed_date=_day(plan[7]),
                has_own_goals=bool(goals.strip()),
                coordinator_unit_hsa_id=plan[8],
            )
        )
    rows = [
        MeetingRow(plan_id, _day(starts_at), mode, held_at is not None)
        for plan_id, starts_at, mode, held_at in meetings
    ]
    return plans, rows
