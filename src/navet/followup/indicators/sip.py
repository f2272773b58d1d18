"""SIP (samordnad individuell plan): how many have one, follow-ups on time, the person's own
goals, and meetings held at a distance (issue "Coordinated care", part 8; seed 003).

All four read the optional tables `sip_plans` and `sip_meetings`; a snapshot without them gets
`not_computable` with the reason, never zero (an installation that does not keep its SIPs in
Navet has no figure, not a figure of nought). Stock measures (active plans, own goals) are taken
on the period's last day; follow-ups by their follow-up date and meetings by their date.
The unit of a plan is its coordinator's unit, except for the rate per 1 000, whose unit level is
the health centre the person is listed at (so that the denominator is its listed persons).
"""

from __future__ import annotations

import ibis

from navet.followup.days import date_day
from navet.followup.indicators.common import between_days, records
from navet.followup.registry import Parameter, Requirement, Subjects, Unit, register

SOURCE = "issue Coordinated care §8; HSL 16 kap. 4 §, SoL 2 kap. 7 §"
# Units that coordinate SIPs: both principals' units that meet the target groups.
COORDINATING_UNITS = (
    "health_centre",
    "home_health_care",
    "social_services",
    "school_health",
    "mobile_team",
)


def _missing(table: str, what: str) -> Requirement:
    return Requirement(
        table,
        reason=f"Ingen data: ögonblicksbilden saknar tabellen {table} ({what}), så SIP kan inte "
        "följas upp här.",
    )


PLANS_REQUIRED = _missing("sip_plans", "samordnade individuella planer")
MEETINGS_REQUIRED = _missing("sip_meetings", "SIP-möten")


def plans(inputs) -> ibis.Table:
    """`sip_plans` with day numbers (null where the date is null)."""
    p = inputs.table("sip_plans")
    return p.mutate(
        initiated_day=date_day(p.initiated_date),
        finalised_day=date_day(p.finalised_date),
        followup_day=date_day(p.followup_date),
        followed_up_day=date_day(p.followed_up_date),
        closed_day=date_day(p.closed_date),
    )


def active_on(p: ibis.Table, day: int, finalised_only: bool) -> ibis.Value:
    """Begun (finalised, if asked) on or before `day` and not closed on it."""
    begun = p.finalised_day <= day if finalised_only else p.initiated_day <= day
    return begun & (p.closed_day.isnull() | (p.closed_day > day))


def _on_period_end(inputs, period, finalised_only: bool) -> ibis.Table:
    """Plans active on the period's last day, with who their persons are on that day."""
    day = period.last_day
    p = plans(inputs)
    p = inputs.person_ids(p.filter(active_on(p, day, finalised_only)))
    people = inputs.people_on(day)
    t = p.join(people.filter(people.alive), "pid")
    return t.filter(t.municipality.notnull())


def _active(inputs, period, params) -> ibis.Table:
    t = _on_period_end(inputs, period, params["finalised_only"])
    numerator = records(t, num=1, den=0, subject=t.pid, unit=t.unit)
    people = inputs.people_on(period.last_day)
    residents = people.filter(people.alive & people.municipality.notnull())
    population = records(residents, num=0, den=1, subject=residents.pid, unit=residents.unit)
    return ibis.union(numerator, population)


def _followup(inputs, period, params) -> ibis.Table:
    grace = params["grace_days"]
    p = plans(inputs)
    p = p.filter(p.followup_day.notnull(), between_days(p.followup_day, period))
    deadline = p.followup_day + grace
    done = p.followed_up_day.notnull()
    # Closed before the deadline without a follow-up: no longer due. Not followed up and the
    # deadline not yet passed on the day of the snapshot: the outcome is not known yet.
    closed_early = ~done & p.closed_day.notnull() & (p.closed_day <= deadline)
    known = done | (deadline < inputs.snapshot_day())
    p = p.filter(known & ~closed_early)
    p = p.mutate(on_time=(done & (p.followed_up_day <= deadline)).cast("int64"))
    t = inputs.at_event(p, "followup_day")
    return records(t, num=t.on_time, den=1, subject=t.pid, unit=t.coordinator_unit_id)


def _own_goals(inputs, period, params) -> ibis.Table:
    t = _on_period_end(inputs, period, params["finalised_only"])
    goals = t.has_own_goals.cast("int64")
    return records(t, num=goals, den=1, subject=t.pid, unit=t.coordinator_unit_id)


