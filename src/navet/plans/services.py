"""SIP services: plain functions with keyword-only arguments. Each user action is one
transaction that locks the plan's row first (`SELECT … FOR UPDATE`), so that two actions on one
plan are serialised, and writes its own audit row (purpose sip). Every creating action takes an
idempotency `key`: a double submission returns the first result.
"""

from __future__ import annotations

import contextlib
import secrets
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from navet.access import consents as trust_consents
from navet.access.audit import Actor, record
from navet.access.errors import AccessError
from navet.access.models import AuditAction, Consent, ConsentGivenBy
from navet.access.purposes import Purpose
from navet.access.relationships import close_relationship, open_relationship
from navet.access.subjects import subject_for
from navet.messaging.errors import MessagingError
from navet.messaging.services import Attachment, Source, send_item
from navet.organisation.models import CareProvider, CareUnit, Principal
from navet.plans import config, ics
from navet.plans.errors import CannotFinalise, NoConsent, PlanError
from navet.plans.models import (
    STAGE_ORDER,
    ClosingReason,
    CoordinatedPlan,
    ExternalKind,
    Invitation,
    MeetingMode,
    PlanConsent,
    PlanMeeting,
    PlanVersion,
    RelativeParticipation,
    SecrecyDecision,
    Stage,
    StageEvent,
    WithheldPart,
)
from navet.plans.versioning import add_version
from navet.residents.services import person_age

ADULT_AGE = 18
OBJECT_TYPE = "sip"
CONTENT_FIELDS = (
    "what_matters",
    "interventions",
    "others_measures",
    "lead_principal_id",
    "contacts",
    "own_actions",
    "follow_up_date",
)


def name_of(user) -> str:
    staff = getattr(user, "staff", None)
    if staff is not None:
        return staff.full_name
    return user.get_full_name() or user.get_username()


def unit_of(user) -> CareUnit:
    ref = subject_for(user, on=timezone.localdate()).unit
    if ref is None:
        raise PlanError("Du har ingen aktuell placering på någon enhet och kan inte starta en SIP.")
    return CareUnit.objects.get(pk=ref.id)


def _lock(plan: CoordinatedPlan) -> CoordinatedPlan:
    return CoordinatedPlan.objects.select_for_update().get(pk=plan.pk)


def _audit(
    actor: Actor,
    plan: CoordinatedPlan,
    action,
    *,
    object_type=OBJECT_TYPE,
    object_id=None,
    detail="",
):
    record(
        actor,
        action=action,
        person_id=plan.person_id,
        object_type=object_type,
        object_id=object_id if object_id is not None else plan.pk,
        purpose=Purpose.SIP,
        detail=detail,
    )


def ensure_open(plan: CoordinatedPlan) -> None:
    """A closed plan is read-only."""
    if plan.is_closed:
        raise PlanError("Planen är avslutad och kan inte ändras.")


def _stage_event(plan: CoordinatedPlan, stage: str, user, note: str = "") -> StageEvent:
    return StageEvent.objects.create(
        plan=plan, stage=stage, at=timezone.now(), by=user, by_name=name_of(user), note=note
    )


# --- Lifecycle ---------------------------------------------------------------------------------


@transaction.atomic
def initiate(*, actor: Actor, user, person, need: str, key: str) -> CoordinatedPlan:
    """Any principal's unit can initiate; the initiator is the coordinator until handed over.
    Opens a care relationship (kind sip) for the initiating unit."""
    existing = CoordinatedPlan.objects.filter(key=key).first()
    if existing is not None:
        return existing
    if not need.strip():
        raise PlanError("Beskriv vilket behov av samordning som har upptäckts.")
    unit = unit_of(user)
    name = name_of(user)
    try:
        with transaction.atomic():
            plan = CoordinatedPlan.objects.create(
                key=key,
                person=person,
                need=need.strip(),
                initiated_by=user,
                initiated_by_name=name,
                initiating_unit=unit,
                coordinator=user,
                coordinator_name=name,
                coordinator_unit=unit,
            )
    except IntegrityError:  # the same key in flight: that one wins
        return CoordinatedPlan.objects.get(key=key)
    _stage_event(plan, Stage.DISCOVER, user)
    open_relationship(
        person=person, unit=unit, kind="sip", source_type="plans.coordinatedplan", source_id=plan.pk
    )
    _audit(actor, plan, AuditAction.CREATE, detail="SIP startad")
    return plan


