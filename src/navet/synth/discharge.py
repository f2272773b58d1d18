"""Safe discharge under lag (2017:612): the generated stays run through the notice process.

Every generated inpatient stay that reaches "ready for discharge" (utskrivningsklar) is treated
as a stay whose patient needs follow-on care: its need is assessed, admission notices go to the
municipality's intake (its social-services unit) and to the health centre of the listing on the
day of admission, the ready notice (sometimes revoked and given again) follows, a SIP call when
both principals are needed, and a discharge notice on the discharge day. The timings and their
sources are in docs/synth.md ("Safe discharge"). The stays themselves (admission, ready time,
discharge, destination, readmissions) are those of hospital.py, unchanged: this module only adds
what happened around them, from its own random stream, so no other table changes.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from navet.synth.hospital import (
    DECEASED,
    DESTINATIONS,
    NURSING_HOME,
    OPEN,
    OTHER_HOSPITAL,
    OTHER_WARD,
    SHORT_TERM,
)
from navet.synth.listing import lookup
from navet.synth.population import municipality_on
from navet.synth.rng import categorical, stream
from navet.synth.timeutil import DAY, HOUR

NOTICE_KINDS = (
    "admission_notice",
    "ready_notice",
    "not_ready_notice",
    "discharge_notice",
    "sip_call",
)
ADMISSION, READY, NOT_READY, DISCHARGE, SIP_CALL = range(len(NOTICE_KINDS))
DISCHARGE_VOCABULARIES = {
    ("notices", "kind"): set(NOTICE_KINDS),
    ("stays", "discharge_destination"): set(DESTINATIONS),
}

# Assumptions, not measurements (no source reports these shares): chosen so that every
# indicator and worklist shows real variation. docs/synth.md lists them.
LATE_ASSESSMENT = 0.25  # need identified later in the stay, 1–3 days after admission
# Hours from the trigger (admission or assessment) to the admission notice.
ADMISSION_DELAY_HOURS = (((0.2, 20), 0.88), ((24, 48), 0.09), ((48, 120), 0.03))
REVOKED_READY = 0.07  # of stays with ≥ 3 days from admission to ready
SIP_REQUIRED = {NURSING_HOME: 0.85, SHORT_TERM: 0.8, OTHER_HOSPITAL: 0.05, DECEASED: 0.0}
SIP_REQUIRED_OTHERWISE = 0.45
# Days from the ready notice to the SIP call; None: never called.
SIP_DELAY_DAYS = (((0.2, 2.95), 0.72), ((3.05, 7), 0.20), (None, 0.08))
DISCHARGE_NOTICE_LATE = 0.08  # sent 1–48 h after the end of the discharge day
ACK_MEDIAN_HOURS, ACK_SIGMA = 3.0, 1.2  # receivers' acknowledgement delay, lognormal


def _delays(rng, spec, n: int) -> np.ndarray:
    """Seconds drawn from a mixture of uniform ranges (None: never → -1)."""
    pick = categorical(rng, [w for _, w in spec], n)
    out = np.full(n, -1, dtype=np.int64)
    for index, (bounds, _) in enumerate(spec):
        at = pick == index
        if bounds is not None:
            out[at] = (rng.uniform(*bounds, at.sum()) * HOUR).astype(np.int64)
    return out


def _stays(ep: dict) -> dict:
    """Episodes joined across transfers into stays; only stays that became ready."""
    person, dest = ep["person"], ep["destination"]
    n = len(person)
    continues = np.r_[False, (person[1:] == person[:-1]) & (dest[:-1] == OTHER_WARD)]
    first = np.flatnonzero(~continues)
    last = np.r_[first[1:] - 1, n - 1] if n else first
    ready = ep["ready"][last]
    keep = ready != OPEN
    first, last = first[keep], last[keep]
    return {
        "first": first,
        "person": person[first],
        "unit": ep["unit"][first],
        "adm": ep["adm"][first],
        "ready": ep["ready"][last],
        "dis": ep["dis"][last],
        "destination": dest[last],
    }


def generate(g) -> tuple[dict, dict]:
    """(stays, notices) as numpy columns; moments in local seconds, OPEN (-1) = none."""
    rng = stream(g.params.seed, g.params.county_code, "discharge-process")
    s = _stays(g.episodes)
    m = len(s["person"])
    end = (g.window.end + 1) * DAY
    adm, ready, dis = s["adm"], s["ready"], s["dis"]
    closed = dis != OPEN
    late = rng.random(m) < LATE_ASSESSMENT
    assessed = adm + np.where(
        late, rng.uniform(24, 72, m) * HOUR, rng.uniform(0.5, 6, m) * HOUR
    ).astype(np.int64)
    s["assessed"] = np.clip(assessed, adm, np.maximum(ready - HOUR, adm))

    units = g.org.units
    municipality = municipality_on(g.persons, s["person"], adm // DAY)
    intake = np.full(len(g.county.codes), -1, dtype=np.int64)
    social = np.flatnonzero(units["kind"] == "social_services")[::-1]
    intake[units["municipality"][social]] = social  # the first unit of each municipality wins
    to_municipality = intake[municipality]
    ls = g.listings
    found = lookup(ls["person"], ls["valid_from"], ls["valid_to"], s["person"], adm // DAY)
    to_centre = np.where(found >= 0, ls["unit"][np.maximum(found, 0)], -1)

    parts: list[dict] = []

    def notice(idx, kind, to, sender, due, sent):
        # A notice due after the end of the history is not in it (the checks bound every time).
        keep = (due == OPEN) | (due < end)
        idx, to, sender, due, sent = idx[keep], to[keep], sender[keep], due[keep], sent[keep]
        sent = np.where((sent >= 0) & (sent < end), sent, OPEN)
        ack_delay = (rng.lognormal(np.log(ACK_MEDIAN_HOURS), ACK_SIGMA, len(idx)) * HOUR).astype(
            np.int64
        )
        ack = np.where(sent != OPEN, sent + ack_delay, OPEN)
        ack = np.where((ack != OPEN) & (ack < end) & (to >= 0), ack, OPEN)
        parts.append(
            {
                "stay": idx,
                "kind": np.full(len(idx), kind, dtype=np.int8),
                "to": to,
                "sender": sender,
                "due": due,
                "sent": sent,
                "ack": ack,
            }
        )

    everyone = np.arange(m)
    ward = s["unit"]
    trigger = np.maximum(adm, s["assessed"])
    admission_sent = trigger + _delays(rng, ADMISSION_DELAY_HOURS, m)
    for to in (to_municipality, to_centre):
        has = to >= 0
        notice(everyone[has], ADMISSION, to[has], ward[has], trigger[has] + 24 * HOUR,
               admission_sent[has])  # fmt: skip

    # Ready, sometimes revoked first ("inte längre utskrivningsklar") and given again.
    revoked = (ready - adm >= 3 * DAY) & (rng.random(m) < REVOKED_READY)
    first_ready = np.maximum(ready - rng.uniform(1, 4, m) * DAY, s["assessed"] + HOUR)
    first_ready = first_ready.astype(np.int64)
    withdrawn = first_ready + ((ready - first_ready) * rng.uniform(0.3, 0.8, m)).astype(np.int64)
    s["revoked"], s["first_ready"], s["withdrawn"] = revoked, first_ready, withdrawn
    no_due = np.full(m, OPEN, dtype=np.int64)
    for to in (to_municipality, to_centre):
        r = revoked & (to >= 0)
        notice(everyone[r], READY, to[r], ward[r], no_due[r], first_ready[r])
        notice(everyone[r], NOT_READY, to[r], ward[r], no_due[r], withdrawn[r])
        has = to >= 0
        sent = ready + rng.integers(0, 2 * HOUR, m)
        notice(everyone[has], READY, to[has], ward[has], no_due[has], sent[has])

    # The SIP call: by the named care contact of the health centre, within 3 days of ready.
    p_sip = np.full(m, SIP_REQUIRED_OTHERWISE)
    for destination, share in SIP_REQUIRED.items():
        p_sip[closed & (s["destination"] == destination)] = share
    s["sip"] = rng.random(m) < p_sip
    sip = s["sip"] & (to_municipality >= 0)
    delay = _delays(rng, SIP_DELAY_DAYS, m) * 24  # the spec is in days (never stays < 0)
    called = np.where(delay >= 0, ready + delay, OPEN)
    notice(everyone[sip], SIP_CALL, to_municipality[sip], to_centre[sip], ready[sip] + 3 * DAY,
           called[sip])  # fmt: skip

    # The discharge notice: no later than the (local) discharge day.
    leaves = closed & (s["destination"] != DECEASED)
    day_end = (dis // DAY + 1) * DAY - 1
    on_time = np.maximum(dis - rng.integers(0, 4 * HOUR, m), ready)
    late_sent = day_end + rng.integers(HOUR, 48 * HOUR, m)
    sent = np.where(rng.random(m) < DISCHARGE_NOTICE_LATE, late_sent, on_time)
    for to in (to_municipality, to_centre):
        has = leaves & (to >= 0)
        notice(everyone[has], DISCHARGE, to[has], ward[has], day_end[has], sent[has])

    nc = g.named
    care = nc["role"] == 1  # named_care_contact
    dis_day = np.where(closed, dis // DAY, 0)
    found = lookup(
        nc["person"][care], nc["valid_from"][care], nc["valid_to"][care], s["person"], dis_day
    )
    s["named_care"] = found >= 0
    notices = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]} if parts else {}
    if notices:
        order = np.lexsort((notices["kind"], notices["stay"]))
        notices = {k: v[order] for k, v in notices.items()}
    return s, notices


def arrow_tables(g, k) -> dict[str, pa.Table]:
    # Imported here: tables.py imports this module for its vocabularies.
    from navet.synth.tables import SCHEMAS, coded, moments, source_ids

    s, n = generate(g)
    m = len(s["person"])
    closed = s["dis"] != OPEN
    episode_ids = source_ids(g.params.county_code, "i", len(g.episodes["person"]))
    stay_ids = source_ids(g.params.county_code, "s", m)
    stays = pa.table(
        [
            stay_ids,
            coded(s["person"], k.person),
            coded(s["unit"], k.unit),
            episode_ids.take(pa.array(s["first"])),
            moments(s["adm"]),
            moments(s["assessed"]),
            moments(s["ready"]),
            moments(s["dis"], ~closed),
            coded(np.maximum(s["destination"], 0), DESTINATIONS, ~closed),
            pa.array(s["sip"]),
            pa.array(s["named_care"], mask=~closed),
        ],
        names=SCHEMAS["stays"].names,
    )
    if not n:
        return {"stays": stays, "notices": SCHEMAS["notices"].empty_table()}
    idx = n["stay"]
    notices = pa.table(
        [
            stay_ids.take(pa.array(idx)),
            coded(s["person"][idx], k.person),
            coded(n["kind"], NOTICE_KINDS),
            coded(np.maximum(n["to"], 0), k.unit, n["to"] < 0),
            coded(np.maximum(n["sender"], 0), k.unit, n["sender"] < 0),
            moments(n["due"], n["due"] == OPEN),
            moments(n["sent"], n["sent"] == OPEN),
            moments(n["ack"], n["ack"] == OPEN),
        ],
        names=SCHEMAS["notices"].names,
    )
    return {"stays": stays, "notices": notices}
