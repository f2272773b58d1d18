"""The demo's roadmaps: Västmanland's programme and Västernorrland's färdplan loaded into the demo
county, with a year of synthetic meeting follow-ups so that the views have history to show.

The history is synthetic (the seed documents report no follow-ups): Västernorrland's county
leadership HälSam meets monthly (not in July) during the twelve months before today and follows up
every open activity at every meeting, as its färdplan says; Västmanland's programme group meets
quarterly. Each activity follows a deterministic course — on track, late (turns delayed and red),
stalled (no follow-up for the last months) or a slow start — chosen from its key, so a rerun
gives the same picture. Nothing is generated when the roadmap already has meetings.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from navet.roadmap import report_services, services
from navet.roadmap.loader import SEEDS, load_seed, parse
from navet.roadmap.models import (
    ActivityStatus,
    Judgement,
    Meeting,
    ReportKind,
    Roadmap,
    VersionStatus,
)

# Seed and how often its follow-up forum meets in the demo (every n months).
DEMO_SEEDS = (("vastmanland", 3), ("vasternorrland", 1))
SECRETARY = "forumsekreterare"
ANALYST = "analytiker"
DEMO_NARRATIVE = {
    "state_grant": (
        "inledning",
        "Exempeltext i demon: omställningen till en god och nära vård pågår i hela länet. "
        "Nyckeltalen i redovisningen kommer från Navets senaste beräkning av indikatorerna.",
    ),
    "directors": (
        "sammanfattning",
        "Exempeltext i demon: de flesta aktiviteter går enligt plan; de försenade och de "
        "beslut som behövs redovisas nedan.",
    ),
}

# Courses chosen for the seeds' activities; others get one from their key.
COURSES = {
    "lsg-alla-kommundelar": "late",
    "hemsjukvardsavtal-uppfoljning": "late",
    "gemensam-bemanning": "late",
    "sammanhallen-dokumentation": "stalled",
    "egenvard-utveckling": "slow",
    "demensteam": "stalled",
    "sip-pa-distans": "steady",
    "tsi-alla-kommuner": "steady",
    "mobilitet-nod-sala": "late",
    "aldrepsykiatrisk-mottagning": "stalled",
}
KINDS = ("steady", "steady", "late", "slow")

COMMENTS = {
    ("steady", ActivityStatus.ONGOING): [
        "Arbetet går enligt plan.",
        "Arbetsgruppen har träffats och planen ligger fast.",
        "Avstämt med de lokala samverkansgrupperna; inga hinder rapporterade.",
    ],
    ("steady", ActivityStatus.DONE): [
        "Genomfört enligt plan. Erfarenheterna tas med i revideringen."
    ],
    ("late", ActivityStatus.ONGOING): [
        "Pågår, men bemanningen i arbetsgruppen är ansträngd.",
        "Risk för förskjutning: underlag från två kommuner saknas.",
    ],
    ("late", ActivityStatus.DELAYED): [
        "Försenad: slutdatumet har passerat utan att arbetet är klart. Ny tidplan tas fram.",
        "Fortsatt försenad. Presidiet lyfter frågan till KD/RD.",
    ],
    ("slow", ActivityStatus.NOT_STARTED): ["Inte påbörjad: väntar på uppdragsbeskrivning."],
    ("slow", ActivityStatus.ONGOING): ["Uppdraget är fastställt och arbetet har kommit igång."],
    ("stalled", ActivityStatus.ONGOING): [
        "Pågår. Nästa avstämning när projektledaren är på plats."
    ],
}
DECISIONS = {
    ActivityStatus.DELAYED: (
        "Länsledningen ger aktivitetens ägare i uppdrag att ta fram en ny tidplan till nästa möte."
    ),
    ActivityStatus.DONE: "Aktiviteten avslutas.",
}


def _course(key: str) -> str:
    if key in COURSES:
        return COURSES[key]
    digest = hashlib.sha256(key.encode()).digest()
    return KINDS[digest[0] % len(KINDS)]


def _monthly(today: date, *, months: int, every: int = 1) -> list[date]:
    """Meeting days (the second Wednesday) of the last `months` months, oldest first, no July."""
    result = []
    year, month = today.year, today.month
    for _ in range(months):
        day = date(year, month, 8)
        day += timedelta(days=(2 - day.weekday()) % 7)
        if month != 7 and day <= today and (month - today.month) % every == 0:
            result.append(day)
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return sorted(result)


def _state(course: str, activity, on: date, index: int) -> tuple[str, str] | None:
    """(status, judgement) at a meeting on `on`, or None when the activity is not followed up."""
    start, end = activity.starts_on, activity.ends_on
    if start and on < start:
        return None
    if course == "slow" and index < 3:
        return ActivityStatus.NOT_STARTED, Judgement.YELLOW
    if end and on > end:
        if course == "late":
            return ActivityStatus.DELAYED, Judgement.RED
        return ActivityStatus.DONE, Judgement.GREEN
    if course == "late":
        # A late activity turns yellow as its end nears (undated ones: from the third meeting).
        near_end = (end - on).days < 120 if end else index >= 2
        if near_end:
            return ActivityStatus.ONGOING, Judgement.YELLOW
    return ActivityStatus.ONGOING, Judgement.GREEN


@transaction.atomic
def synthesize_history(roadmap: Roadmap, *, today: date, user=None, every: int = 1) -> int:
    """Meetings of the roadmap's follow-up forum over the last year, with follow-ups; returns
    the number of follow-ups recorded."""
    forum = roadmap.forums.filter(follows_whole_roadmap=True).order_by("order").first()
    version = roadmap.versions.filter(status=VersionStatus.ADOPTED).order_by("-number").first()
    if forum is None or version is None or Meeting.objects.filter(forum__roadmap=roadmap).exists():
        return 0
    days = _monthly(today, months=12, every=every)
    recorded = 0
    for index, day in enumerate(days):
        meeting = services.schedule_meeting(
            user=user,
            forum_id=forum.pk,
            request_key=f"demo:{roadmap.pk}:{day.isoformat()}",
            held_on=day,
            title="Uppföljning av färdplanen",
        )
        for activity in meeting.agenda.order_by("area__order", "order", "pk"):
            course = _course(activity.key)
            stalled = course == "stalled" and (today - day).days < 130
            state = _state(course, activity, day, index)
            if state is None or stalled:
                continue
            status, judgement = state
            phrases = COMMENTS.get((course, status)) or COMMENTS[("steady", ActivityStatus.ONGOING)]
            comment = (
                phrases[index % len(phrases)] if status != activity.status or index % 3 == 0 else ""
            )
            if status in services.NEEDS_COMMENT or judgement == Judgement.RED:
                comment = comment or phrases[0]
            activity.refresh_from_db()
            services.record_follow_up(
                user=user,
                activity_id=activity.pk,
                lock_version=activity.lock_version,
                request_key=f"demo:{meeting.pk}:{activity.pk}",
                status=status,
                judgement=judgement,
                comment=comment,
                decisions=DECISIONS.get(status, "") if status != activity.status else "",
                meeting_id=meeting.pk,
            )
            recorded += 1
    return recorded


def ensure_demo_roadmaps(county_code: str, *, today: date | None = None) -> list[Roadmap]:
    """Load the demo's seeds into the county (once) and give them a year of follow-ups."""
    today = today or timezone.localdate()
    user = User.objects.filter(username=SECRETARY).first()
    roadmaps = []
    for name, every in DEMO_SEEDS:
        key = parse(SEEDS[name])["key"]
        roadmap = Roadmap.objects.filter(county_id=county_code, key=key).first()
        if roadmap is None:
            roadmap = load_seed(name, county_code=county_code).roadmap
        synthesize_history(roadmap, today=today, user=user, every=every)
        roadmaps.append(roadmap)
    ensure_demo_reports(roadmaps, user=User.objects.filter(username=ANALYST).first())
    return roadmaps