def stage_index(stage: str) -> int:
    return STAGE_ORDER.index(stage)


@transaction.atomic
def advance(
    *,
    actor: Actor,
    user,
    plan: CoordinatedPlan,
    stage: str,
    note: str = "",
    reason_code: str = ClosingReason.OTHER,
) -> CoordinatedPlan:
    """Move the plan forward to `stage` (never back). Closing needs a reason: one from
    `ClosingReason`, and for "other" a text (`note`); who and when are recorded."""
    plan = _lock(plan)
    if plan.stage == stage:
        return plan  # a double click
    if plan.is_closed:
        raise PlanError("Planen är avslutad.")
    if stage not in STAGE_ORDER or stage_index(stage) < stage_index(plan.stage):
        raise PlanError("Planen kan bara gå vidare till ett senare steg.")
    if stage == Stage.CLOSED:
        if reason_code not in ClosingReason.values:
            raise PlanError("Välj ett skäl till att planen avslutas.")
        if reason_code == ClosingReason.OTHER and not note.strip():
            raise PlanError("Skriv varför planen avslutas.")
        plan.closed_at = timezone.now()
        label = ClosingReason(reason_code).label
        if reason_code == ClosingReason.OTHER:
            label = ""
        plan.closed_reason = ": ".join(t for t in (label, note.strip()) if t)[:500]
        plan.closed_reason_code = reason_code
        plan.closed_by = user
        plan.closed_by_name = name_of(user)
        for relationship_source in ("plans.coordinatedplan", "plans.invitation"):
            ids = (
                [plan.pk]
                if relationship_source == "plans.coordinatedplan"
                else list(plan.invitations.values_list("pk", flat=True))
            )
            for source_id in ids:
                close_relationship(
                    kind="sip",
                    source_type=relationship_source,
                    source_id=source_id,
                    ended_at=plan.closed_at,
                )
    plan.stage = stage
    plan.save()
    _stage_event(plan, stage, user, note.strip())
    _audit(actor, plan, AuditAction.CHANGE, detail=f"steg: {Stage(stage).label}")
    return plan


def _advance_to_at_least(plan: CoordinatedPlan, stage: str, user) -> None:
    if not plan.is_closed and stage_index(plan.stage) < stage_index(stage):
        plan.stage = stage
        plan.save(update_fields=["stage"])
        _stage_event(plan, stage, user)


@transaction.atomic
def hand_over(*, actor: Actor, user, plan: CoordinatedPlan, to_user) -> CoordinatedPlan:
    """Hand the coordinator role to another member of staff (at their unit today)."""
    plan = _lock(plan)
    if plan.coordinator_id == to_user.pk:
        return plan
    ensure_open(plan)
    unit = unit_of(to_user)
    plan.coordinator = to_user
    plan.coordinator_name = name_of(to_user)
    plan.coordinator_unit = unit
    plan.save()
    open_relationship(
        person=plan.person,
        unit=unit,
        kind="sip",
        source_type="plans.coordinatedplan",
        source_id=plan.pk,
    )
    _audit(actor, plan, AuditAction.CHANGE, detail=f"samordnare: {plan.coordinator_name}")
    return plan


# --- Consent -----------------------------------------------------------------------------------


def is_child(plan: CoordinatedPlan, on: date | None = None) -> bool:
    return person_age(plan.person, on or timezone.localdate()) < ADULT_AGE


