"""The roadmap's domain rules: the lifecycle of a version, editing a draft, meetings and follow-ups.

Every function is one transaction, takes keyword-only arguments and raises `RoadmapError` (a
Swedish message) for anything the rules refuse.

- Concurrency: a change locks the row it changes (`SELECT … FOR UPDATE`; the version row for a
  draft's content) and compares the form's `lock_version`: a stale form is refused
  (`StaleEdit`), never silently overwritten.
- Double submit: a create carries the form's `request_key`; replaying it returns the first
  result (checked again after the lock, so two concurrent submits give one row).
- Lifecycle: draft → consultation → adopted; consultation may go back to draft. A revision
  copies the adopted version into a new draft; adopting it supersedes the previous version,
  which stays as it was (read-only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from navet.organisation.models import Principal, Subarea
from navet.roadmap.errors import RoadmapError, StaleEdit
from navet.roadmap.models import (
    OPEN_STATUSES,
    Activity,
    ActivityStatus,
    ConsultationComment,
    FollowUp,
    Forum,
    Goal,
    Judgement,
    Meeting,
    PriorityArea,
    Roadmap,
    RoadmapVersion,
    Target,
    TargetUnit,
    TargetValue,
    VersionStatus,
)

# A comment is needed when the news is bad: the forum must see why.
NEEDS_COMMENT = frozenset({ActivityStatus.DELAYED, ActivityStatus.CANCELLED})


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _lock_version(version_id: int) -> RoadmapVersion:
    version = (
        RoadmapVersion.objects.select_for_update().select_related("roadmap").filter(pk=version_id)
    ).first()
    if version is None:
        raise RoadmapError("Versionen finns inte.")
    return version


def _check(row, lock_version: int | None) -> None:
    if lock_version is not None and row.lock_version != lock_version:
        raise StaleEdit


def _draft(version_id: int) -> RoadmapVersion:
    version = _lock_version(version_id)
    if not version.editable:
        raise RoadmapError(
            f"Version {version.number} är {version.get_status_display().lower()} och kan inte "
            "ändras. Innehållet ändras i ett utkast: starta en revidering."
        )
    return version


def current_version(roadmap: Roadmap) -> RoadmapVersion | None:
    """The version in force: the adopted one, else the newest (a first draft)."""
    versions = roadmap.versions.all()
    adopted = versions.filter(status=VersionStatus.ADOPTED).order_by("-number").first()
    return adopted or versions.order_by("-number").first()


# --- The lifecycle -----------------------------------------------------------------------------


@transaction.atomic
def open_consultation(
    *, user, version_id: int, lock_version: int, opens_on: date, closes_on: date
) -> RoadmapVersion:
    version = _lock_version(version_id)
    _check(version, lock_version)
    if version.status != VersionStatus.DRAFT:
        raise RoadmapError("Bara ett utkast kan skickas på remiss.")
    if closes_on < opens_on:
        raise RoadmapError("Remisstiden måste sluta samma dag eller efter att den börjar.")
    if not version.activities.exists() and not version.areas.exists():
        raise RoadmapError("Utkastet har inga områden än; lägg till innehåll före remissen.")
    version.status = VersionStatus.CONSULTATION
    version.consultation_opens, version.consultation_closes = opens_on, closes_on
    version.lock_version += 1
    version.save()
    return version


@transaction.atomic
def return_to_draft(*, user, version_id: int, lock_version: int) -> RoadmapVersion:
    version = _lock_version(version_id)
    _check(version, lock_version)
    if version.status != VersionStatus.CONSULTATION:
        raise RoadmapError("Bara en version på remiss kan gå tillbaka till utkast.")
    version.status = VersionStatus.DRAFT
    version.lock_version += 1
    version.save()
    return version


@transaction.atomic
def record_comment(
    *,
    user,
    version_id: int,
    request_key: str,
    principal_id: int,
    text: str,
    received_on: date,
    submitted_by: str = "",
    area_id: int | None = None,
    activity_id: int | None = None,
) -> ConsultationComment:
    """Record a principal's comment on a version out for consultation."""
    existing = ConsultationComment.objects.filter(request_key=request_key).first()
    if existing is not None:
        return existing
    version = _lock_version(version_id)
    existing = ConsultationComment.objects.filter(request_key=request_key).first()
    if existing is not None:
        return existing
    if version.status != VersionStatus.CONSULTATION:
        raise RoadmapError("Remissvar registreras medan versionen är ute på remiss.")
    if not version.roadmap.principals.filter(pk=principal_id).exists():
        raise RoadmapError("Huvudmannen deltar inte i färdplanen.")
    if not text.strip():
        raise RoadmapError("Skriv synpunkten.")
    if received_on > timezone.localdate():
        raise RoadmapError("Datumet då remissvaret kom in kan inte ligga i framtiden.")
    if area_id and not version.areas.filter(pk=area_id).exists():
        raise RoadmapError("Området hör inte till versionen.")
    if activity_id and not version.activities.filter(pk=activity_id).exists():
        raise RoadmapError("Aktiviteten hör inte till versionen.")
    return ConsultationComment.objects.create(
        roadmap_version=version,
        principal_id=principal_id,
        submitted_by=submitted_by.strip(),
        area_id=area_id,
        activity_id=activity_id,
        text=text.strip(),
        received_on=received_on,
        recorded_by=user,
        request_key=request_key,
    )


