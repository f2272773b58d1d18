"""Reads for the roadmap's pages: the overview with progress, filters, what needs attention on a
forum's page, an activity's history across versions, and the start-page summary.

"Needs attention" (uppmärksamma):
- overdue (försenad): an open activity (not started, ongoing, delayed) whose end date has passed;
- stalled (avstannad): an open activity that has started and has had no follow-up for the forum's
  number of weeks (`Forum.stall_after_weeks`, default `NAVET_ROADMAP_STALL_WEEKS`), counted from
  its latest follow-up in any version, else from its start, else from the version's adoption.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Max, Prefetch, Q, QuerySet

from navet.roadmap.models import (
    OPEN_STATUSES,
    Activity,
    ActivityStatus,
    FollowUp,
    Forum,
    PriorityArea,
    Roadmap,
    RoadmapVersion,
    Target,
    VersionStatus,
)
from navet.roadmap.services import current_version, followed_activities

# --- Filters ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    principal_id: int | None = None
    subarea_id: int | None = None
    status: str = ""

    @property
    def active(self) -> bool:
        return bool(self.principal_id or self.subarea_id or self.status)


def apply_filters(activities: QuerySet[Activity], filters: Filters) -> QuerySet[Activity]:
    """Principal: activities that name it, or name none (all principals take part). Subarea:
    activities in it, and those for the whole county."""
    if filters.principal_id:
        activities = activities.filter(
            Q(principals__id=filters.principal_id) | Q(principals__isnull=True)
        )
    if filters.subarea_id:
        activities = activities.filter(
            Q(subareas__id=filters.subarea_id) | Q(subareas__isnull=True)
        )
    if filters.status:
        activities = activities.filter(status=filters.status)
    return activities.distinct()


def version_activities(version: RoadmapVersion) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(roadmap_version=version)
        .select_related("area", "owner_forum")
        .prefetch_related("principals", "subareas")
        .order_by("area__order", "area__pk", "order", "pk")
    )


# --- Attention ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attention:
    overdue_days: int | None  # days since the end date, for an overdue activity
    stalled_weeks: int | None  # weeks without a follow-up, for a stalled one
    last_follow_up: date | None

    @property
    def any(self) -> bool:
        return self.overdue_days is not None or self.stalled_weeks is not None

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.overdue_days is not None:
            reasons.append(f"Slutdatum passerat för {self.overdue_days} dagar sedan")
        if self.stalled_weeks is not None:
            if self.last_follow_up:
                reasons.append(f"Ingen uppföljning på {self.stalled_weeks} veckor")
            else:
                reasons.append(f"Aldrig uppföljd ({self.stalled_weeks} veckor sedan start)")
        return reasons


def last_follow_ups(version: RoadmapVersion) -> dict[str, date]:
    """Latest follow-up date per activity key, over every version of the roadmap."""
    rows = (
        FollowUp.objects.filter(activity__roadmap_version__roadmap_id=version.roadmap_id)
        .values("activity__key")
        .annotate(last=Max("recorded_on"))
    )
    return {row["activity__key"]: row["last"] for row in rows}


def attention(
    activity: Activity,
    *,
    today: date,
    last: date | None,
    stall_weeks: int,
    adopted_on: date | None,
) -> Attention:
    if activity.status not in OPEN_STATUSES:
        return Attention(None, None, last)
    overdue = (
        (today - activity.ends_on).days if activity.ends_on and activity.ends_on < today else None
    )
    stalled = None
    started = activity.starts_on is None or activity.starts_on <= today
    since = last or activity.starts_on or adopted_on
    if started and since and today - since >= timedelta(weeks=stall_weeks):
        stalled = (today - since).days // 7
    return Attention(overdue, stalled, last)


# --- The overview -------------------------------------------------------------------------------


@dataclass
class ActivityRow:
    activity: Activity
    attention: Attention


@dataclass
class AreaRow:
    area: PriorityArea
    rows: list[ActivityRow] = field(default_factory=list)
    total: int = 0  # all the area's activities, unfiltered
    done: int = 0
    cancelled: int = 0

    @property
    def counted(self) -> int:
        return self.total - self.cancelled

    @property
    def progress(self) -> int:
        """Share of the area's activities that are done (cancelled ones not counted), percent."""
        return round(100 * self.done / self.counted) if self.counted else 0


@dataclass
class Overview:
    version: RoadmapVersion
    areas: list[AreaRow]
    status_counts: dict[str, int]
    total: int
    done: int
    cancelled: int
    attention_count: int
    shown: int

    @property
    def counted(self) -> int:
        return self.total - self.cancelled

    @property
    def progress(self) -> int:
        return round(100 * self.done / self.counted) if self.counted else 0


