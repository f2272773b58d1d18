"""Planning before discharge (issue 7 part 3), as plain functions for the views.

The three sides of a stay: the treating ward, the municipality's intake unit and the health
centre that got the admission notice. A user acts for the sides whose units they serve. Each
call is one transaction under the stay's row lock and writes its audit row (object
`stay_planning`, purpose discharge_planning); `key` makes it idempotent.

    planning.save_plan(actor=a, user=u, stay=s, side="municipality", version=3, data={…}, key=k)
    planning.mark_item(actor=a, user=u, stay=s, code="aids_in_place", key=k)
    planning.unmark_item(actor=a, user=u, stay=s, code="aids_in_place", key=k)
    planning.post_message(actor=a, user=u, stay=s, text="…", key=k)
    planning.reconcile(stay)  # the checklist with what each side still lacks
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from navet.access.audit import Actor, record
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.access.subjects import subject_for
from navet.messaging.kinds import register_kind
from navet.messaging.services import Source, send_item
from navet.organisation.models import CareUnit, UnitKind
from navet.transitions import checklist, contact
from navet.transitions.errors import NotAllowed, TransitionError
from navet.transitions.models import InpatientStay
from navet.transitions.models_planning import (
    ChecklistMark,
    HealthCentrePlan,
    MunicipalPlan,
    PlanningMessage,
    Side,
)
from navet.transitions.notices import SOURCE_TYPE, notified_units
from navet.web.locking import lock_row

MESSAGE_KIND = "discharge_planning_message"
register_kind(MESSAGE_KIND, "Meddelande i utskrivningsplaneringen", deadline_hours=None)

PLANS = {Side.MUNICIPALITY: MunicipalPlan, Side.HEALTH_CENTRE: HealthCentrePlan}
PLAN_FIELDS = {
    Side.MUNICIPALITY: [
        "home_care",
        "home_care_details",
        "home_health_care",
        "aids",
        "aids_details",
        "short_term_stay",
        "notes",
    ],
    Side.HEALTH_CENTRE: [
        "follow_up_visit",
        "follow_up_by",
        "medication_review",
        "home_visit",
        "notes",
    ],
}


class Conflict(TransitionError):
    """Someone else saved the plan after the user opened it; nothing was overwritten."""


def side_units(stay: InpatientStay) -> dict[str, list[CareUnit]]:
    """The units of each side: the ward that treats now, the notified units by kind."""
    sides = {Side.WARD: [stay.ward], Side.MUNICIPALITY: [], Side.HEALTH_CENTRE: []}
    for unit in notified_units(stay):
        side = Side.HEALTH_CENTRE if unit.kind == UnitKind.HEALTH_CENTRE else Side.MUNICIPALITY
        sides[side].append(unit)
    return sides


def sides_of(user, stay: InpatientStay) -> dict[str, CareUnit]:
    """The sides `user` acts for on this stay, each with the unit they act through."""
    if user is None or not user.is_authenticated:
        return {}
    served = subject_for(user, on=timezone.localdate()).unit_ids
    mine = {}
    for side, units in side_units(stay).items():
        unit = next((u for u in units if u.pk in served), None)
        if unit is not None:
            mine[side] = unit
    return mine


def _name(user) -> str:
    return (user.get_full_name() or user.get_username())[:200]


def _lock(stay: InpatientStay) -> InpatientStay:
    """The stay's row, locked for a planning change. Only the stay: a plain FOR UPDATE over the
    joins locked the person, the ward and its municipality as well, so every planning change in
    a municipality waited for every other one."""
    return lock_row(
        InpatientStay.objects.select_related("person", "ward__municipality"), pk=stay.pk
    )


def _unit_for(user, stay, side: str) -> CareUnit:
    unit = sides_of(user, stay).get(side)
    if unit is None:
        raise NotAllowed(f"Bara {Side(side).label.lower()} kan ändra det här.")
    return unit


def _open(stay: InpatientStay) -> None:
    if stay.discharged_at is not None:
        raise TransitionError("Patienten är utskriven; planeringen kan inte längre ändras.")


def _audit(actor: Actor, stay: InpatientStay, detail: str, action=AuditAction.CHANGE) -> None:
    record(
        actor,
        action=action,
        person_id=stay.person_id,
        object_type="stay_planning",
        object_id=stay.pk,
        purpose=Purpose.DISCHARGE_PLANNING,
        detail=detail,
    )


def plan_of(stay: InpatientStay, side: str):
    """The side's plan, or an unsaved empty one (version 0: nothing saved yet)."""
    model = PLANS[Side(side)]
    return model.objects.filter(stay=stay).first() or model(stay=stay, version=0)


@transaction.atomic
def save_plan(*, actor: Actor, user, stay: InpatientStay, side: str, version: int, data, key):
    """Save the side's plan if nobody saved since `version` (the version the user opened);
    else raise Conflict naming who saved, and write nothing."""
    stay = _lock(stay)
    _open(stay)
    unit = _unit_for(user, stay, side)
    plan = plan_of(stay, side)
    if plan.version != version:
        resubmitted = plan.version == version + 1 and plan.updated_by_id == user.pk
        if resubmitted and _same(plan, side, data):
            return plan  # the same form submitted twice
        raise Conflict(
            f"{plan.updated_by_name} sparade planeringen "
            f"{timezone.localtime(plan.updated_at):%Y-%m-%d %H:%M} medan du skrev. Dina ändringar "
            "är inte sparade: jämför med det som nu är sparat och spara igen."
        )
    for name in PLAN_FIELDS[Side(side)]:
        setattr(plan, name, data[name])
    plan.version = version + 1
    plan.updated_at, plan.updated_by, plan.updated_by_name = timezone.now(), user, _name(user)
    plan.save()
    _audit(actor, stay, f"planering sparad av {unit.name} (version {plan.version})")
    return plan


