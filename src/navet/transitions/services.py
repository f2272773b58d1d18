"""The events of an inpatient stay, as plain functions for views, imports and timers.

Each call is one transaction that locks the stay, checks that the event fits the events so far
(raising OutOfOrder with the reason in Swedish), appends a `StayEvent`, updates the stay's current
state, sends the notices the law asks for and writes its audit row. `key` makes a call idempotent:
the same key (a double submission) records nothing new and returns the stay.

    stay = services.admit(actor=a, user=u, person=p, ward=w, at=t, admission_type="acute",
                          care_type="somatic", needs_follow_on=True, estimate=d, key="…")
    services.assess(actor=a, user=u, stay=stay, at=t, estimate=d, key="…")
    services.set_estimate(actor=a, user=u, stay=stay, estimate=d, key="…")
    services.transfer(actor=a, user=u, stay=stay, to_ward=w2, at=t, key="…")
    services.mark_ready(actor=a, user=doctor, stay=stay, key="…")   # doctor on the ward only
    services.revoke_ready(actor=a, user=doctor, stay=stay, reason="…", key="…")
    services.discharge(actor=a, user=u, stay=stay, at=t, destination="home", key="…")
    services.correct(actor=a, user=u, event=e, at=t, reason="…", key="…")
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from navet.access.audit import Actor, record
from navet.access.models import AuditAction, RelationshipKind
from navet.access.purposes import Purpose
from navet.access.relationships import close_relationship, open_relationship
from navet.access.subjects import subject_for
from navet.organisation.models import CareUnit, UnitKind
from navet.organisation.roles import Role
from navet.residents.selectors import municipality_on
from navet.transitions import config, discharge_notice, notices, readmission
from navet.transitions.errors import NotAllowed, OutOfOrder, TransitionError
from navet.transitions.models import (
    TIMED_EVENTS,
    Destination,
    EventKind,
    InpatientStay,
    NoticeKind,
    StayEvent,
)
from navet.web.locking import lock_row

# A clock a few minutes fast on a workstation must not refuse a time entered as "now".
FUTURE_TOLERANCE = timedelta(minutes=5)
MIN_REASON = 5
# Discharged without being ready: these destinations need no ready notice first.
WITHOUT_READY = frozenset({Destination.DECEASED, Destination.OTHER_HOSPITAL})


def _name(user) -> str:
    if user is None:
        return "Import"
    return (user.get_full_name() or user.get_username())[:200]


def _fmt(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _not_future(at: datetime, now: datetime, what: str) -> None:
    if at > now + FUTURE_TOLERANCE:
        raise OutOfOrder(f"{what} ({_fmt(at)}) ligger i framtiden.")


def _ensure_ward_staff(user, stay: InpatientStay, *, doctor: bool = False) -> None:
    if user is None:  # an import from the hospital's record system
        return
    subject = subject_for(user, on=timezone.localdate())
    if doctor and subject.role != Role.WARD_DOCTOR:
        raise NotAllowed("Bara behandlande läkare på avdelningen kan ändra utskrivningsklar.")
    if subject.role not in (Role.WARD_DOCTOR, Role.WARD_NURSE):
        raise NotAllowed("Bara avdelningens läkare och sjuksköterskor registrerar vårdtillfällen.")
    if stay.ward_id not in subject.unit_ids:
        raise NotAllowed(f"Du arbetar inte på {stay.ward.name}, som vårdar patienten nu.")


def _lock(stay: InpatientStay) -> InpatientStay:
    """The stay's row only (not the joined person and ward: every stay of a ward would wait)."""
    return lock_row(InpatientStay.objects.select_related("person", "ward"), pk=stay.pk)


def _done(key: str) -> bool:
    return StayEvent.objects.filter(key=key).exists()


def _event(stay: InpatientStay, kind: str, *, at, user, key: str, now, **fields) -> StayEvent:
    return StayEvent.objects.create(
        stay=stay,
        kind=kind,
        at=at,
        recorded_at=now,
        recorded_by=user,
        recorded_by_name=_name(user),
        key=key,
        **fields,
    )


