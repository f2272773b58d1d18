"""The person's own plan (part 7 of issue "Coordinated care"): what the person sees of their
SIPs, the confirmation that they have read it, and their questions to the coordinator.

Only a **finalised** version is shared with the person: the version `finalise` agreed
(`CoordinatedPlan.finalised_version`). A draft saved after it stays with the staff until it is
finalised in turn; a plan never finalised shows no content, only who coordinates it and the
meetings the person is invited to. The same view of a plan is printed (`plans/print/plan.html`)
for the person's download and for staff printing it on paper for a person who does not log in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from navet.access.audit import Actor, record
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.messaging.errors import UnitClosed
from navet.messaging.models import InboxItem
from navet.messaging.selectors import items_for_source
from navet.messaging.services import ensure_can_receive, send_item
from navet.plans import config
from navet.plans.errors import PlanError
from navet.plans.models import CoordinatedPlan, PlanMeeting, PlanReading, PlanVersion
from navet.plans.services import _lock, _source, name_of
from navet.web.printing import pdf_response

QUESTION_MAX = 2000


@dataclass
class OwnPlan:
    """One plan as the person sees it."""

    plan: CoordinatedPlan
    version: PlanVersion | None  # the shared (finalised) version; None: nothing shared yet
    upcoming: list[PlanMeeting]
    reading: PlanReading | None  # the person's confirmation of this version, if any
    video_rules: list[str] = field(default_factory=list)

    @property
    def next_date(self) -> date | None:
        """The next agreed time: the next meeting or the follow-up date, whichever comes first."""
        dates = [timezone.localdate(m.starts_at) for m in self.upcoming[:1]]
        follow_up = self.follow_up_date
        if follow_up is not None and follow_up >= timezone.localdate():
            dates.append(follow_up)
        return min(dates) if dates else None

    @property
    def follow_up_date(self) -> date | None:
        if self.version is not None and self.version.follow_up_date:
            return self.version.follow_up_date
        return self.plan.follow_up_date


def shared_version(plan: CoordinatedPlan) -> PlanVersion | None:
    if plan.finalised_version is None:
        return None
    versions = plan.versions.filter(number=plan.finalised_version)
    return versions.select_related("lead_principal").first()


def own_plan(plan: CoordinatedPlan, *, user=None) -> OwnPlan:
    version = shared_version(plan)
    reading = None
    if version is not None and user is not None:
        reading = plan.readings.filter(version=version.number, read_by=user).first()
    upcoming = list(plan.meetings.filter(ends_at__gte=timezone.now()).order_by("starts_at"))
    return OwnPlan(
        plan=plan,
        version=version,
        upcoming=[] if plan.is_closed else upcoming,
        reading=reading,
        video_rules=config.video_provider()["rules"],
    )


def plans_of(person):
    """The person's plans, open ones first, newest first."""
    return sorted(
        CoordinatedPlan.objects.filter(person=person).select_related("coordinator_unit"),
        key=lambda p: (p.is_closed, -p.created_at.timestamp()),
    )


def own_plans(person, *, user=None) -> list[OwnPlan]:
    return [own_plan(plan, user=user) for plan in plans_of(person)]


def readings(plan: CoordinatedPlan) -> list[PlanReading]:
    """For the coordinator: who confirmed having read which version, newest first."""
    return list(plan.readings.all())


QUESTION_KEY = "plans.question:"


def questions(plan: CoordinatedPlan) -> list[InboxItem]:
    """For the plan page: the messages of the person (or a guardian) to the coordinator's inbox
    (when, from whom, and whether acknowledged). The text stays in the coordinator's inbox: the
    plan page is read by every participating unit, the question was written to the
    coordinator."""
    return [
        item
        for item in items_for_source("plans.coordinatedplan", plan.pk)
        if item.kind == "message" and item.key.startswith(f"{QUESTION_KEY}{plan.pk}:")
    ]


@transaction.atomic
def confirm_read(
    *, actor: Actor, user, plan: CoordinatedPlan, key: str, as_guardian: bool = False
) -> PlanReading:
    """The person (or, `as_guardian`, a guardian of the child, by name) confirms having read the
    shared version. Once per version and user: a double click, or a second confirmation of the
    same version, returns the first."""
    plan = _lock(plan)
    existing = PlanReading.objects.filter(key=key).first()
    if existing is not None:
        return existing
    if plan.finalised_version is None:
        raise PlanError("Planen är inte fastställd än. Det finns inget att bekräfta.")
    version = plan.finalised_version
    earlier = plan.readings.filter(version=version, read_by=user).first()
    if earlier is not None:
        return earlier
    try:
        with transaction.atomic():
            reading = PlanReading.objects.create(
                key=key,
                plan=plan,
                version=version,
                read_at=timezone.now(),
                read_by=user,
                read_by_name=name_of(user),
                by_guardian=as_guardian,
            )
    except IntegrityError:  # the same confirmation committed concurrently
        return PlanReading.objects.get(plan=plan, version=version, read_by=user)
    record(
        actor,
        action=AuditAction.CREATE,
        person_id=plan.person_id,
        object_type="sip_reading",
        object_id=reading.pk,
        purpose=Purpose.GUARDIAN if as_guardian else Purpose.SIP,
        detail=f"läst version {version}" + (" av vårdnadshavare" if as_guardian else ""),
    )
    return reading


def ask_coordinator(
    *, actor: Actor, user, plan: CoordinatedPlan, text: str, key: str, as_guardian: bool = False
) -> InboxItem:
    """A comment or a question from the person (or, `as_guardian`, a guardian of the child) to
    the coordinator's unit inbox. The same `key` (a double submission) gives the same item;
    messaging audits it."""
    text = (text or "").strip()
    if not text:
        raise PlanError("Skriv din fråga eller kommentar.")
    if len(text) > QUESTION_MAX:
        raise PlanError(f"Skriv högst {QUESTION_MAX} tecken. Du har skrivit {len(text)}.")
    if plan.is_closed:
        raise PlanError("Planen är avslutad. Kontakta din vårdcentral eller kommunen.")
    try:
        ensure_can_receive(plan.coordinator_unit)
    except UnitClosed as closed:
        raise PlanError(
            f"{closed.unit.name}, där din samordnare arbetade, finns inte längre. Meddelandet "
            "skickades inte. Ring din vårdcentral eller kommunen och fråga vem som samordnar "
            "din plan nu."
        ) from closed
    writer = name_of(user)
    if as_guardian:
        about = f"{writer}, vårdnadshavare för {plan.person.full_name}, har skrivit om barnets plan"
        sender = f"{writer} (vårdnadshavare)"
    else:
        about, sender = f"{writer} har skrivit om sin plan", f"{writer} (invånaren själv)"
    return send_item(
        to_unit=plan.coordinator_unit,
        kind="message",
        subject=f"Fråga om SIP till {plan.coordinator_name}",
        body=f"{about}:\n\n{text}",
        person=plan.person,
        sender=user,
        actor=actor,
        sender_name=sender,
        idempotency_key=f"{QUESTION_KEY}{plan.pk}:{key}"[:200],
        purpose=Purpose.SIP,
        source=_source(plan),
    )


def pdf(own: OwnPlan):
    """The plan as a PDF download: the person's own copy (the guardians' copy:
    `plans.guardians.pdf`)."""
    context = {
        "own": own,
        "plan": own.plan,
        "person": own.plan.person,
        "printed_at": timezone.localtime(),
    }
    return pdf_response("plans/print/plan.html", context, filename="min-plan-sip.pdf")