@transaction.atomic
def record_consent(
    *,
    actor: Actor,
    user,
    plan: CoordinatedPlan,
    key: str,
    disclosing_provider: CareProvider,
    recipient_providers,
    given_by: str,
    method: str,
    valid_to: date,
    guardian_name: str = "",
    child_view: str = "",
    note: str = "",
) -> PlanConsent:
    """Consent that the data `disclosing_provider` holds may be shared with each of
    `recipient_providers` for this SIP: specific (per organisation) and time-limited. Recorded
    through the Trust API (one `Consent`, purpose sip, per recipient). For a child the
    guardians consent and the child's own view is recorded."""
    existing = PlanConsent.objects.filter(key=key).first()
    if existing is not None:
        return existing
    plan = _lock(plan)
    existing = PlanConsent.objects.filter(key=key).first()
    if existing is not None:
        return existing
    if plan.is_closed:
        raise PlanError("Planen är avslutad.")
    recipients = [p for p in recipient_providers if p.pk != disclosing_provider.pk]
    if not recipients:
        raise PlanError("Välj minst en annan organisation som får ta del av uppgifterna.")
    if is_child(plan):
        if given_by != ConsentGivenBy.GUARDIAN:
            raise PlanError("För ett barn lämnar vårdnadshavarna samtycket.")
        if not child_view.strip():
            raise PlanError("Skriv barnets egen uppfattning.")
    plan_consent = PlanConsent.objects.create(
        key=key,
        plan=plan,
        disclosing_provider=disclosing_provider,
        given_by=given_by,
        child_view=child_view.strip(),
        valid_to=valid_to,
        recorded_by_name=name_of(user),
    )
    today = timezone.localdate()
    for recipient in recipients:
        try:
            consent = trust_consents.give_consent(
                actor=actor,
                user=user,
                person=plan.person,
                key=f"sip:{plan_consent.pk}:{recipient.pk}",
                purpose="sip",
                recipient_provider=recipient,
                disclosing_provider=disclosing_provider,
                given_by=given_by,
                method=method,
                valid_from=today,
                valid_to=valid_to,
                guardian_name=guardian_name,
                note=note,
            )
        except AccessError as error:
            raise PlanError(
                str(error.args[0]) if error.args else "Samtycket kunde inte sparas."
            ) from error
        plan_consent.consents.add(consent)
    _audit(actor, plan, AuditAction.CHANGE, detail=f"samtycke: {disclosing_provider.name}")
    return plan_consent


@transaction.atomic
def withdraw_plan_consent(*, actor: Actor, user, plan_consent: PlanConsent, method: str):
    """Withdraw at once: sharing stops (no more invitations to those organisations, the plan
    cannot be finalised on it) and every participating unit is told through its inbox."""
    plan = _lock(plan_consent.plan)
    plan_consent = PlanConsent.objects.get(pk=plan_consent.pk)
    if plan_consent.withdrawn_at is not None:
        return plan_consent
    for consent in plan_consent.consents.all():
        trust_consents.withdraw_consent(
            actor=actor, user=user, consent_id=consent.pk, version=consent.version, method=method
        )
    plan_consent.withdrawn_at = timezone.now()
    plan_consent.withdrawn_by_name = name_of(user)
    plan_consent.save()
    _audit(actor, plan, AuditAction.CHANGE, detail="samtycke återkallat")
    for unit in participating_units(plan):
        if unit.pk == plan.coordinator_unit_id:
            continue
        with contextlib.suppress(MessagingError):  # a closed unit takes no notice
            send_item(
                to_unit=unit,
                kind="notice",
                subject="Samtycke till SIP återkallat",
                body=(
                    "Samtycket till att dela uppgifter hos "
                    f"{plan_consent.disclosing_provider.name} "
                    "i personens samordnade individuella plan är återkallat. Uppgifterna får inte "
                    "längre delas."
                ),
                person=plan.person,
                sender=user,
                idempotency_key=f"plans.withdrawn:{plan_consent.pk}:{unit.pk}",
                purpose=Purpose.SIP,
                actor=actor,
                source=_source(plan),
            )
    return plan_consent


def consented_recipients(plan: CoordinatedPlan, on: date | None = None) -> set[int]:
    """Care providers that an active SIP consent of this plan lets receive data."""
    on = on or timezone.localdate()
    ids = PlanConsent.consents.through.objects.filter(planconsent__plan=plan).values("consent_id")
    return set(
        Consent.objects.filter(Consent.active_on(on), pk__in=ids).values_list(
            "recipient_provider_id", flat=True
        )
    )


def may_share_with(plan: CoordinatedPlan, provider_id: int) -> bool:
    return provider_id == plan.coordinator_unit.care_provider_id or provider_id in (
        consented_recipients(plan)
    )


