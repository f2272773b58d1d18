"""Safe discharge under lag (2017:612): were the notices sent in time, and did the patient leave
with a named care contact? Read from the optional tables `notices` and `stays` (docs/snapshot.md).

The three notice indicators count notice rows: each row is one notice of one stay to one
receiving unit, with the statutory time it had to be sent by (`due_time`, set by the writer: 24 h
after admission or the later assessment; 3 days after the ready notice; the end of the local
discharge day). A row whose due time falls in the period counts; it is on time when it was sent
no later than its due time (plus a configurable grace). A notice never sent counts as late once
its due time has passed at the snapshot's creation, and is left out before that (it may still be
sent in time).
"""

from __future__ import annotations

import datetime as dt

import ibis

from navet.followup.days import micros, with_local_day
from navet.followup.indicators.common import between_days, records
from navet.followup.registry import Parameter, Requirement, Subjects, Unit, register

SOURCE = "Lag (2017:612) om samverkan vid utskrivning; research/processes.md §1.1"
GRACE = Parameter(
    "grace_minutes", 0, "Minuter efter sista tidpunkten som ändå räknas som i tid (0 = ingen)."
)
NOTICES = Requirement(
    "notices",
    reason="Kan inte beräknas: ögonblicksbilden saknar tabellen notices (meddelanden vid "
    "utskrivning från slutenvård).",
)
STAYS = Requirement(
    "stays",
    reason="Kan inte beräknas: ögonblicksbilden saknar tabellen stays (vårdtillfällen som följer "
    "processen för utskrivning från slutenvård).",
)


def _created(inputs) -> dt.datetime:
    created = dt.datetime.fromisoformat(inputs.snapshot.manifest["created"])
    return created if created.tzinfo else created.replace(tzinfo=dt.UTC)


def notices_on_time(kind: str):
    """The builder for notices of `kind`: one record per notice due in the period."""

    def build(inputs, period, params) -> ibis.Table:
        n = inputs.table("notices")
        n = n.filter(n.kind == kind, n.due_time.notnull())
        n = n.filter(n.sent_time.notnull() | (n.due_time < ibis.literal(_created(inputs))))
        n = with_local_day(n, "due_time", "due_day", within=(period.first_day, period.last_day))
        n = n.filter(between_days(n.due_day, period))
        grace = int(params["grace_minutes"]) * 60_000_000
        on_time = n.sent_time.notnull() & (micros(n.sent_time) <= micros(n.due_time) + grace)
        n = n.mutate(on_time=ibis.ifelse(on_time, 1, 0).fill_null(0))
        n = inputs.at_event(n, "due_day")
        return records(n, num=n.on_time, den=1, subject=n.pid, unit=n.sender_unit_id)

    return build


def _named_care_contact(inputs, period, params) -> ibis.Table:
    s = inputs.table("stays")
    s = s.filter(
        s.discharge_time.notnull(),
        s.named_care_contact_at_discharge.notnull(),
        ~s.discharge_destination.fill_null("").isin(list(params["excluded_destinations"])),
    )
    s = with_local_day(s, "discharge_time", "dis_day", within=(period.first_day, period.last_day))
    s = s.filter(between_days(s.dis_day, period))
    s = s.mutate(has=ibis.ifelse(s.named_care_contact_at_discharge, 1, 0))
    s = inputs.at_event(s, "dis_day", listing=True)
    return records(s, num=s.has, den=1, subject=s.pid, unit=s.listed_unit)


COMMON = {
    "family": "safe_discharge",
    "source": SOURCE,
    "unit": Unit.SHARE,
    "numerator_subjects": Subjects.DISTINCT,  # a person may have several notices or stays
    "denominator_subjects": Subjects.DISTINCT,
}
NOTICE_COMMON = {
    **COMMON,
    "tables": ("notices", "persons"),
    "requires": (NOTICES,),
    "parameters": (GRACE,),
}
register(
    id="admission_notice_within_24h",
    name="Inskrivningsmeddelanden skickade inom 24 timmar",
    definition=(
        "Andelen inskrivningsmeddelanden som skickades senast 24 timmar efter inskrivningen, "
        "eller efter den senare bedömningen att patienten kan behöva insatser efter "
        "utskrivningen. Varje mottagande enhet räknas för sig; meddelanden vars sista tidpunkt "
        "infaller under perioden räknas. Ett meddelande som aldrig skickades räknas som sent när "
        "tidpunkten har passerat. Omskickade meddelanden (ändrat utskrivningsdatum) räknas inte."
    ),
    numerator="Inskrivningsmeddelanden skickade senast vid sin sista tidpunkt.",
    denominator="Inskrivningsmeddelanden vars sista tidpunkt infaller under perioden.",
    build=notices_on_time("admission_notice"),
    unit_kinds=("inpatient_ward",),
    **NOTICE_COMMON,
)
register(
    id="sip_call_within_3d",
    name="Kallelse till SIP inom 3 dagar efter utskrivningsklar",
    definition=(
        "Andelen kallelser till samordnad individuell plan (SIP) som den fasta vårdkontakten "
        "skickade senast 3 dagar efter underrättelsen om att patienten är utskrivningsklar, för "
        "patienter som behöver insatser från både region och kommun efter utskrivningen. "
        "Kallelser vars sista tidpunkt infaller under perioden räknas; en kallelse som inte har "
        "skickats räknas som sen när tidpunkten har passerat."
    ),
    numerator="Kallelser till SIP skickade senast 3 dagar efter utskrivningsklar.",
    denominator="Kallelser till SIP vars sista tidpunkt infaller under perioden.",
    build=notices_on_time("sip_call"),
    unit_kinds=("health_centre",),
    **NOTICE_COMMON,
)
register(
    id="discharge_notice_on_time",
    name="Meddelande om utskrivning senast utskrivningsdagen",
    definition=(
        "Andelen meddelanden om utskrivning som skickades senast under utskrivningsdagen "
        "(svensk tid). Varje mottagande enhet räknas för sig; meddelanden för utskrivningar under "
        "perioden räknas."
    ),
    numerator="Meddelanden om utskrivning skickade senast utskrivningsdagen.",
    denominator="Meddelanden om utskrivning för utskrivningar under perioden.",
    build=notices_on_time("discharge_notice"),
    unit_kinds=("inpatient_ward",),
    **NOTICE_COMMON,
)
register(
    id="named_care_contact_before_discharge",
    name="Fast vårdkontakt utsedd före utskrivning",
    definition=(
        "Andelen av de vårdtillfällen som följde processen för utskrivning och avslutades under "
        "perioden där patienten hade en fast vårdkontakt i primärvården när hen skrevs ut. "
        "Vårdtillfällen där det inte är känt räknas inte, och inte heller de som slutade med att "
        "patienten avled. Enheten är vårdcentralen där patienten var listad vid utskrivningen."
    ),
    numerator="Vårdtillfällen med fast vårdkontakt vid utskrivningen.",
    denominator="Vårdtillfällen i processen avslutade under perioden (utom avlidna).",
    build=_named_care_contact,
    tables=("stays", "persons", "listings"),
    requires=(STAYS,),
    parameters=(
        Parameter(
            "excluded_destinations", ("deceased",), "Utskrivningsmål som inte räknas i nämnaren."
        ),
    ),
    unit_kinds=("health_centre",),
    **COMMON,
)
