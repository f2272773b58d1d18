"""Care episodes (vårdepisoder): inpatient episodes linked by transfers, as one stay.

An episode is linked to the one before it (same person, ordered by admission) when that one
ended with a transfer (discharge destination other_ward or other_hospital, by default) and this
admission began at most 24 hours after that discharge. A care episode takes its admission
(time, type, care type, main diagnosis) from its first episode and its discharge (time,
destination, ward) from its last; it is open while its last episode is.
"""

from __future__ import annotations

import ibis

from navet.followup.days import with_local_day
from navet.followup.registry import Parameter

PARAMETERS = (
    Parameter(
        "merge_transfers_gap_hours",
        24,
        "Vårdtillfällen slås ihop till en vårdepisod när nästa inskrivning sker inom så många "
        "timmar efter en utskrivning till annan avdelning eller annat sjukhus.",
    ),
    Parameter(
        "transfer_destinations",
        ("other_ward", "other_hospital"),
        "Utskrivningsmål som räknas som överflyttning.",
    ),
)


def care_episodes(inputs, params) -> ibis.Table:
    """person_key, care_no, adm_day, dis_day (null: still admitted), admission_type, care_type,
    main_diagnosis, destination, unit_id (the discharging ward); local-day numbers."""
    gap, transfers = params["merge_transfers_gap_hours"], tuple(params["transfer_destinations"])
    key = ("care_episodes", gap, transfers)
    return inputs.shared(key, lambda: _build(inputs, gap, transfers))


def _build(inputs, gap_hours: float, transfers: tuple[str, ...]) -> ibis.Table:
    e = inputs.table("episodes")
    order = [e.admission_time, e.episode_id]
    previous_end = e.discharge_time.lag().over(group_by=e.person_key, order_by=order)
    previous_destination = e.discharge_destination.lag().over(group_by=e.person_key, order_by=order)
    gap_seconds = e.admission_time.epoch_seconds() - previous_end.epoch_seconds()
    linked = previous_destination.isin(list(transfers)) & (gap_seconds <= gap_hours * 3600)
    e = e.mutate(starts=ibis.ifelse(linked.fill_null(False), 0, 1))
    e = e.mutate(
        care_no=e.starts.sum().over(
            ibis.cumulative_window(group_by=e.person_key, order_by=[e.admission_time, e.episode_id])
        )
    )
    following = e.care_no.lead().over(
        group_by=e.person_key, order_by=[e.admission_time, e.episode_id]
    )
    e = e.mutate(last=following.isnull() | (following != e.care_no), first=e.starts == 1)
    stays = e.group_by("person_key", "care_no").aggregate(
        admission_time=e.admission_time.min(),
        admission_type=e.admission_type.max(where=e.first),
        care_type=e.care_type.max(where=e.first),
        main_diagnosis=e.main_diagnosis.max(where=e.first),
        discharge_time=e.discharge_time.max(where=e.last),
        destination=e.discharge_destination.max(where=e.last),
        unit_id=e.unit_id.max(where=e.last),
    )
    stays = with_local_day(stays, "admission_time", "adm_day")
    stays = with_local_day(stays, "discharge_time", "dis_day")
    return stays.drop("admission_time", "discharge_time")