@transaction.atomic
def record_secrecy_decision(
    *,
    actor: Actor,
    user,
    plan: CoordinatedPlan,
    withheld: str,
    reason: str,
    parts=None,
    interventions=(),
):
    """OSL 12:3: parts of a child's plan are withheld from the guardians. `parts`: WithheldPart
    values; `interventions`: texts of single interventions. Neither given (a caller that does
    not say which parts): the whole plan is withheld."""
    plan = _lock(plan)
    ensure_open(plan)
    if not is_child(plan):
        raise PlanError("Beslut om barnets egen sekretess gäller bara barn under 18 år.")
    if not withheld.strip() or not reason.strip():
        raise PlanError("Skriv både vad som inte lämnas ut och skälet.")
    texts = sorted({t.strip() for t in interventions if t and t.strip()})
    chosen = set(parts or ())
    if parts is None and not texts:
        chosen = {WithheldPart.ALL.value}
    if chosen - set(WithheldPart.values):
        raise PlanError("Välj bland delarna i listan.")
    if not chosen and not texts:
        raise PlanError("Välj vad som inte lämnas ut till vårdnadshavarna.")
    if WithheldPart.ALL in chosen:
        chosen, texts = {WithheldPart.ALL.value}, []
    decision = SecrecyDecision.objects.create(
        plan=plan,
        withheld=withheld.strip(),
        parts=sorted(chosen),
        withheld_interventions=texts,
        reason=reason.strip(),
        decided_by_name=name_of(user),
    )
    _audit(actor, plan, AuditAction.CHANGE, detail="OSL 12:3-beslut")
    return decision


@transaction.atomic
def record_relative(
    *,
    actor: Actor,
    user,
    plan: CoordinatedPlan,
    relative,
    appropriate: bool,
    person_objects: bool,
    note="",
) -> RelativeParticipation:
    plan = _lock(plan)
    ensure_open(plan)
    if relative.person_id != plan.person_id:
        raise PlanError("Den närstående hör inte till personen.")
    row = RelativeParticipation.objects.create(
        plan=plan,
        relative=relative,
        appropriate=appropriate,
        person_objects=person_objects,
        note=note.strip(),
        recorded_by_name=name_of(user),
    )
    _audit(actor, plan, AuditAction.CHANGE, detail="närstående")
    return row


# --- The plan's content ------------------------------------------------------------------------


def content_of(version: PlanVersion | None) -> dict:
    if version is None:
        return {
            "what_matters": "",
            "interventions": [],
            "others_measures": "",
            "lead_principal_id": None,
            "contacts": "",
            "own_actions": "",
            "follow_up_date": None,
        }
    return {name: getattr(version, name) for name in CONTENT_FIELDS}


def missing_elements(version: PlanVersion | None) -> list[str]:
    """The four mandatory elements the plan still lacks, in Swedish."""
    content = content_of(version)
    missing = []
    interventions = [i for i in content["interventions"] if (i.get("what") or "").strip()]
    if not interventions:
        missing.append("vilka insatser som behövs")
    elif any(not i.get("principal_id") for i in interventions):
        missing.append("vilken huvudman som ansvarar för varje insats")
    if not content["others_measures"].strip():
        missing.append("vilka åtgärder som vidtas av någon annan än huvudmännen")
    if not content["lead_principal_id"]:
        missing.append("vilken huvudman som har det övergripande ansvaret")
    return missing


def _normalise(data: dict) -> dict:
    principals = {p.pk: p.name for p in Principal.objects.all()}
    interventions = []
    for row in data.get("interventions") or []:
        what = (row.get("what") or "").strip()
        if not what:
            continue
        pid = row.get("principal_id")
        pid = int(pid) if pid else None
        interventions.append(
            {"what": what, "principal_id": pid, "principal": principals.get(pid, "")}
        )
    overall = data.get("lead_principal_id")
    return {
        "what_matters": (data.get("what_matters") or "").strip(),
        "interventions": interventions,
        "others_measures": (data.get("others_measures") or "").strip(),
        "lead_principal_id": int(overall) if overall else None,
        "contacts": (data.get("contacts") or "").strip(),
        "own_actions": (data.get("own_actions") or "").strip(),
        "follow_up_date": data.get("follow_up_date"),
    }


@transaction.atomic
def save_version(
    *, actor: Actor, user, plan: CoordinatedPlan, base_version: int, data: dict, key: str
) -> PlanVersion:
    """Save the plan's content as a new version. `base_version` is the version the form showed:
    if someone saved a newer one since, nothing is saved and `EditConflict` carries both texts."""
    plan = _lock(plan)
    existing = PlanVersion.objects.filter(key=key).first()
    if existing is not None:
        return existing  # a double submission
    if plan.is_closed:
        raise PlanError("Planen är avslutad och kan inte ändras.")
    version = add_version(
        owner=plan,
        base_version=base_version,
        content=_normalise(data),
        key=key,
        user=user,
        author_name=name_of(user),
    )
    plan.follow_up_date = version.follow_up_date
    plan.save(update_fields=["version", "follow_up_date"])
    _audit(actor, plan, AuditAction.CHANGE, detail=f"version {version.number}")
    return version


