"""Inpatient episodes imported from the hospital's record system become stays (issue 7 part 1).

`./navet import-activity` calls `follow_episodes` (registered as an activity episode hook) with
the source_ids of the file's episodes, after the rows are stored. Each episode goes through the
same services as the ward's own registration, recorded by "Import", each in its own transaction:
an event the process refuses (out of order, discharge before ready…) is reported for its row and
the rest of the stay, and of the import, is kept.

- **Admission**: the first ward episode admits (`services.admit`, key `import:<source_id>`). An
  episode that starts where the person's previous one ended with `other_ward` is a transfer of
  that stay. The file carries no need assessment, so an episode still open when first imported
  is taken as assessed at admission and the admission notices go out (due 24 h after admission,
  sent now); an episode already discharged when first imported is history: a stay without
  notices or a follow-up call (nothing is left to plan) [Navet's choice; see transitions.md §1a].
- **Ready** (`ready_time`): `services.mark_ready` at the file's time; the ready notices go now.
- **Discharge** (`discharge_time`, `discharge_destination` other than `other_ward`).
- **Re-import**: every event has a key from the source_id, so the same episode changes nothing.
  A time that changed in the file (imported with `--update`) is an explicit correction
  (`services.correct`), never an edit in place.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from navet.access.audit import system_actor
from navet.activity.models import DischargeDestination, InpatientEpisode
from navet.transitions import services
from navet.transitions.errors import TransitionError
from navet.transitions.models import Destination, InpatientStay, StayEvent

ACTOR_NAME = "import-activity"
# A transfer: the next episode starts at most this long after the previous one ended.
TRANSFER_GAP = timedelta(hours=24)
CORRECTION_REASON = "Rättad tid i importen från journalsystemet"


def follow_episodes(source_ids: list[str], now: datetime) -> list[tuple[str, str]]:
    """The activity hook: follow every episode, oldest first per person; the refused ones."""
    episodes = (
        InpatientEpisode.objects.filter(source_id__in=source_ids)
        .select_related("person", "unit")
        .order_by("person_id", "admission_time", "pk")
    )
    actor, refused = system_actor(ACTOR_NAME), []
    for episode in episodes:
        try:
            with transaction.atomic():
                follow(episode, actor=actor, now=now)
        except TransitionError as error:
            refused.append((episode.source_id, f"utskrivningsprocessen: {error.message}"))
    return refused


def _key(episode: InpatientEpisode, what: str = "") -> str:
    return f"import:{episode.source_id}" + (f":{what}" if what else "")


def _stay_of(episode: InpatientEpisode) -> InpatientStay | None:
    stay = InpatientStay.objects.filter(key=_key(episode)).first()
    if stay is None:
        event = StayEvent.objects.filter(key=_key(episode, "transferred")).first()
        stay = event.stay if event else None
    return stay


def _transferred_from(episode: InpatientEpisode) -> InpatientStay | None:
    """The open stay this episode continues: the person's episode that ended, moving to another
    ward, shortly before this one started."""
    previous = (
        InpatientEpisode.objects.filter(
            person_id=episode.person_id,
            discharge_destination=DischargeDestination.OTHER_WARD,
            discharge_time__lte=episode.admission_time,
            discharge_time__gte=episode.admission_time - TRANSFER_GAP,
        )
        .exclude(pk=episode.pk)
        .order_by("-discharge_time")
        .first()
    )
    stay = _stay_of(previous) if previous else None
    return stay if stay is not None and stay.is_open else None


def _still_in_hospital(episode: InpatientEpisode) -> bool:
    return (
        episode.discharge_time is None
        or episode.discharge_destination == DischargeDestination.OTHER_WARD
    )


def follow(episode: InpatientEpisode, *, actor, now: datetime) -> InpatientStay:
    stay = _stay_of(episode)
    if stay is None:
        stay = _transferred_from(episode)
        if stay is not None:
            stay = services.transfer(
                actor=actor,
                user=None,
                stay=stay,
                to_ward=episode.unit,
                at=episode.admission_time,
                key=_key(episode, "transferred"),
                now=now,
            )
        else:
            stay, _ = services.admit(
                actor=actor,
                user=None,
                person=episode.person,
                ward=episode.unit,
                at=episode.admission_time,
                admission_type=episode.admission_type,
                care_type=episode.care_type,
                key=_key(episode),
                needs_follow_on=_still_in_hospital(episode),
                activity_episode=episode,
                now=now,
            )
    else:
        _correct(stay, _key(episode, "admitted"), episode.admission_time, actor, now)
        _correct(stay, _key(episode, "transferred"), episode.admission_time, actor, now)
    stay.refresh_from_db()
    _ready(stay, episode, actor, now)
    _discharge(stay, episode, actor, now)
    return stay


def _ready(stay: InpatientStay, episode: InpatientEpisode, actor, now) -> None:
    if episode.ready_time is None:
        return
    key = _key(episode, "ready")
    if StayEvent.objects.filter(key=key).exists():
        _correct(stay, key, episode.ready_time, actor, now)
        return
    if stay.is_open:
        services.mark_ready(
            actor=actor, user=None, stay=stay, key=key, now=now, at=episode.ready_time
        )
        stay.refresh_from_db()


def _discharge(stay: InpatientStay, episode: InpatientEpisode, actor, now) -> None:
    destination = episode.discharge_destination
    if episode.discharge_time is None or destination == DischargeDestination.OTHER_WARD:
        return
    key = _key(episode, "discharged")
    if StayEvent.objects.filter(key=key).exists():
        _correct(stay, key, episode.discharge_time, actor, now)
        return
    services.discharge(
        actor=actor,
        user=None,
        stay=stay,
        at=episode.discharge_time,
        destination=destination if destination in Destination.values else Destination.OTHER,
        key=key,
        now=now,
        # A stay first imported after its discharge gets no follow-up call (history).
        follow_up=stay.needs_assessed_at is not None,
    )


def _correct(stay: InpatientStay, key: str, at: datetime, actor, now) -> None:
    """The file's time differs from the recorded one: an explicit correction, once per time."""
    event = StayEvent.objects.filter(key=key, stay=stay).first()
    if event is None or event.effective_at() == at:
        return
    services.correct(
        actor=actor,
        user=None,
        event=event,
        at=at,
        reason=CORRECTION_REASON,
        key=f"{key}:corrected:{at.isoformat()}",
        now=now,
    )