def _audit(actor: Actor, stay: InpatientStay, detail: str, action=AuditAction.CHANGE) -> None:
    record(
        actor,
        action=action,
        person_id=stay.person_id,
        object_type="stay",
        object_id=stay.pk,
        purpose=Purpose.DISCHARGE_PLANNING,
        detail=detail,
    )


def last_transfer_at(stay: InpatientStay) -> datetime | None:
    transfers = stay.events.filter(kind=EventKind.TRANSFERRED).prefetch_related("corrections")
    return max((e.effective_at() for e in transfers), default=None)


def check_order(
    *,
    admitted: datetime,
    assessed: datetime | None = None,
    transferred: datetime | None = None,
    ready: datetime | None = None,
    discharged: datetime | None = None,
) -> None:
    """Refuse a timeline whose events are out of order, saying which two."""
    pairs = [
        (assessed, "Bedömningen av behov", admitted, "inskrivningen"),
        (transferred, "Överflyttningen", admitted, "inskrivningen"),
        (ready, "Utskrivningsklar", admitted, "inskrivningen"),
        (discharged, "Utskrivningen", admitted, "inskrivningen"),
        (discharged, "Utskrivningen", transferred, "den senaste överflyttningen"),
        (discharged, "Utskrivningen", ready, "utskrivningsklar"),
    ]
    for later, later_name, earlier, earlier_name in pairs:
        if later is not None and earlier is not None and later < earlier:
            raise OutOfOrder(
                f"{later_name} ({_fmt(later)}) kan inte ligga före {earlier_name} "
                f"({_fmt(earlier)})."
            )


def _ensure_open(stay: InpatientStay) -> None:
    if stay.discharged_at is not None:
        raise OutOfOrder(f"Patienten skrevs ut {_fmt(stay.discharged_at)}.")


@transaction.atomic
def admit(
    *,
    actor: Actor,
    user,
    person,
    ward: CareUnit,
    at: datetime,
    admission_type: str,
    care_type: str,
    key: str,
    reason: str = "",
    consent: str = "not_asked",
    needs_follow_on: bool = False,
    estimate: date | None = None,
    activity_episode=None,
    now: datetime | None = None,
) -> tuple[InpatientStay, notices.Sent]:
    """Admit `person` to `ward` at `at`; with `needs_follow_on` the treating doctor's assessment
    is made at admission and the admission notices go out now."""
    existing = InpatientStay.objects.filter(key=key).first()
    if existing is not None:
        return existing, notices.Sent()
    now = now or timezone.now()
    if ward.kind != UnitKind.INPATIENT_WARD:
        raise TransitionError(f"{ward.name} är ingen vårdavdelning.")
    _not_future(at, now, "Inskrivningstiden")
    if person.death_date is not None and person.death_date < timezone.localdate(at):
        raise OutOfOrder(f"Personen avled {person.death_date:%Y-%m-%d}, före inskrivningen.")
    if estimate is not None and estimate < timezone.localdate(at):
        raise OutOfOrder("Beräknat utskrivningsdatum kan inte ligga före inskrivningen.")
    stay = InpatientStay(
        person=person,
        ward=ward,
        admitted_at=at,
        admission_type=admission_type,
        care_type=care_type,
        admission_reason=" ".join(reason.split())[:300],
        consent=consent,
        municipality=municipality_on(person, timezone.localdate(at)),
        needs_assessed_at=at if needs_follow_on else None,
        estimated_discharge=estimate,
        activity_episode=activity_episode,
        key=key,
        created_at=now,
    )
    _ensure_ward_staff(user, stay)
    open_stay = InpatientStay.objects.filter(person=person, discharged_at__isnull=True).first()
    if open_stay is not None:
        raise OutOfOrder(
            f"Personen är redan inskriven på {open_stay.ward.name} sedan "
            f"{_fmt(open_stay.admitted_at)}. Registrera en överflyttning i stället."
        )
    try:
        with transaction.atomic():
            stay.save(force_insert=True)
    except IntegrityError:  # the same key committed concurrently (a double submission)
        return InpatientStay.objects.get(key=key), notices.Sent()
    _event(stay, EventKind.ADMITTED, at=at, user=user, key=f"{key}:admitted", now=now)
    if needs_follow_on:
        _event(stay, EventKind.ASSESSED, at=at, user=user, key=f"{key}:assessed", now=now)
    open_relationship(
        person=person,
        unit=ward,
        kind=RelationshipKind.ADMISSION,
        source_type=notices.SOURCE_TYPE,
        source_id=stay.pk,
        starts_at=at,
        reason=f"Inskriven på {ward.name}",
    )
    _audit(actor, stay, f"inskriven på {ward.name}", action=AuditAction.CREATE)
    readmission.flag_readmission(stay)
    sent = notices.Sent()
    if needs_follow_on:
        sent = notices.send_admission_notices(stay, actor=actor, user=user, now=now)
    return stay, sent