def _same(plan, side: str, data) -> bool:
    return all(getattr(plan, name) == data[name] for name in PLAN_FIELDS[Side(side)])


def _item(stay: InpatientStay, code: str) -> checklist.Item:
    item = next((i for i in checklist.items_of(stay) if i.code == code), None)
    if item is None:
        raise TransitionError("Punkten finns inte i checklistan.")
    if item.code == checklist.AUTOMATIC:
        raise TransitionError("Fast vårdkontakt bockas av när den utses i listningen.")
    return item


def _active(stay: InpatientStay, code: str) -> ChecklistMark | None:
    return ChecklistMark.objects.filter(stay=stay, code=code, undone_at__isnull=True).first()


@transaction.atomic
def mark_item(*, actor: Actor, user, stay: InpatientStay, code: str, key: str) -> ChecklistMark:
    """Mark one checklist item done; a user of the responsible side only. An item already done
    is refused with who did it (two people at once: one mark)."""
    stay = _lock(stay)
    replay = ChecklistMark.objects.filter(key=key).first()  # after the lock: committed meanwhile
    if replay is not None:
        return replay
    _open(stay)
    item = _item(stay, code)
    unit = _unit_for(user, stay, item.side)
    done = _active(stay, code)
    if done is not None:
        raise TransitionError(
            f"”{item.label}” bockades redan av {done.done_by_name} "
            f"{timezone.localtime(done.done_at):%Y-%m-%d %H:%M}."
        )
    try:
        with transaction.atomic():
            mark = ChecklistMark.objects.create(
                stay=stay,
                code=code,
                label=item.label,
                side=item.side,
                unit=unit,
                done_at=timezone.now(),
                done_by=user,
                done_by_name=_name(user),
                key=key,
            )
    except IntegrityError as error:  # only without the stay lock; kept as the last guard
        raise TransitionError(f"”{item.label}” är redan avbockad.") from error
    _audit(actor, stay, f"hemgångsklar: {item.label} klar")
    return mark


@transaction.atomic
def unmark_item(*, actor: Actor, user, stay: InpatientStay, code: str, key: str) -> None:
    stay = _lock(stay)
    _open(stay)
    item = _item(stay, code)
    _unit_for(user, stay, item.side)
    done = _active(stay, code)
    if done is None:
        return  # already undone (a double submission)
    done.undone_at, done.undone_by_name = timezone.now(), _name(user)
    done.save(update_fields=["undone_at", "undone_by_name"])
    _audit(actor, stay, f"hemgångsklar: {item.label} inte klar längre")


@dataclass
class Row:
    item: checklist.Item
    mark: ChecklistMark | None = None
    automatic_by: str = ""  # who is the named care contact, for the automatic item

    @property
    def done(self) -> bool:
        return self.mark is not None or bool(self.automatic_by)


@dataclass
class Reconciliation:
    rows: list[Row]
    missing: dict[str, list[Row]] = field(default_factory=dict)  # side label -> rows not done

    @property
    def ready_to_go_home(self) -> bool:
        return all(r.done for r in self.rows)


def reconcile(stay: InpatientStay, *, on=None) -> Reconciliation:
    marks = {m.code: m for m in stay.checklist_marks.filter(undone_at__isnull=True)}
    contacts = contact.named_care_contacts(stay, on=on or timezone.localdate())
    rows = []
    for item in checklist.items_of(stay):
        row = Row(item, marks.get(item.code))
        if item.code == checklist.AUTOMATIC and contacts:
            row.automatic_by = ", ".join(f"{c.staff.full_name}, {c.unit.name}" for c in contacts)
        rows.append(row)
    missing: dict[str, list[Row]] = {}
    for row in rows:
        if not row.done:
            missing.setdefault(row.item.side_label, []).append(row)
    return Reconciliation(rows, missing)


@transaction.atomic
def post_message(*, actor: Actor, user, stay: InpatientStay, text: str, key: str):
    """A message on the stay; it reaches the inboxes of the other sides' units. The inbox item's
    subject names no person (it may reach an e-mail)."""
    stay = _lock(stay)
    replay = PlanningMessage.objects.filter(key=key).first()  # after the lock: committed meanwhile
    if replay is not None:
        return replay
    text = (text or "").strip()
    if len(text) < 2:
        raise TransitionError("Skriv ett meddelande.")
    mine = sides_of(user, stay)
    if not mine:
        raise NotAllowed(
            "Bara avdelningen och de enheter som fått inskrivningsmeddelandet skriver här."
        )
    unit = next(iter(mine.values()))
    message = PlanningMessage.objects.create(
        stay=stay, unit=unit, author=user, author_name=_name(user), text=text[:4000], key=key
    )
    own = {u.pk for u in mine.values()}
    for side_list in side_units(stay).values():
        for receiver in side_list:
            if receiver.pk in own:
                continue
            send_item(
                to_unit=receiver,
                kind=MESSAGE_KIND,
                subject=f"Nytt meddelande i utskrivningsplaneringen från {unit.name}",
                body=text,
                person=stay.person,
                sender=user,
                sender_unit=unit,
                idempotency_key=f"transitions.planning_message:{message.pk}:{receiver.pk}",
                purpose=Purpose.DISCHARGE_PLANNING,
                source=Source(
                    SOURCE_TYPE,
                    stay.pk,
                    "transitions:planning",
                    {"person_id": stay.person_id, "stay_id": stay.pk},
                ),
                actor=actor,
            )
    _audit(actor, stay, f"meddelande i planeringen från {unit.name}", action=AuditAction.CREATE)
    return message