def _remote(inputs, period, params) -> ibis.Table:
    m = inputs.table("sip_meetings")
    m = m.mutate(meeting_day=date_day(m.meeting_date))
    m = m.filter(between_days(m.meeting_day, period))
    if params["held_only"]:
        m = m.filter(m.held)
    p = inputs.table("sip_plans").select("plan_key", "person_key", "coordinator_unit_id")
    m = m.join(p, "plan_key")
    m = m.mutate(remote=m["mode"].isin(list(params["remote_modes"])).cast("int64"))
    t = inputs.at_event(m, "meeting_day")
    return records(t, num=t.remote, den=1, subject=t.pid, unit=t.coordinator_unit_id)


FINALISED_ONLY = "Räkna bara planer som har fastställts."


def _register(**fields) -> None:
    """The SIP family's defaults: per coordinating unit, persons counted once per cell."""
    defaults = {
        "family": "sip",
        "source": SOURCE,
        "requires": (PLANS_REQUIRED,),
        "unit_kinds": COORDINATING_UNITS,
        "numerator_subjects": Subjects.DISTINCT,
        "denominator_subjects": Subjects.DISTINCT,
    }
    register(**{**defaults, **fields})


_register(
    id="sip_active_per_1000",
    name="Pågående SIP per 1 000 invånare",
    definition=(
        "Antalet samordnade individuella planer (SIP) som pågår periodens sista dag – påbörjade "
        "men inte avslutade – per 1 000 invånare samma dag. Planen räknas där personen då är "
        "folkbokförd; per vårdcentral räknas de som är listade där."
    ),
    numerator="SIP som pågår periodens sista dag (påbörjade, inte avslutade).",
    denominator="Invånare periodens sista dag.",
    unit=Unit.RATE,
    scale=1000,
    build=_active,
    parameters=(Parameter("finalised_only", False, FINALISED_ONLY),),
    tables=("sip_plans", "persons", "listings"),
    unit_kinds=("health_centre",),
    denominator_subjects=Subjects.ROWS,  # the population: one row a person
    suppress_on=("numerator", "denominator"),
)
_register(
    id="sip_followup_on_time",
    name="SIP som följts upp i tid",
    definition=(
        "Andelen SIP med uppföljningsdatum under perioden som följdes upp senast det datumet. "
        "En plan som inte följts upp räknas som för sent när datumet passerats den dag "
        "ögonblicksbilden togs; en plan som avslutades före datumet utan uppföljning räknas inte."
    ),
    numerator="SIP som följts upp senast uppföljningsdatumet.",
    denominator="SIP med uppföljningsdatum under perioden och känt utfall.",
    unit=Unit.SHARE,
    build=_followup,
    parameters=(
        Parameter("grace_days", 0, "Så många dagar efter uppföljningsdatumet räknas som i tid."),
    ),
    tables=("sip_plans", "persons"),
)
_register(
    id="sip_with_own_goals",
    name="SIP med personens egna mål",
    definition=(
        "Andelen fastställda SIP som pågår periodens sista dag där personens egna mål "
        "(”Vad är viktigt för dig?”) finns med i planen."
    ),
    numerator="Pågående fastställda SIP med personens egna mål.",
    denominator="Pågående fastställda SIP periodens sista dag.",
    unit=Unit.SHARE,
    build=_own_goals,
    parameters=(Parameter("finalised_only", True, FINALISED_ONLY),),
    tables=("sip_plans", "persons"),
)
_register(
    id="sip_meetings_remote_share",
    name="SIP-möten på distans",
    definition=(
        "Andelen genomförda SIP-möten under perioden som hölls på distans (video eller "
        "telefon). Målet är att fler SIP ska kunna hållas på distans."
    ),
    numerator="Genomförda SIP-möten på distans.",
    denominator="Genomförda SIP-möten under perioden.",
    unit=Unit.SHARE,
    build=_remote,
    source=SOURCE + "; seed 003 (fler SIP på distans)",
    parameters=(
        Parameter("remote_modes", ("video", "phone"), "Mötesformer som räknas som distans."),
        Parameter("held_only", True, "Räkna bara möten som har hållits."),
    ),
    tables=("sip_meetings", "sip_plans", "persons"),
    requires=(PLANS_REQUIRED, MEETINGS_REQUIRED),
)