@transaction.atomic
def assess(
    *,
    actor: Actor,
    user,
    stay: InpatientStay,
    at: datetime,
    key: str,
    estimate: date | None = None,
    now=None,
) -> notices.Sent:
    """The treating doctor judges, later in the stay, that follow-on care may be needed: the
    admission notices are due within 24 h of this assessment."""
    stay = _lock(stay)
    if _done(key):
        return notices.Sent()
    now = now or timezone.now()
    _ensure_ward_staff(user, stay)
    _ensure_open(stay)
    if stay.needs_assessed_at is not None:
        raise OutOfOrder(f"Behovet bedömdes redan {_fmt(stay.needs_assessed_at)}.")
    _not_future(at, now, "Bedömningen")
    check_order(admitted=stay.admitted_at, assessed=at)
    stay.needs_assessed_at = at
    fields = ["needs_assessed_at"]
    if estimate is not None:
        _check_estimate(stay, estimate)
        stay.estimated_discharge = estimate
        fields.append("estimated_discharge")
    stay.save(update_fields=fields)
    _event(stay, EventKind.ASSESSED, at=at, user=user, key=key, now=now, estimate=estimate)
    _audit(actor, stay, "bedömt behov av insatser efter utskrivning")
    return notices.send_admission_notices(stay, actor=actor, user=user, now=now)


def _check_estimate(stay: InpatientStay, estimate: date) -> None:
    if estimate < timezone.localdate(stay.admitted_at):
        raise OutOfOrder("Beräknat utskrivningsdatum kan inte ligga före inskrivningen.")


@transaction.atomic
def set_estimate(
    *, actor: Actor, user, stay: InpatientStay, estimate: date, key: str, now=None
) -> notices.Sent:
    """A new estimated discharge date; the admission notice is re-sent to every unit that got it
    when the date moves by more than the threshold (config.resend_threshold_days)."""
    stay = _lock(stay)
    if _done(key):
        return notices.Sent()
    now = now or timezone.now()
    _ensure_ward_staff(user, stay)
    _ensure_open(stay)
    _check_estimate(stay, estimate)
    previous = stay.estimated_discharge
    stay.estimated_discharge = estimate
    stay.save(update_fields=["estimated_discharge"])
    _event(stay, EventKind.ESTIMATE, at=now, user=user, key=key, now=now, estimate=estimate)
    _audit(actor, stay, f"beräknat utskrivningsdatum {estimate:%Y-%m-%d}")
    if previous is None or abs((estimate - previous).days) > config.resend_threshold_days():
        return notices.send_to_notified(stay, NoticeKind.ADMISSION, actor=actor, user=user, now=now)
    return notices.Sent()