def stall_weeks_for(roadmap: Roadmap) -> int:
    """The threshold the overview uses: the strictest forum that follows the whole roadmap."""
    weeks = [f.stall_after_weeks for f in roadmap.forums.all() if f.follows_whole_roadmap]
    return min(weeks) if weeks else settings.NAVET_ROADMAP_STALL_WEEKS


def overview(version: RoadmapVersion, filters: Filters, *, today: date) -> Overview:
    every = list(version_activities(version))
    shown_ids = set(apply_filters(version.activities.all(), filters).values_list("pk", flat=True))
    last = last_follow_ups(version)
    weeks = stall_weeks_for(version.roadmap)
    areas = {
        area.pk: AreaRow(area)
        for area in version.areas.prefetch_related("goals", "targets").order_by("order", "pk")
    }
    counts = {status: 0 for status in ActivityStatus.values}
    attention_count = 0
    for activity in every:
        row = areas[activity.area_id]
        row.total += 1
        row.done += activity.status == ActivityStatus.DONE
        row.cancelled += activity.status == ActivityStatus.CANCELLED
        counts[activity.status] += 1
        if activity.pk in shown_ids:
            note = attention(
                activity,
                today=today,
                last=last.get(activity.key),
                stall_weeks=weeks,
                adopted_on=version.adopted_on,
            )
            attention_count += note.any
            row.rows.append(ActivityRow(activity, note))
    total = len(every)
    return Overview(
        version=version,
        areas=list(areas.values()),
        status_counts=counts,
        total=total,
        done=counts[ActivityStatus.DONE],
        cancelled=counts[ActivityStatus.CANCELLED],
        attention_count=attention_count,
        shown=len(shown_ids),
    )


# --- A forum's page -----------------------------------------------------------------------------


@dataclass
class ForumWatch:
    forum: Forum
    version: RoadmapVersion | None
    needs_attention: list[ActivityRow]
    followed: int


def forum_watch(forum: Forum, *, today: date) -> ForumWatch:
    version = (
        forum.roadmap.versions.filter(status=VersionStatus.ADOPTED).order_by("-number").first()
    )
    if version is None:
        return ForumWatch(forum, None, [], 0)
    activities = list(
        followed_activities(forum, version)
        .select_related("area", "owner_forum")
        .order_by("area__order", "order", "pk")
    )
    last = last_follow_ups(version)
    rows = []
    for activity in activities:
        note = attention(
            activity,
            today=today,
            last=last.get(activity.key),
            stall_weeks=forum.stall_after_weeks,
            adopted_on=version.adopted_on,
        )
        if note.any:
            rows.append(ActivityRow(activity, note))
    rows.sort(key=lambda r: (-(r.attention.overdue_days or 0), -(r.attention.stalled_weeks or 0)))
    return ForumWatch(forum, version, rows, len(activities))


# --- An activity's history ----------------------------------------------------------------------


def history(activity: Activity) -> QuerySet[FollowUp]:
    """Every follow-up of the activity, in every version of the roadmap (matched by key)."""
    return (
        FollowUp.objects.filter(
            activity__roadmap_version__roadmap_id=activity.roadmap_version.roadmap_id,
            activity__key=activity.key,
        )
        .select_related("meeting__forum", "activity__roadmap_version")
        .order_by("-recorded_on", "-pk")
    )


def targets_for(activity: Activity) -> list[Target]:
    """The activity's own targets, then its area's."""
    own = list(activity.targets.prefetch_related("values"))
    area = list(
        Target.objects.filter(area_id=activity.area_id, activity__isnull=True).prefetch_related(
            "values"
        )
    )
    return own + area


# --- The start page -----------------------------------------------------------------------------


@dataclass
class RoadmapSummary:
    roadmap: Roadmap
    version: RoadmapVersion | None
    total: int
    done: int
    delayed: int
    forums: list[ForumWatch]

    @property
    def attention(self) -> int:
        return sum(len(w.needs_attention) for w in self.forums)


def start_page_summaries(roadmaps: QuerySet[Roadmap], *, today: date) -> list[RoadmapSummary]:
    result = []
    for roadmap in roadmaps.prefetch_related(
        Prefetch("forums", queryset=Forum.objects.order_by("order", "name"))
    ):
        version = current_version(roadmap)
        if version is None:
            continue
        statuses = list(version.activities.values_list("status", flat=True))
        watches = [forum_watch(f, today=today) for f in roadmap.forums.all()]
        result.append(
            RoadmapSummary(
                roadmap=roadmap,
                version=version,
                total=len(statuses),
                done=statuses.count(ActivityStatus.DONE),
                delayed=statuses.count(ActivityStatus.DELAYED),
                forums=[w for w in watches if w.needs_attention],
            )
        )
    return result


def summaries_for(user, *, today: date) -> list[RoadmapSummary]:
    """The start page's roadmap section for a user: the roadmaps they may read."""
    from navet.roadmap.permissions import readable_roadmaps

    return start_page_summaries(readable_roadmaps(user).select_related("county"), today=today)