def demo_report_periods(period_end: date) -> dict[str, tuple[date, date]]:
    """Report periods that the demo's indicator run fills: it computes two 12-month periods, the
    last ending on `period_end` (Follow-up's default: the end of the last whole month, in the
    demo the month before it was generated). The state grant covers the last whole calendar
    year, which holds the end of one of them; the KD/RD report the half-year holding
    `period_end`."""
    whole_year = (period_end.month, period_end.day) == (12, 31)
    year = period_end.year if whole_year else period_end.year - 1
    half = (date(period_end.year, 1, 1), date(period_end.year, 6, 30))
    if period_end.month > 6:
        half = (date(period_end.year, 7, 1), date(period_end.year, 12, 31))
    return {
        ReportKind.STATE_GRANT: (date(year, 1, 1), date(year, 12, 31)),
        ReportKind.DIRECTORS: half,
    }


def ensure_demo_reports(roadmaps: list[Roadmap], *, user=None) -> None:
    """The state-grant report on Västmanland's programme (the demo county's own) and the
    semi-annual KD/RD report on Västernorrland's färdplan (its rhythm), once, with a little
    example narrative; their figures come from the demo's indicator run when it is done."""
    from navet.followup.runs import default_period_end

    periods = demo_report_periods(default_period_end())
    for roadmap, kind in zip(roadmaps, (ReportKind.STATE_GRANT, ReportKind.DIRECTORS), strict=True):
        if roadmap.reports.exists():
            continue
        start, end = periods[kind]
        report = report_services.create_report(
            user=user,
            roadmap=roadmap,
            kind=kind,
            title="",
            period_start=start,
            period_end=end,
            request_key=f"demo-report:{roadmap.pk}:{kind}",
        )
        key, text = DEMO_NARRATIVE[kind]
        report_services.save_section(
            user=user,
            report=report,
            key=key,
            text=text,
            lock_version=1,
            request_key=f"demo-report:{report.pk}:{key}",
        )