@transaction.atomic
def transfer(
    *, actor: Actor, user, stay: InpatientStay, to_ward: CareUnit, at: datetime, key: str, now=None
) -> InpatientStay:
    """Move the patient to another ward: the new ward treats from `at` and gets a care
    relationship; the notices keep their receivers."""
    stay = _lock(stay)
    if _done(key):
        return stay
    now = now or timezone.now()
    _ensure_ward_staff(user, stay)
    _ensure_open(stay)
    if to_ward.kind != UnitKind.INPATIENT_WARD:
        raise TransitionError(f"{to_ward.name} är ingen vårdavdelning.")
    if to_ward.pk == stay.ward_id:
        raise TransitionError("Välj en annan avdelning än den som vårdar patienten nu.")
    _not_future(at, now, "Överflyttningen")
    previous = last_transfer_at(stay)
    check_order(admitted=stay.admitted_at, transferred=at)
    if previous is not None and at < previous:
        raise OutOfOrder(
            f"Överflyttningen ({_fmt(at)}) kan inte ligga före den förra ({_fmt(previous)})."
        )
    from_ward = stay.ward
    stay.ward = to_ward
    stay.save(update_fields=["ward"])
    _event(stay, EventKind.TRANSFERRED, at=at, user=user, key=key, now=now, unit=to_ward)
    open_relationship(
        person=stay.person,
        unit=to_ward,
        kind=RelationshipKind.ADMISSION,
        source_type=notices.SOURCE_TYPE,
        source_id=stay.pk,
        starts_at=at,
        reason=f"Överflyttad från {from_ward.name}",
    )
    _audit(actor, stay, f"överflyttad från {from_ward.name} till {to_ward.name}")
    return stay


@transaction.atomic
def mark_ready(
    *, actor: Actor, user, stay: InpatientStay, key: str, now=None, at=None
) -> notices.Sent:
    """The treating doctor judges the patient ready for discharge (utskrivningsklar). The time is
    the moment of registration, to the second: payment liability is measured from it. Only an
    import (`user` None) gives its own `at`: the record system's time of the decision; the
    notices still go now, and liability runs from their sending."""
    stay = _lock(stay)
    if _done(key):
        return notices.Sent()
    now = now or timezone.now()
    _ensure_ward_staff(user, stay, doctor=True)
    _ensure_open(stay)
    if at is None or user is not None:
        at = now
    if stay.ready_at is not None:
        raise OutOfOrder(f"Patienten är redan utskrivningsklar sedan {_fmt(stay.ready_at)}.")
    _not_future(at, now, "Utskrivningsklar")
    check_order(admitted=stay.admitted_at, ready=at)
    stay.ready_at = at
    stay.save(update_fields=["ready_at"])
    _event(stay, EventKind.READY, at=at, user=user, key=key, now=now)
    _audit(actor, stay, "utskrivningsklar")
    return notices.send_to_notified(stay, NoticeKind.READY, actor=actor, user=user, now=now)


@transaction.atomic
def revoke_ready(
    *, actor: Actor, user, stay: InpatientStay, reason: str, key: str, now=None
) -> notices.Sent:
    """The patient is no longer ready (their condition changed); the receivers are told at
    once, and a later ready notice is a new one."""
    stay = _lock(stay)
    if _done(key):
        return notices.Sent()
    now = now or timezone.now()
    _ensure_ward_staff(user, stay, doctor=True)
    _ensure_open(stay)
    if stay.ready_at is None:
        raise OutOfOrder("Patienten är inte utskrivningsklar.")
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_REASON:
        raise TransitionError("Skriv varför patienten inte längre är utskrivningsklar.")
    stay.ready_at = None
    stay.save(update_fields=["ready_at"])
    _event(stay, EventKind.NOT_READY, at=now, user=user, key=key, now=now, reason=reason[:500])
    _audit(actor, stay, "inte längre utskrivningsklar")
    return notices.send_to_notified(stay, NoticeKind.NOT_READY, actor=actor, user=user, now=now)


def _end_relationships(stay: InpatientStay, discharged_at: datetime) -> None:
    """The ward's and the receivers' relationships end the grace period after discharge."""
    close_relationship(
        kind=RelationshipKind.ADMISSION,
        source_type=notices.SOURCE_TYPE,
        source_id=stay.pk,
        ended_at=discharged_at,
    )


def _not_before_same_minute(at: datetime, ready_at: datetime | None) -> datetime:
    """The discharge form takes the time to the minute, the ready mark is stored to the second:
    a discharge entered in the minute the patient was marked ready is taken as at the ready mark,
    not refused as before it."""
    same_minute = ready_at is not None and at.replace(second=0, microsecond=0) == ready_at.replace(
        second=0, microsecond=0
    )
    return ready_at if same_minute and at < ready_at else at


