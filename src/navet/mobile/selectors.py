"""Reads of the mobile team's work: the team(s) a user serves, the area they cover, the worklist,
the day plan by municipality, the 7-day outcome of a visit and the frequent ED attenders.

None of these decides access: the views restrict persons with navet.access and log what they
show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from navet.activity.models import EdVisit, InpatientEpisode
from navet.mobile import config
from navet.mobile.models import (
    OPEN_STATUSES,
    URGENCY_ORDER,
    Arrangement,
    HomeVisit,
    MobileRequest,
    Status,
)
from navet.organisation.models import Assignment, CareUnit, Municipality, PrincipalKind, UnitKind
from navet.residents.models import Residence
from navet.residents.selectors import valid_on


def teams_of(user, *, on: date) -> list[CareUnit]:
    """The mobile teams the user serves today."""
    if not user.is_authenticated:
        return []
    ids = (
        Assignment.objects.filter(
            valid_from__lte=on, staff__user=user, unit__kind=UnitKind.MOBILE_TEAM
        )
        .exclude(valid_to__lt=on)
        .values("unit_id")
    )
    return list(CareUnit.objects.filter(pk__in=ids).select_related("municipality__subarea"))


def serves(user, team: CareUnit, *, on: date) -> bool:
    return any(t.pk == team.pk for t in teams_of(user, on=on))


def arrangement_of(team: CareUnit) -> str:
    profile = getattr(team, "mobile_profile", None)
    if profile is not None:
        return profile.get_arrangement_display()
    if team.principal.kind == PrincipalKind.MUNICIPALITY:
        return Arrangement.MUNICIPALITY.label
    return Arrangement.REGION.label


def area_of(team: CareUnit) -> QuerySet[Municipality]:
    """The municipalities the team covers: its profile's node, else the node of the team's own
    municipality, else that municipality alone."""
    profile = getattr(team, "mobile_profile", None)
    subarea_id = (profile.subarea_id if profile else None) or team.municipality.subarea_id
    if subarea_id is None:
        return Municipality.objects.filter(pk=team.municipality_id)
    return Municipality.objects.filter(subarea_id=subarea_id)


def teams_for_person_municipality(municipality: Municipality | None) -> list[CareUnit]:
    """Mobile teams, the one(s) covering `municipality` first (offered on the request form)."""
    teams = list(
        CareUnit.objects.filter(kind=UnitKind.MOBILE_TEAM)
        .exclude(active_to__lt=timezone.localdate())
        .select_related("municipality")
        .order_by("name")
    )
    if municipality is None:
        return teams
    return sorted(teams, key=lambda t: municipality not in area_of(t))


def open_requests(team: CareUnit) -> list[MobileRequest]:
    """Received first by urgency and waiting time, then the accepted ones by planned time."""
    rows = list(
        MobileRequest.objects.filter(team=team, status__in=OPEN_STATUSES).select_related(
            "person", "from_unit"
        )
    )
    return sorted(
        rows,
        key=lambda r: (
            r.status != Status.RECEIVED,
            URGENCY_ORDER[r.urgency] if r.status == Status.RECEIVED else 0,
            r.received_at if r.status == Status.RECEIVED else r.planned_at,
        ),
    )


def recent_visits(team: CareUnit, *, since: datetime) -> list[HomeVisit]:
    return list(
        HomeVisit.objects.filter(request__team=team, visited_at__gte=since)
        .select_related("request__person")
        .order_by("-visited_at")
    )


def municipalities_of(person_ids, day: date) -> dict[int, Municipality]:
    rows = Residence.objects.filter(valid_on(day), person_id__in=person_ids).select_related(
        "municipality"
    )
    return {r.person_id: r.municipality for r in rows.order_by("valid_from")}


@dataclass
class PlanGroup:
    municipality: str
    requests: list[MobileRequest] = field(default_factory=list)


def day_plan(team: CareUnit, *, day: date, start: datetime, end: datetime) -> list[PlanGroup]:
    """The accepted visits planned on `day` (between `start` and `end`), grouped by the
    municipality the person is registered in, in time order within each."""
    rows = list(
        MobileRequest.objects.filter(
            team=team, status=Status.ACCEPTED, planned_at__gte=start, planned_at__lt=end
        )
        .select_related("person")
        .order_by("planned_at")
    )
    places = municipalities_of([r.person_id for r in rows], day)
    groups: dict[str, PlanGroup] = {}
    for row in rows:
        place = places.get(row.person_id)
        name = place.name if place else "Okänd kommun"
        groups.setdefault(name, PlanGroup(name)).requests.append(row)
    return [groups[name] for name in sorted(groups)]


# --- The 7-day outcome --------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeCheck:
    window_start: datetime
    window_end: datetime
    complete: bool  # the window has passed: the result is final (unless data arrive late)
    ed_visits: list[EdVisit]
    admissions: list[InpatientEpisode]

    @property
    def returned(self) -> bool:
        return bool(self.ed_visits or self.admissions)

    @property
    def label(self) -> str:
        parts = []
        if self.ed_visits:
            parts.append(f"akutbesök ({len(self.ed_visits)})")
        if self.admissions:
            parts.append(f"inläggning ({len(self.admissions)})")
        days = config.outcome_days()
        if parts:
            return f"{' och '.join(parts).capitalize()} inom {days} dagar"
        if self.complete:
            return f"Inget akutbesök och ingen inläggning inom {days} dagar"
        until = f"{self.window_end:%Y-%m-%d}"
        return f"Pågår: inget akutbesök och ingen inläggning hittills (till {until})"


def outcome_check(visit: HomeVisit, *, now: datetime) -> OutcomeCheck:
    """ED visits that arrived and admissions that began after the visit and within the next
    N days (NAVET_MOBILE_OUTCOME_DAYS, 7), from the activity data."""
    start = visit.visited_at
    end = start + timedelta(days=config.outcome_days())
    person = visit.request.person_id
    ed = EdVisit.objects.filter(person_id=person, arrival_time__gt=start, arrival_time__lte=end)
    admissions = InpatientEpisode.objects.filter(
        person_id=person, admission_time__gt=start, admission_time__lte=end
    )
    return OutcomeCheck(
        start,
        end,
        now >= end,
        list(ed.order_by("arrival_time")),
        list(admissions.order_by("admission_time")),
    )


# --- Frequent attenders -------------------------------------------------------------------------


@dataclass(frozen=True)
class FrequentAttender:
    person_id: int
    ed_visits: int
    last_visit: datetime
    municipality: Municipality


def frequent_attenders(
    team: CareUnit, *, now: datetime, person_id: int | None = None
) -> list[FrequentAttender]:
    """Persons registered in the team's area with at least the threshold of ED visits (4) in
    the window (365 days) before `now`, most visits first."""
    since = now - timedelta(days=config.frequent_attender_window_days())
    today = now.date()
    area = area_of(team)
    residents = Residence.objects.filter(valid_on(today), municipality__in=area)
    if person_id is not None:
        residents = residents.filter(person_id=person_id)
    residents = residents.values("person_id")
    counts = (
        EdVisit.objects.filter(
            Q(arrival_time__gt=since) & Q(arrival_time__lte=now), person_id__in=residents
        )
        .values("person_id")
        .annotate(n=Count("pk"), last=Max("arrival_time"))
        .filter(n__gte=config.frequent_attender_threshold())
    )
    rows = list(counts)
    places = municipalities_of([r["person_id"] for r in rows], today)
    result = [
        FrequentAttender(r["person_id"], r["n"], r["last"], places[r["person_id"]])
        for r in rows
        if r["person_id"] in places
    ]
    return sorted(result, key=lambda f: (-f.ed_visits, -f.last_visit.timestamp()))


def frequent_attender(team: CareUnit, person, *, now: datetime) -> FrequentAttender | None:
    found = frequent_attenders(team, now=now, person_id=person.pk)
    return found[0] if found else None


def requests_of_person(person) -> QuerySet[MobileRequest]:
    """A person's mobile-team requests, latest first (for references from other apps)."""
    return (
        MobileRequest.objects.filter(person=person)
        .select_related("team")
        .order_by("-received_at", "-pk")
    )