def finalise_blockers(plan: CoordinatedPlan) -> list[str]:
    missing = []
    if not consented_recipients(plan):
        missing.append("personens samtycke saknas eller har återkallats")
    else:
        lacking = [
            u.care_provider.name
            for u in participating_units(plan)
            if not may_share_with(plan, u.care_provider_id)
        ]
        if lacking:
            missing.append("samtycke saknas för " + ", ".join(sorted(set(lacking))))
    return missing + missing_elements(plan.current_version())


@transaction.atomic
def finalise(*, actor: Actor, user, plan: CoordinatedPlan) -> CoordinatedPlan:
    plan = _lock(plan)
    if plan.finalised_at is not None and plan.finalised_version == plan.version:
        return plan
    if plan.is_closed:
        raise PlanError("Planen är avslutad.")
    missing = finalise_blockers(plan)
    if missing:
        raise CannotFinalise(missing)
    plan.finalised_at = timezone.now()
    plan.finalised_by_name = name_of(user)
    plan.finalised_version = plan.version
    plan.save()
    _advance_to_at_least(plan, Stage.FOLLOW_UP, user)
    _audit(actor, plan, AuditAction.CHANGE, detail=f"fastställd version {plan.version}")
    return plan


# --- Meetings and invitations ------------------------------------------------------------------


def participating_units(plan: CoordinatedPlan) -> list[CareUnit]:
    units = {
        plan.coordinator_unit_id: plan.coordinator_unit,
        plan.initiating_unit_id: plan.initiating_unit,
    }
    for invitation in plan.invitations.filter(unit__isnull=False).select_related(
        "unit__care_provider"
    ):
        units[invitation.unit_id] = invitation.unit
    return list(units.values())


def _source(plan: CoordinatedPlan) -> Source:
    return Source(
        "plans.coordinatedplan",
        plan.pk,
        "plans:detail",
        {"person_id": plan.person_id, "plan_id": plan.pk},
    )


def new_video_link() -> tuple[str, str]:
    provider = config.video_provider()
    return provider["url"].format(room=secrets.token_urlsafe(16)), provider["name"]


@transaction.atomic
def schedule_meeting(
    *,
    actor: Actor,
    user,
    plan: CoordinatedPlan,
    key: str,
    mode: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    place: str = "",
    participants: str = "",
) -> PlanMeeting:
    plan = _lock(plan)
    existing = PlanMeeting.objects.filter(key=key).first()
    if existing is not None:
        return existing
    if plan.is_closed:
        raise PlanError("Planen är avslutad.")
    ends_at = ends_at or starts_at + timedelta(minutes=config.meeting_minutes())
    if ends_at <= starts_at:
        raise PlanError("Mötet måste sluta efter att det börjar.")
    link = provider = ""
    if mode == MeetingMode.VIDEO:
        link, provider = new_video_link()
    elif not place.strip():
        raise PlanError("Skriv var mötet hålls.")
    meeting = PlanMeeting.objects.create(
        key=key,
        plan=plan,
        mode=mode,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        video_link=link,
        video_provider=provider,
        participants=participants.strip(),
        created_by_name=name_of(user),
    )
    _advance_to_at_least(plan, Stage.INVITE, user)
    _audit(actor, plan, AuditAction.CREATE, object_type="sip_meeting", object_id=meeting.pk)
    return meeting


@transaction.atomic
def record_minutes(*, actor: Actor, user, meeting: PlanMeeting, minutes: str, participants: str):
    plan = _lock(meeting.plan)
    meeting = PlanMeeting.objects.get(pk=meeting.pk)
    ensure_open(plan)
    if not minutes.strip():
        raise PlanError("Skriv minnesanteckningarna.")
    meeting.minutes = minutes.strip()
    meeting.participants = participants.strip() or meeting.participants
    meeting.held_at = meeting.held_at or timezone.now()
    meeting.save()
    _advance_to_at_least(plan, Stage.MEETING, user)
    _audit(actor, plan, AuditAction.CHANGE, object_type="sip_meeting", object_id=meeting.pk)
    return meeting