@transaction.atomic
def discharge(
    *,
    actor: Actor,
    user,
    stay: InpatientStay,
    at: datetime,
    destination: str,
    key: str,
    now=None,
    follow_up: bool = True,
) -> InpatientStay:
    """Discharge the patient. A patient assessed as needing follow-on care leaves only when ready
    for discharge (or deceased, or to another hospital). `follow_up=False` (an import of a stay
    long over) creates no follow-up call."""
    stay = _lock(stay)
    if _done(key):
        return stay
    now = now or timezone.now()
    _ensure_ward_staff(user, stay)
    _ensure_open(stay)
    _not_future(at, now, "Utskrivningen")
    if destination not in Destination.values:
        raise TransitionError("Välj vart patienten skrivs ut.")
    needs_ready = stay.needs_assessed_at is not None and destination not in WITHOUT_READY
    if needs_ready and stay.ready_at is None:
        raise OutOfOrder(
            "Patienten är inte utskrivningsklar. Behandlande läkare markerar utskrivningsklar "
            "innan patienten skrivs ut till kommunens eller primärvårdens insatser."
        )
    at = _not_before_same_minute(at, stay.ready_at)
    check_order(
        admitted=stay.admitted_at,
        transferred=last_transfer_at(stay),
        ready=stay.ready_at,
        discharged=at,
    )
    stay.discharged_at, stay.destination = at, destination
    stay.save(update_fields=["discharged_at", "destination"])
    _event(stay, EventKind.DISCHARGED, at=at, user=user, key=key, now=now, destination=destination)
    _end_relationships(stay, at)
    _audit(actor, stay, f"utskriven till {Destination(destination).label.lower()}")
    discharge_notice.send_on_discharge(actor=actor, user=user, stay=stay, now=now)
    if follow_up:
        readmission.create_follow_up(actor=actor, stay=stay, now=now)
    return stay


# For each kind of event a correction may touch: its name in `check_order` and the stay field
# that holds its current time (none for a transfer: the stay keeps only the ward).
_TIMELINE = {
    EventKind.ADMITTED: ("admitted", "admitted_at"),
    EventKind.ASSESSED: ("assessed", "needs_assessed_at"),
    EventKind.TRANSFERRED: ("transferred", None),
    EventKind.READY: ("ready", "ready_at"),
    EventKind.DISCHARGED: ("discharged", "discharged_at"),
}


@transaction.atomic
def correct(
    *, actor: Actor, user, event: StayEvent, at: datetime, reason: str, key: str, now=None
) -> StayEvent:
    """Put right the time of an earlier event with an audited correction event; the event itself
    is never changed. The corrected timeline must still be in order."""
    stay = _lock(event.stay)
    existing = StayEvent.objects.filter(key=key).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    _ensure_ward_staff(user, stay)
    if event.kind not in TIMED_EVENTS:
        raise TransitionError("Bara tidpunkter för händelser kan rättas.")
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_REASON:
        raise TransitionError("Skriv varför tidpunkten rättas.")
    _not_future(at, now, "Den rättade tidpunkten")
    old = event.effective_at()
    times = {
        "admitted": stay.admitted_at,
        "assessed": stay.needs_assessed_at,
        "transferred": last_transfer_at(stay),
        "ready": stay.ready_at,
        "discharged": stay.discharged_at,
    }
    name, field = _TIMELINE.get(event.kind, (None, None))
    if event.kind == EventKind.READY and stay.ready_at != old:
        name = field = None  # a revoked ready status is history: nothing current moves
    if name is not None:
        times[name] = at
    check_order(**times)
    correction = _event(
        stay,
        EventKind.CORRECTED,
        at=at,
        user=user,
        key=key,
        now=now,
        corrects=event,
        reason=f"{reason[:400]} (var {_fmt(old)})",
    )
    if field is not None and getattr(stay, field) == old:
        setattr(stay, field, at)
        stay.save(update_fields=[field])
    if event.kind == EventKind.DISCHARGED:  # the relationships end from the right time
        _end_relationships(stay, at)
    _audit(actor, stay, f"rättad tidpunkt för {event.get_kind_display().lower()}: {reason}")
    return correction
