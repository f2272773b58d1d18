"""Care episodes (vårdepisoder): inpatient episodes linked by transfers, as one stay.

An episode is linked to the one before it (same person, ordered by admission) when that one
ended with a transfer (discharge destination other_ward or other_hospital, by default) and this
admission began at most 24 hours after that discharge. A care episode takes its admission
(time, type, care type, main diagnosis) from its first episode and its discharge (time,
destination, ward) from its last; it is open while its last episode is.
"""

from __future__ import annotations

import ibis

from navet.followup.days import micros, with_local_day
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
    """pid and subject_key (the person, see Inputs.with_pid), care_no, adm_day, dis_day (null:
    still admitted), admission_type, care_type, main_diagnosis, destination, unit_id (the
    discharging ward); local-day numbers."""
    gap, transfers = params["merge_transfers_gap_hours"], tuple(params["transfer_destinations"])
    key = ("care_episodes", gap, transfers)
    return inputs.shared(key, lambda: _build(inputs, gap, transfers))


def _build(inputs, gap_hours: float, transfers: tuple[str, ...]) -> ibis.Table:
    e = inputs.with_pid(inputs.table("episodes"))
    e = e.mutate(adm_us=micros(e.admission_time), dis_us=micros(e.discharge_time))
    person, order = ["pid", "subject_key"], ["adm_us", "episode_id"]
    gap = gap_hours * 3_600_000_000
    # One pass over each person's episodes in order: the one before and the one after.
    window = ibis.window(group_by=person, order_by=order)
    e = e.mutate(
        previous_end=e.dis_us.lag().over(window),
        previous_destination=e.discharge_destination.lag().over(window),
        next_admission=e.adm_us.lead().over(window),
    )
    from_previous = e.previous_destination.isin(list(transfers)) & (
        e.adm_us - e.previous_end <= gap
    )
    to_next = e.discharge_destination.isin(list(transfers)) & (e.next_admission - e.dis_us <= gap)
    e = e.mutate(first=~from_previous.fill_null(False), last=~to_next.fill_null(False))
    e = e.mutate(
        care_no=e.first.cast("int64")
        .sum()
        .over(ibis.cumulative_window(group_by=person, order_by=order))
    )
    stays = e.group_by("pid", "subject_key", "care_no").aggregate(
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