@transaction.atomic
def adopt(
    *,
    user,
    version_id: int,
    lock_version: int,
    forum_id: int,
    adopted_on: date,
    approved_by_id: int | None = None,
    approved_on: date | None = None,
) -> RoadmapVersion:
    """Adopt a version after its consultation; the previous adopted version is superseded and the
    activities carry on with the status they had there (matched by key)."""
    version = _lock_version(version_id)
    _check(version, lock_version)
    if version.status != VersionStatus.CONSULTATION:
        raise RoadmapError("En version antas efter remissen: skicka utkastet på remiss först.")
    roadmap = version.roadmap
    forums = Forum.objects.filter(roadmap=roadmap)
    if not forums.filter(pk=forum_id).exists():
        raise RoadmapError("Välj det forum som antog färdplanen.")
    if approved_by_id and not forums.filter(pk=approved_by_id).exists():
        raise RoadmapError("Välj det forum som godkände färdplanen.")
    if adopted_on > timezone.localdate():
        raise RoadmapError("Beslutsdatumet kan inte ligga i framtiden.")
    previous = (
        RoadmapVersion.objects.select_for_update()
        .filter(roadmap=roadmap, status=VersionStatus.ADOPTED)
        .exclude(pk=version.pk)
    )
    for old in previous:
        _carry_status(old, version)
        old.status = VersionStatus.SUPERSEDED
        old.lock_version += 1
        old.save()
    version.status = VersionStatus.ADOPTED
    version.adopted_by_id, version.adopted_on = forum_id, adopted_on
    version.approved_by_id, version.approved_on = approved_by_id, approved_on
    version.lock_version += 1
    version.save()
    return version


def _carry_status(old: RoadmapVersion, new: RoadmapVersion) -> None:
    before = {a.key: a for a in Activity.objects.select_for_update().filter(roadmap_version=old)}
    for activity in Activity.objects.select_for_update().filter(roadmap_version=new):
        source = before.get(activity.key)
        if source is None:
            continue
        activity.status = source.status
        activity.judgement = source.judgement
        activity.judgement_comment = source.judgement_comment
        activity.lock_version += 1
        activity.save(
            update_fields=["status", "judgement", "judgement_comment", "lock_version", "updated_at"]
        )