def _when(meeting: PlanMeeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    return f"{start:%Y-%m-%d} kl. {start:%H.%M}"


def invitation_body(plan: CoordinatedPlan, meeting: PlanMeeting | None) -> str:
    lines = [
        "Er enhet bjuds in att delta i arbetet med en samordnad individuell plan (SIP).",
        f"Samordnare: {plan.coordinator_name}, {plan.coordinator_unit.name}.",
    ]
    if meeting is not None:
        lines.append(f"Möte {_when(meeting)} ({meeting.get_mode_display().lower()}).")
        if meeting.mode == MeetingMode.VIDEO:
            lines.append(f"Videolänk: {meeting.video_link}")
            lines += config.video_provider()["rules"]
        else:
            lines.append(f"Plats: {meeting.place}")
        lines.append("Kalenderfil (.ics) för mötet finns som bilaga.")
    return "\n".join(lines)


@transaction.atomic
def invite_unit(
    *,
    actor: Actor,
    user,
    plan: CoordinatedPlan,
    unit: CareUnit,
    key: str,
    meeting: PlanMeeting | None = None,
) -> Invitation:
    """An invitation to a principal's unit, through its inbox. The person must have consented
    to sharing with the unit's organisation; the unit becomes a SIP participant (care
    relationship). A unit that no longer exists is refused by messaging (UnitClosed)."""
    plan = _lock(plan)
    existing = Invitation.objects.filter(key=key).first()
    if existing is not None:
        return existing
    if plan.is_closed:
        raise PlanError("Planen är avslutad.")
    if not may_share_with(plan, unit.care_provider_id):
        raise NoConsent(
            f"Personen har inte samtyckt till att uppgifter delas med {unit.care_provider.name}. "
            "Registrera samtycket först."
        )
    invitation = Invitation.objects.create(
        key=key, plan=plan, meeting=meeting, unit=unit, created_by_name=name_of(user)
    )
    subject = "Inbjudan till SIP"
    if meeting is not None:
        subject = f"Kallelse till SIP-möte {_when(meeting)}"
    item = send_item(  # raises UnitClosed with suggestions: the whole invitation rolls back
        to_unit=unit,
        kind="invitation",
        subject=subject,
        body=invitation_body(plan, meeting),
        person=plan.person,
        sender=user,
        idempotency_key=f"plans.invitation:{invitation.pk}:{unit.pk}",
        purpose=Purpose.SIP,
        actor=actor,
        source=_source(plan),
        attachments=[
            Attachment(ics.filename_for(meeting), "text/calendar", ics.plan_meeting_ics(meeting))
        ]
        if meeting is not None
        else [],
    )
    invitation.inbox_item = item
    invitation.save(update_fields=["inbox_item"])
    open_relationship(
        person=plan.person,
        unit=unit,
        kind="sip",
        source_type="plans.invitation",
        source_id=invitation.pk,
    )
    _advance_to_at_least(plan, Stage.INVITE, user)
    _audit(actor, plan, AuditAction.CREATE, object_type="sip_invitation", object_id=invitation.pk)
    return invitation


@transaction.atomic
def invite_external(
    *,
    actor: Actor,
    user,
    plan: CoordinatedPlan,
    key: str,
    kind: str,
    name: str,
    organisation: str,
    contact: str,
    meeting: PlanMeeting | None = None,
) -> Invitation:
    """An external participant (school/elevhälsa where the county agreement allows it,
    Försäkringskassan, Arbetsförmedlingen …): contact details only, no login."""
    plan = _lock(plan)
    existing = Invitation.objects.filter(key=key).first()
    if existing is not None:
        return existing
    if plan.is_closed:
        raise PlanError("Planen är avslutad.")
    if kind == ExternalKind.SCHOOL and not config.school_may_take_part():
        raise PlanError("Länets överenskommelse tillåter inte att skolan deltar i SIP.")
    if not consented_recipients(plan):
        raise NoConsent(
            "Personen har inte samtyckt till att uppgifter delas. Registrera samtycket först."
        )
    if not name.strip() or not contact.strip():
        raise PlanError("Skriv namn och kontaktuppgifter.")
    invitation = Invitation.objects.create(
        key=key,
        plan=plan,
        meeting=meeting,
        external_kind=kind,
        external_name=name.strip(),
        external_organisation=organisation.strip() or ExternalKind(kind).label,
        external_contact=contact.strip(),
        created_by_name=name_of(user),
    )
    _advance_to_at_least(plan, Stage.INVITE, user)
    _audit(
        actor,
        plan,
        AuditAction.DISCLOSURE,
        object_type="sip_invitation",
        object_id=invitation.pk,
        detail=f"extern deltagare: {invitation.external_organisation}",
    )
    return invitation
