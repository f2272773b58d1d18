"""Days caused by the region's own gaps (docs/transitions.md §14, payment part 9).

The municipality claims an interval of days on which the patient, ready for discharge, stayed
because of a gap on the region's side (the health centre's part not ready, the named care contact
missing…), with the reason; the region — the treating ward or the health centre that got the
notice — confirms or disputes it. Only confirmed intervals reach the payment basis
(`payment_source` → `StayTimeline.excluded`). Nothing is edited in place: a decision is made
once; a wrong confirmed interval is corrected by a new claim that replaces it, which supersedes
the old one when it is confirmed; a claim not yet confirmed is withdrawn. Every step is audited.

    gap = gaps.claim(actor=a, user=u, stay=s, first_day=d1, last_day=d2, reason="…", text="…",
                     key="…", replaces=None)
    gaps.decide(actor=a, user=u, gap=gap, confirm=True, note="", key="…")
    gaps.withdraw(actor=a, user=u, gap=gap, key="…")
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from navet.access.audit import Actor, record
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.transitions.errors import NotAllowed, OutOfOrder, TransitionError
from navet.transitions.models import EventKind, InpatientStay
from navet.transitions.models_gaps import GapReason, GapStatus, RegionGap
from navet.transitions.models_planning import Side
from navet.transitions.planning import sides_of

ACTIVE = (GapStatus.CLAIMED, GapStatus.CONFIRMED)
REGION_SIDES = (Side.WARD, Side.HEALTH_CENTRE)
MIN_TEXT = 5


def _name(user) -> str:
    return (user.get_full_name() or user.get_username())[:200]


def _audit(actor: Actor, gap: RegionGap, detail: str, action=AuditAction.CHANGE) -> None:
    record(
        actor,
        action=action,
        person_id=gap.stay.person_id,
        object_type="stay_gap",
        object_id=gap.pk,
        purpose=Purpose.DISCHARGE_PLANNING,
        detail=detail,
    )


def first_ready_day(stay: InpatientStay) -> date | None:
    readies = stay.events.filter(kind=EventKind.READY).prefetch_related("corrections")
    moments = [e.effective_at() for e in readies]
    return timezone.localdate(min(moments)) if moments else None


def _last_possible_day(stay: InpatientStay) -> date:
    if stay.discharged_at is not None:
        return timezone.localdate(stay.discharged_at)
    return timezone.localdate()


def _fmt(day: date) -> str:
    return f"{day:%Y-%m-%d}"


def _check_interval(stay: InpatientStay, first_day: date, last_day: date, replaces) -> None:
    if last_day < first_day:
        raise OutOfOrder("Sista dagen kan inte ligga före första dagen.")
    ready = first_ready_day(stay)
    if ready is None:
        raise OutOfOrder("Patienten har inte varit utskrivningsklar; inga dagar kan undantas.")
    if first_day < ready:
        raise OutOfOrder(
            f"Första dagen ({_fmt(first_day)}) ligger före utskrivningsklar ({_fmt(ready)})."
        )
    last = _last_possible_day(stay)
    if last_day > last:
        what = "utskrivningsdagen" if stay.discharged_at else "i dag"
        raise OutOfOrder(f"Sista dagen ({_fmt(last_day)}) ligger efter {what} ({_fmt(last)}).")
    overlapping = (
        stay.region_gaps.filter(status__in=ACTIVE, first_day__lte=last_day, last_day__gte=first_day)
        .exclude(pk=getattr(replaces, "pk", None))
        .first()
    )
    if overlapping is not None:
        raise OutOfOrder(
            f"Dagarna överlappar {_fmt(overlapping.first_day)}–{_fmt(overlapping.last_day)} "
            f"({overlapping.get_status_display().lower()}). Återkalla eller rätta den i stället."
        )


@transaction.atomic
def claim(
    *,
    actor: Actor,
    user,
    stay: InpatientStay,
    first_day: date,
    last_day: date,
    reason: str,
    text: str,
    key: str,
    replaces: RegionGap | None = None,
    now=None,
) -> RegionGap:
    existing = RegionGap.objects.filter(key=key).first()
    if existing is not None:
        return existing
    stay = InpatientStay.objects.select_for_update().get(pk=stay.pk)
    unit = sides_of(user, stay).get(Side.MUNICIPALITY)
    if unit is None:
        raise NotAllowed("Bara kommunen som fick inskrivningsmeddelandet begär undantagna dagar.")
    if reason not in GapReason.values:
        raise TransitionError("Välj vilken brist hos regionen det gällde.")
    text = " ".join((text or "").split())
    if len(text) < MIN_TEXT:
        raise TransitionError("Beskriv bristen (vad saknades, vem var kontaktad).")
    if replaces is not None:  # as stored now, not as the caller last saw it
        replaces = RegionGap.objects.select_for_update().get(pk=replaces.pk)
    if replaces is not None and (
        replaces.stay_id != stay.pk or replaces.status != GapStatus.CONFIRMED
    ):
        raise TransitionError("Bara bekräftade dagar i det här vårdtillfället kan rättas.")
    _check_interval(stay, first_day, last_day, replaces)
    gap = RegionGap(
        stay=stay,
        first_day=first_day,
        last_day=last_day,
        reason=reason,
        text=text[:500],
        replaces=replaces,
        claimed_unit=unit,
        claimed_at=now or timezone.now(),
        claimed_by=user,
        claimed_by_name=_name(user),
        key=key,
    )
    try:
        with transaction.atomic():
            gap.save(force_insert=True)
    except IntegrityError:  # the same key committed concurrently (a double submission)
        return RegionGap.objects.get(key=key)
    what = "rättelse av undantagna dagar" if replaces else "begärda undantagna dagar"
    _audit(
        actor,
        gap,
        f"{what} {_fmt(first_day)}–{_fmt(last_day)}: {gap.get_reason_display()}",
        action=AuditAction.CREATE,
    )
    return gap


def _region_unit(user, stay: InpatientStay):
    mine = sides_of(user, stay)
    unit = next((mine[side] for side in REGION_SIDES if side in mine), None)
    if unit is None:
        raise NotAllowed(
            "Bara regionen (avdelningen eller vårdcentralen) bekräftar eller bestrider."
        )
    return unit


def _already(gap: RegionGap) -> TransitionError:
    when = timezone.localtime(gap.decided_at or gap.claimed_at)
    who = gap.decided_by_name or gap.claimed_by_name
    return OutOfOrder(
        f"{gap.get_status_display()} redan ({who}, {when:%Y-%m-%d %H:%M}); inget ändrades."
    )


@transaction.atomic
def decide(
    *, actor: Actor, user, gap: RegionGap, confirm: bool, note: str = "", key: str = "", now=None
) -> RegionGap:
    """Confirm or dispute a claim, once: the second of two people deciding at the same time is
    told who decided."""
    gap = RegionGap.objects.select_for_update().select_related("stay").get(pk=gap.pk)
    unit = _region_unit(user, gap.stay)
    wanted = GapStatus.CONFIRMED if confirm else GapStatus.DISPUTED
    if gap.status != GapStatus.CLAIMED:
        if gap.status == wanted and gap.decided_by_name == _name(user):
            return gap  # the same decision submitted twice
        raise _already(gap)
    note = " ".join((note or "").split())
    if not confirm and len(note) < MIN_TEXT:
        raise TransitionError("Skriv varför regionen bestrider dagarna.")
    gap.status = wanted
    gap.decided_unit, gap.decided_at = unit, now or timezone.now()
    gap.decided_by_name, gap.decision_note = _name(user), note[:500]
    gap.save(
        update_fields=["status", "decided_unit", "decided_at", "decided_by_name", "decision_note"]
    )
    if confirm and gap.replaces_id is not None:
        RegionGap.objects.filter(pk=gap.replaces_id).update(status=GapStatus.SUPERSEDED)
    verb = "bekräftade" if confirm else "bestridda"
    _audit(actor, gap, f"{verb} undantagna dagar {_fmt(gap.first_day)}–{_fmt(gap.last_day)}")
    return gap


@transaction.atomic
def withdraw(*, actor: Actor, user, gap: RegionGap, key: str = "", now=None) -> RegionGap:
    """The municipality takes back a claim the region has not confirmed."""
    gap = RegionGap.objects.select_for_update().select_related("stay").get(pk=gap.pk)
    if sides_of(user, gap.stay).get(Side.MUNICIPALITY) is None:
        raise NotAllowed("Bara kommunen återkallar sin begäran.")
    if gap.status == GapStatus.WITHDRAWN:
        return gap
    if gap.status not in (GapStatus.CLAIMED, GapStatus.DISPUTED):
        raise OutOfOrder("Bekräftade dagar återkallas inte; begär en rättelse i stället.")
    gap.status = GapStatus.WITHDRAWN
    gap.save(update_fields=["status"])
    _audit(actor, gap, f"återkallade undantagna dagar {_fmt(gap.first_day)}–{_fmt(gap.last_day)}")
    return gap


def confirmed(stay: InpatientStay) -> list[RegionGap]:
    return [g for g in stay.region_gaps.all() if g.status == GapStatus.CONFIRMED]


def excluded_reason(gap: RegionGap) -> str:
    """The text the invoice basis shows for the days (no personal data)."""
    return f"{gap.get_reason_display()} (bekräftat av {gap.decided_unit.name})"