@transaction.atomic
def start_revision(*, user, roadmap_id: int, change_summary: str = "") -> RoadmapVersion:
    """The yearly revision: a new draft copied from the adopted version. Starting it twice gives
    the same draft (one open revision at a time)."""
    roadmap = Roadmap.objects.select_for_update().filter(pk=roadmap_id).first()
    if roadmap is None:
        raise RoadmapError("Färdplanen finns inte.")
    open_draft = roadmap.versions.filter(
        status__in=(VersionStatus.DRAFT, VersionStatus.CONSULTATION)
    ).first()
    if open_draft is not None:
        return open_draft
    adopted = roadmap.versions.filter(status=VersionStatus.ADOPTED).order_by("-number").first()
    if adopted is None:
        raise RoadmapError("Det finns ingen antagen version att revidera.")
    number = (roadmap.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return _copy(adopted, number=number, user=user, change_summary=change_summary)


def _copy(source: RoadmapVersion, *, number: int, user, change_summary: str) -> RoadmapVersion:
    copy = RoadmapVersion.objects.create(
        roadmap=source.roadmap,
        number=number,
        status=VersionStatus.DRAFT,
        title=source.title,
        vision_title=source.vision_title,
        vision=source.vision,
        goal_year=source.goal_year,
        period_start=source.period_start,
        period_end=source.period_end,
        governance=source.governance,
        revision_note=source.revision_note,
        based_on=source,
        change_summary=change_summary,
        created_by=user,
    )
    areas: dict[int, PriorityArea] = {}
    for area in source.areas.prefetch_related("goals"):
        areas[area.pk] = PriorityArea.objects.create(
            roadmap_version=copy,
            key=area.key,
            title=area.title,
            description=area.description,
            year=area.year,
            order=area.order,
        )
        Goal.objects.bulk_create(
            Goal(area=areas[area.pk], text=g.text, year=g.year, order=g.order)
            for g in area.goals.all()
        )
    activities: dict[int, Activity] = {}
    for activity in source.activities.prefetch_related("principals", "subareas"):
        activities[activity.pk] = Activity.objects.create(
            roadmap_version=copy,
            area=areas[activity.area_id],
            key=activity.key,
            title=activity.title,
            description=activity.description,
            owner_forum_id=activity.owner_forum_id,
            owner_name=activity.owner_name,
            starts_on=activity.starts_on,
            ends_on=activity.ends_on,
            status=activity.status,
            judgement=activity.judgement,
            judgement_comment=activity.judgement_comment,
            order=activity.order,
        )
        activities[activity.pk].principals.set(activity.principals.all())
        activities[activity.pk].subareas.set(activity.subareas.all())
    for target in source.targets.prefetch_related("values"):
        new = Target.objects.create(
            roadmap_version=copy,
            area=areas.get(target.area_id),
            activity=activities.get(target.activity_id),
            key=target.key,
            indicator_id=target.indicator_id,
            name=target.name,
            unit=target.unit,
            unit_label=target.unit_label,
            direction=target.direction,
            target_value=target.target_value,
            target_year=target.target_year,
            target_text=target.target_text,
            note=target.note,
            order=target.order,
        )
        TargetValue.objects.bulk_create(
            TargetValue(
                target=new,
                period_label=v.period_label,
                period_end=v.period_end,
                value=v.value,
                source=v.source,
                note=v.note,
                recorded_by=v.recorded_by,
            )
            for v in target.values.all()
        )
    return copy


@transaction.atomic
def update_version_text(
    *,
    user,
    version_id: int,
    lock_version: int,
    title: str,
    vision_title: str,
    vision: str,
    goal_year: int | None,
    period_start: date | None,
    period_end: date | None,
    change_summary: str,
) -> RoadmapVersion:
    version = _draft(version_id)
    _check(version, lock_version)
    if period_start and period_end and period_end < period_start:
        raise RoadmapError("Periodens slut är före dess start.")
    version.title, version.vision_title, version.vision = title, vision_title, vision
    version.goal_year, version.period_start, version.period_end = (
        goal_year,
        period_start,
        period_end,
    )
    version.change_summary = change_summary
    version.lock_version += 1
    version.save()
    return version


# --- Content of a draft -------------------------------------------------------------------------


def _unique_key(existing: set[str], text: str) -> str:
    base = slugify(text)[:70].strip("-") or "post"
    key, n = base, 2
    while key in existing:
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def save_area(
    *,
    user,
    version_id: int,
    request_key: str | None = None,
    area_id: int | None = None,
    title: str,
    description: str = "",
    year: int | None = None,
    goals: list[str] | None = None,
) -> PriorityArea:
    if request_key and area_id is None:
        existing = PriorityArea.objects.filter(request_key=request_key).first()
        if existing is not None:
            return existing
    version = _draft(version_id)
    if request_key and area_id is None:
        existing = PriorityArea.objects.filter(request_key=request_key).first()
        if existing is not None:
            return existing
    if not title.strip():
        raise RoadmapError("Området behöver en rubrik.")
    if area_id is None:
        keys = set(version.areas.values_list("key", flat=True))
        order = (version.areas.aggregate(n=Max("order"))["n"] or 0) + 1
        area = PriorityArea.objects.create(
            roadmap_version=version,
            key=_unique_key(keys, title),
            title=title.strip(),
            description=description.strip(),
            year=year,
            order=order,
            request_key=request_key,
        )
    else:
        area = version.areas.filter(pk=area_id).first()
        if area is None:
            raise RoadmapError("Området hör inte till versionen.")
        area.title, area.description, area.year = title.strip(), description.strip(), year
        area.save()
    if goals is not None:
        area.goals.all().delete()
        Goal.objects.bulk_create(
            Goal(area=area, text=text, order=i) for i, text in enumerate(goals) if text.strip()
        )
    return area


@dataclass(frozen=True)
class ActivityFields:
    area_id: int
    title: str
    description: str = ""
    owner_forum_id: int | None = None
    owner_name: str = ""
    principal_ids: tuple[int, ...] = ()
    subarea_ids: tuple[int, ...] = ()
    starts_on: date | None = None
    ends_on: date | None = None


@transaction.atomic
def save_activity(
    *,
    user,
    version_id: int,
    fields: ActivityFields,
    activity_id: int | None = None,
    lock_version: int | None = None,
    request_key: str | None = None,
) -> Activity:
    """Create or change an activity in a draft. A change carries the form's lock_version."""
    if activity_id is None and request_key:
        existing = Activity.objects.filter(request_key=request_key).first()
        if existing is not None:
            return existing
    version = _draft(version_id)
    if activity_id is None and request_key:
        existing = Activity.objects.filter(request_key=request_key).first()
        if existing is not None:
            return existing
    roadmap = version.roadmap
    if not fields.title.strip():
        raise RoadmapError("Aktiviteten behöver en rubrik.")
    if fields.starts_on and fields.ends_on and fields.ends_on < fields.starts_on:
        raise RoadmapError("Aktivitetens slutdatum är före startdatumet.")
    area = version.areas.filter(pk=fields.area_id).first()
    if area is None:
        raise RoadmapError("Välj ett område i den här versionen.")
    if fields.owner_forum_id and not roadmap.forums.filter(pk=fields.owner_forum_id).exists():
        raise RoadmapError("Det ägande forumet hör inte till färdplanen.")
    principals = list(roadmap.principals.filter(pk__in=fields.principal_ids))
    if len(principals) != len(set(fields.principal_ids)):
        raise RoadmapError("En vald huvudman deltar inte i färdplanen.")
    subareas = list(Subarea.objects.filter(county=roadmap.county, pk__in=fields.subarea_ids))
    if len(subareas) != len(set(fields.subarea_ids)):
        raise RoadmapError("En vald nod hör inte till länet.")
    if activity_id is None:
        keys = set(version.activities.values_list("key", flat=True))
        order = (area.activities.aggregate(n=Max("order"))["n"] or 0) + 1
        activity = Activity(
            roadmap_version=version,
            key=_unique_key(keys, fields.title),
            order=order,
            request_key=request_key,
        )
    else:
        activity = (
            Activity.objects.select_for_update()
            .filter(pk=activity_id, roadmap_version=version)
            .first()
        )
        if activity is None:
            raise RoadmapError("Aktiviteten hör inte till versionen.")
        _check(activity, lock_version)
        activity.lock_version += 1
    activity.area = area
    activity.title = fields.title.strip()
    activity.description = fields.description.strip()
    activity.owner_forum_id = fields.owner_forum_id
    activity.owner_name = fields.owner_name.strip()
    activity.starts_on, activity.ends_on = fields.starts_on, fields.ends_on
    activity.save()
    activity.principals.set(principals)
    activity.subareas.set(subareas)
    return activity


@dataclass(frozen=True)
class TargetFields:
    indicator_id: str = ""
    name: str = ""
    unit: str = TargetUnit.NUMBER
    unit_label: str = ""
    direction: str = ""
    target_value: Decimal | None = None
    target_year: int | None = None
    target_text: str = ""
    note: str = ""
    area_id: int | None = None
    activity_id: int | None = None


@transaction.atomic
def add_target(*, user, version_id: int, request_key: str, fields: TargetFields) -> Target:
    """Link an indicator (with a target) or a manual measure to the version, an area or an
    activity of a draft."""
    existing = Target.objects.filter(request_key=request_key).first()
    if existing is not None:
        return existing
    version = _draft(version_id)
    existing = Target.objects.filter(request_key=request_key).first()
    if existing is not None:
        return existing
    name, unit, unit_label = fields.name.strip(), fields.unit, fields.unit_label.strip()
    if fields.indicator_id:
        from navet.roadmap.catalogue import indicator_catalogue

        indicator = indicator_catalogue().get(fields.indicator_id)
        if indicator is None:
            raise RoadmapError(f"Uppföljningen har ingen indikator {fields.indicator_id}.")
        name = indicator.name
        unit, unit_label = indicator.target_unit, unit_label or indicator.unit_label
    elif not name:
        raise RoadmapError("Välj en indikator eller skriv namnet på ett manuellt mått.")
    if fields.area_id and not version.areas.filter(pk=fields.area_id).exists():
        raise RoadmapError("Området hör inte till versionen.")
    if fields.activity_id and not version.activities.filter(pk=fields.activity_id).exists():
        raise RoadmapError("Aktiviteten hör inte till versionen.")
    keys = set(version.targets.values_list("key", flat=True))
    order = (version.targets.aggregate(n=Max("order"))["n"] or 0) + 1
    return Target.objects.create(
        roadmap_version=version,
        area_id=fields.area_id,
        activity_id=fields.activity_id,
        key=_unique_key(keys, fields.indicator_id or name),
        indicator_id=fields.indicator_id,
        name=name,
        unit=unit,
        unit_label=unit_label,
        direction=fields.direction,
        target_value=fields.target_value,
        target_year=fields.target_year,
        target_text=fields.target_text.strip(),
        note=fields.note.strip(),
        order=order,
        request_key=request_key,
    )


@transaction.atomic
def add_target_value(
    *,
    user,
    target_id: int,
    request_key: str,
    period_label: str,
    period_end: date,
    value: Decimal,
    source: str = "",
    note: str = "",
) -> TargetValue:
    """A value entered by hand. Allowed in any version that is in use (draft or adopted): values
    are measurements, not the plan's content."""
    existing = TargetValue.objects.filter(request_key=request_key).first()
    if existing is not None:
        return existing
    target = Target.objects.select_related("roadmap_version").filter(pk=target_id).first()
    if target is None:
        raise RoadmapError("Målindikatorn finns inte.")
    _lock_version(target.roadmap_version_id)
    existing = TargetValue.objects.filter(request_key=request_key).first()
    if existing is not None:
        return existing
    if target.roadmap_version.status == VersionStatus.SUPERSEDED:
        raise RoadmapError("Versionen är ersatt; registrera värdet i den gällande versionen.")
    if not period_label.strip():
        raise RoadmapError("Ange vilken period värdet gäller.")
    if period_end > timezone.localdate():
        raise RoadmapError("Perioden har inte tagit slut än.")
    return TargetValue.objects.create(
        target=target,
        period_label=period_label.strip(),
        period_end=period_end,
        value=value,
        source=source.strip(),
        note=note.strip(),
        recorded_by=user,
        request_key=request_key,
    )


# --- Meetings and follow-ups --------------------------------------------------------------------


def followed_activities(forum: Forum, version: RoadmapVersion):
    """The activities a forum follows up in a version: all of them for a forum that follows the
    whole roadmap, else those it owns."""
    activities = version.activities.all()
    if not forum.follows_whole_roadmap:
        activities = activities.filter(owner_forum=forum)
    return activities


@transaction.atomic
def schedule_meeting(
    *,
    user,
    forum_id: int,
    request_key: str,
    held_on: date,
    title: str = "",
    notes: str = "",
    activity_ids: list[int] | None = None,
) -> Meeting:
    """A meeting of the forum; its agenda is the open activities the forum follows in the adopted
    version (or the given ones)."""
    existing = Meeting.objects.filter(request_key=request_key).first()
    if existing is not None:
        return existing
    forum = Forum.objects.select_related("roadmap").filter(pk=forum_id).first()
    if forum is None:
        raise RoadmapError("Forumet finns inte.")
    version = (
        RoadmapVersion.objects.select_for_update()
        .filter(roadmap=forum.roadmap, status=VersionStatus.ADOPTED)
        .order_by("-number")
        .first()
    )
    existing = Meeting.objects.filter(request_key=request_key).first()
    if existing is not None:
        return existing
    if version is None:
        raise RoadmapError("Färdplanen har ingen antagen version att följa upp.")
    if activity_ids is None:
        agenda = list(followed_activities(forum, version).filter(status__in=OPEN_STATUSES))
    else:
        agenda = list(version.activities.filter(pk__in=activity_ids))
        if len(agenda) != len(set(activity_ids)):
            raise RoadmapError("En vald aktivitet hör inte till den gällande versionen.")
    meeting = Meeting.objects.create(
        forum=forum,
        held_on=held_on,
        title=title.strip(),
        notes=notes.strip(),
        created_by=user,
        request_key=request_key,
    )
    meeting.agenda.set(agenda)
    return meeting


@transaction.atomic
def record_follow_up(
    *,
    user,
    activity_id: int,
    lock_version: int,
    request_key: str,
    status: str,
    judgement: str = "",
    comment: str = "",
    decisions: str = "",
    meeting_id: int | None = None,
    recorded_on: date | None = None,
) -> FollowUp:
    """Record a status update of an activity (at a meeting, or between meetings).

    The activity's row is locked and its lock_version compared, so two secretaries updating one
    activity at once cannot overwrite each other: the second is told to reload. Replaying the
    same request_key returns the first follow-up.
    """
    existing = FollowUp.objects.filter(request_key=request_key).first()
    if existing is not None:
        return existing
    activity = (
        Activity.objects.select_for_update()
        .select_related("roadmap_version__roadmap")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise RoadmapError("Aktiviteten finns inte.")
    # A double submit waited on the lock above: the first one has committed by now.
    existing = FollowUp.objects.filter(request_key=request_key).first()
    if existing is not None:
        return existing
    _check(activity, lock_version)
    if activity.roadmap_version.status != VersionStatus.ADOPTED:
        raise RoadmapError("Uppföljning görs i den antagna versionen av färdplanen.")
    if status not in ActivityStatus.values:
        raise RoadmapError("Välj en status.")
    if judgement not in Judgement.values:
        raise RoadmapError("Välj en bedömning.")
    if (status in NEEDS_COMMENT or judgement == Judgement.RED) and not comment.strip():
        raise RoadmapError(
            "Skriv en kommentar: en försenad eller avbruten aktivitet och en röd bedömning "
            "behöver en förklaring."
        )
    today = timezone.localdate()
    meeting = None
    if meeting_id is not None:
        meeting = Meeting.objects.select_related("forum").filter(pk=meeting_id).first()
        if meeting is None or meeting.forum.roadmap_id != activity.roadmap_version.roadmap_id:
            raise RoadmapError("Mötet hör inte till färdplanen.")
        if meeting.held_on > today:
            raise RoadmapError("Mötet har inte hållits än; uppföljningen registreras efter mötet.")
        recorded_on = meeting.held_on
        if FollowUp.objects.filter(meeting=meeting, activity=activity).exists():
            raise RoadmapError("Aktiviteten är redan uppföljd på det här mötet.")
    recorded_on = recorded_on or today
    if recorded_on > today:
        raise RoadmapError("Uppföljningens datum kan inte ligga i framtiden.")
    newer = activity.follow_ups.filter(recorded_on__gt=recorded_on).exists()
    try:
        with transaction.atomic():
            follow_up = FollowUp.objects.create(
                activity=activity,
                meeting=meeting,
                recorded_on=recorded_on,
                status=status,
                judgement=judgement,
                comment=comment.strip(),
                decisions=decisions.strip(),
                previous_status=activity.status,
                previous_judgement=activity.judgement,
                recorded_by=user,
                recorded_by_name=_name(user),
                request_key=request_key,
            )
    except IntegrityError as error:
        raise RoadmapError("Aktiviteten är redan uppföljd på det här mötet.") from error
    if meeting is not None:
        meeting.agenda.add(activity)
    if not newer:  # an older meeting entered late does not overwrite today's status
        activity.status, activity.judgement = status, judgement
        activity.judgement_comment = comment.strip()
    activity.lock_version += 1
    activity.save(
        update_fields=["status", "judgement", "judgement_comment", "lock_version", "updated_at"]
    )
    return follow_up


def principals_of(roadmap: Roadmap):
    return Principal.objects.filter(roadmaps=roadmap).order_by("kind", "name")
