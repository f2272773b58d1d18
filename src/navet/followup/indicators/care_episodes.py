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
        position=ibis.row_number().over(window),
    )
    from_previous = e.previous_destination.isin(list(transfers)) & (
        e.adm_us - e.previous_end <= gap
    )
    to_next = e.discharge_destination.isin(list(transfers)) & (e.next_admission - e.dis_us <= gap)
    e = e.mutate(first=~from_previous.fill_null(False), last=~to_next.fill_null(False))
    # Most episodes are a care episode of their own. A care episode is numbered by the
    # position of its first episode among the person's episodes.
    columns = ("admission_type", "care_type", "main_diagnosis", "unit_id")
    alone = e.filter(e.first & e.last).select(
        *person,
        *columns,
        "admission_time",
        "discharge_time",
        care_no=e.position,
        destination=e.discharge_destination,
    )
    linked = e.filter(~(e.first & e.last))
    linked = linked.mutate(
        care_no=ibis.ifelse(linked.first, linked.position, ibis.null("int64"))
        .max()
        .over(ibis.cumulative_window(group_by=person, order_by=order))
    )
    linked = linked.group_by(*person, "care_no").aggregate(
        admission_time=linked.admission_time.min(),
        admission_type=linked.admission_type.max(where=linked.first),
        care_type=linked.care_type.max(where=linked.first),
        main_diagnosis=linked.main_diagnosis.max(where=linked.first),
        discharge_time=linked.discharge_time.max(where=linked.last),
        destination=linked.discharge_destination.max(where=linked.last),
        unit_id=linked.unit_id.max(where=linked.last),
    )
    stays = ibis.union(alone, linked.select(*alone.columns))
    stays = with_local_day(stays, "admission_time", "adm_day")
    stays = with_local_day(stays, "discharge_time", "dis_day")
    return stays.drop("admission_time", "discharge_time")
