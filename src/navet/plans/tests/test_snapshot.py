"""SIPs in `./navet snapshot`: the tables sip_plans and sip_meetings, pseudonymised, and the SIP
indicators computed on them; without any SIP the tables are left out ("no data")."""

from datetime import UTC, date, datetime, timedelta

import pyarrow.parquet as pq
from django.utils import timezone

from navet.access.audit import actor_for
from navet.followup import runner
from navet.followup.contract import read_snapshot
from navet.followup.days import Period
from navet.followup.export import export_snapshot, pseudonym
from navet.plans import follow_up, services
from navet.plans.models import CoordinatedPlan, PlanMeeting, PlanVersion
from navet.plans.tests.support import complete_content, consent_both_ways, key, start, user

KEY = bytes(range(32))
YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _meeting(plan, mode: str, starts_at: str, held: bool) -> PlanMeeting:
    u = user("kommunskoterska")
    meeting = services.schedule_meeting(
        actor=actor_for(u),
        user=u,
        plan=plan,
        key=key(),
        mode=mode,
        starts_at=timezone.now() + timedelta(days=1),
        place="Hemma hos Elsa",
    )
    if held:
        services.record_minutes(
            actor=actor_for(u), user=u, meeting=meeting, minutes="Klart.", participants=""
        )
    PlanMeeting.objects.filter(pk=meeting.pk).update(starts_at=_at(starts_at))
    return meeting


def _finalised_plan(county) -> CoordinatedPlan:
    """Elsa's SIP: begun 1 March 2025, finalised at a video meeting on 10 March with her own
    goals and a follow-up on 10 June, followed up at a meeting on 8 June."""
    u = user("kommunskoterska")
    plan = start(county.persons["elsa"])
    services.save_version(
        actor=actor_for(u),
        user=u,
        plan=plan,
        base_version=0,
        data=complete_content(county),
        key=key(),
    )
    consent_both_ways(plan, county)
    services.finalise(actor=actor_for(u), user=u, plan=plan)
    _meeting(plan, "video", "2025-03-10T09:00:00", held=True)
    _meeting(plan, "on_site", "2025-06-08T09:00:00", held=True)
    _meeting(plan, "on_site", "2025-09-01T09:00:00", held=False)
    PlanVersion.objects.filter(plan=plan).update(
        created_at=_at("2025-03-05T12:00:00"), follow_up_date=date(2025, 6, 10)
    )
    CoordinatedPlan.objects.filter(pk=plan.pk).update(
        created_at=_at("2025-03-01T08:00:00"),
        finalised_at=_at("2025-03-10T10:30:00"),
        follow_up_date=date(2025, 6, 10),
    )
    return plan


def test_without_any_sip_the_tables_are_left_out(small_county, tmp_path):
    export_snapshot(out_dir=tmp_path / "snap", on=YEAR.end, key=KEY)
    snapshot = read_snapshot(tmp_path / "snap")
    assert not snapshot.has("sip_plans") and not snapshot.has("sip_meetings")
    assert "sip_plans" not in snapshot.manifest["row_counts"]


def test_plans_and_meetings_are_exported_pseudonymised(
    demo_users, small_county, nurse_cares_for_elsa, tmp_path
):
    plan = _finalised_plan(small_county)
    draft = start(small_county.persons["elsa"], need="Ny samordning.")
    counts = export_snapshot(out_dir=tmp_path / "snap", on=YEAR.end, key=KEY)
    assert counts["sip_plans"] == 2 and counts["sip_meetings"] == 3

    snapshot = read_snapshot(tmp_path / "snap")
    rows = {r["plan_key"]: r for r in pq.read_table(snapshot.path("sip_plans")).to_pylist()}
    elsa = pseudonym(KEY, small_county.persons["elsa"].identifier)
    done = rows[pseudonym(KEY, f"sip:{plan.pk}")]
    assert done == {
        "plan_key": pseudonym(KEY, f"sip:{plan.pk}"),
        "person_key": elsa,
        "initiated_by_principal": "municipality",
        "initiated_date": date(2025, 3, 1),
        "stage": "follow_up",
        "finalised_date": date(2025, 3, 10),
        "followup_date": date(2025, 6, 10),
        # The meeting on 10 March began before the plan was finalised; 8 June's is the follow-up.
        "followed_up_date": date(2025, 6, 8),
        "closed_date": None,
        "has_own_goals": True,
        "coordinator_unit_id": small_county.units["home_health"].hsa_id,
    }
    new = rows[pseudonym(KEY, f"sip:{draft.pk}")]
    assert (new["stage"], new["has_own_goals"], new["finalised_date"]) == ("discover", False, None)
    meetings = pq.read_table(snapshot.path("sip_meetings")).to_pylist()
    assert sorted((m["meeting_date"], m["mode"], m["held"]) for m in meetings) == [
        (date(2025, 3, 10), "video", True),
        (date(2025, 6, 8), "on_site", True),
        (date(2025, 9, 1), "on_site", False),
    ]

    table = runner.run(
        tmp_path / "snap",
        YEAR,
        only=["sip_meetings_remote_share", "sip_followup_on_time"],
        min_subjects=1,
    ).table
    county = table[(table.level == "county") & (table.breakdown == "total")]
    figures = {row.indicator: (row.numerator, row.denominator) for row in county.itertuples()}
    assert figures == {"sip_meetings_remote_share": (1, 2), "sip_followup_on_time": (1, 1)}


def test_a_recorded_follow_up_is_the_plans_cycle_until_the_next_date_has_passed(
    demo_users, small_county, nurse_cares_for_elsa, tmp_path
):
    """Due 10 June, followed up (late) on 14 June with the next follow-up ahead: the row is the
    recorded cycle, 10 June → 14 June, and the indicator counts it as not on time."""
    plan = _finalised_plan(small_county)
    PlanMeeting.objects.filter(plan=plan).delete()  # only the recorded follow-up counts here
    u = user("kommunskoterska")
    follow_up.record_follow_up(
        actor=actor_for(u),
        user=u,
        plan=plan,
        key=key(),
        held_on=date(2025, 6, 14),
        note="Hemtjänsten fungerar.",
        next_date=timezone.localdate() + timedelta(days=90),
    )
    export_snapshot(out_dir=tmp_path / "snap", on=YEAR.end, key=KEY)
    [row] = pq.read_table(read_snapshot(tmp_path / "snap").path("sip_plans")).to_pylist()
    assert (row["followup_date"], row["followed_up_date"]) == (date(2025, 6, 10), date(2025, 6, 14))
    table = runner.run(tmp_path / "snap", YEAR, only=["sip_followup_on_time"], min_subjects=1).table
    county = table[(table.level == "county") & (table.breakdown == "total")]
    assert [(r.numerator, r.denominator) for r in county.itertuples()] == [(0, 1)]
