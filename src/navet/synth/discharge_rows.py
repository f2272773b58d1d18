"""The generated stays of the discharge process as `navet.transitions` rows for `--database`:
`InpatientStay` and its `StayEvent` log (admitted, assessed, ready — revoked and given again
for some —, discharged). Notices are not loaded: each needs an item in the receiving unit's
inbox (navet.messaging), which the bulk loader does not create (docs/synth.md)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from navet.synth import discharge
from navet.synth.db_rows import days, ints, lookup_strings, moments, strings
from navet.synth.hospital import DESTINATIONS, OPEN, OTHER
from navet.synth.population import municipality_on
from navet.synth.rng import stream
from navet.synth.timeutil import DAY

IMPORTED_BY = "Import (syntetiskt län)"
# transitions' destinations: "other_ward" has no counterpart (left blank).
DESTINATION_NAMES = tuple("" if d == "other_ward" else d for d in DESTINATIONS)


def _blank(n: int) -> pa.Array:
    return pa.array([""] * n, pa.string())


# Days from the last day of the history to the estimate of a stay still open (an assumption).
AHEAD_DAYS, AHEAD_WEIGHTS = (-2, -1, 0, 1, 2, 3, 5), (0.05, 0.1, 0.3, 0.3, 0.1, 0.1, 0.05)


def _estimates(g, s, closed) -> np.ndarray:
    """The ward's estimated discharge day: near the real one for a stay that ended; for a stay
    still open at the end of the history, from two days before it to five after (so the last
    day's worklists have discharges today, tomorrow and overdue estimates)."""
    rng = stream(g.params.seed, g.params.county_code, "discharge-estimate")
    m, last_day = len(closed), g.window.end
    near = np.where(closed, s["dis"] // DAY, last_day) + rng.integers(-1, 2, m)
    ahead = last_day + rng.choice(AHEAD_DAYS, m, p=AHEAD_WEIGHTS)
    return np.maximum(np.where(closed, near, ahead), s["adm"] // DAY)


def discharge_rows(g) -> dict[str, dict]:
    s, _ = discharge.generate(g)
    ep, code = g.episodes, g.params.county_code
    m = len(s["person"])
    closed = s["dis"] != OPEN
    first = s["first"]
    destination = np.where(closed, np.maximum(s["destination"], 0), OTHER)
    stays = {
        "person": ints(s["person"]),
        "ward": ints(s["unit"]),
        "admitted_at": moments(s["adm"]),
        "admission_type": lookup_strings(~ep["acute"][first], ("acute", "planned")),
        "care_type": lookup_strings(ep["psychiatric"][first], ("somatic", "psychiatric")),
        "admission_reason": _blank(m),
        "consent": pa.array(["given"] * m, pa.string()),
        "municipality": ints(municipality_on(g.persons, s["person"], s["adm"] // DAY)),
        "needs_assessed_at": moments(s["assessed"]),
        "estimated_discharge": days(_estimates(g, s, closed)),
        "ready_at": moments(s["ready"]),
        "discharged_at": moments(s["dis"], ~closed),
        "destination": lookup_strings(destination, DESTINATION_NAMES),
        "activity_episode": ints(first),
        "key": strings(f"synth-{code}-s-{i + 1:09d}" for i in range(m)),
        "created_at": moments(s["adm"]),
    }
    # The event log: (stay, kind, local moment, destination code or -1).
    revoked = np.flatnonzero(s["revoked"])
    leaving = np.flatnonzero(closed)
    everyone = np.arange(m)
    parts = [
        (everyone, "admitted", s["adm"]),
        (everyone, "assessed", s["assessed"]),
        (revoked, "ready", s["first_ready"][revoked]),
        (revoked, "not_ready", s["withdrawn"][revoked]),
        (everyone, "ready", s["ready"]),
        (leaving, "discharged", s["dis"][leaving]),
    ]
    stay = np.concatenate([p[0] for p in parts])
    kind = np.concatenate([np.full(len(p[0]), p[1], dtype=object) for p in parts])
    at = np.concatenate([p[2] for p in parts])
    order = np.lexsort((at, stay))
    stay, kind, at = stay[order], kind[order], at[order]
    n = len(stay)
    event_destination = np.where(kind == "discharged", destination[stay], OTHER)
    events = {
        "stay": ints(stay),
        "kind": strings(kind),
        "at": moments(at),
        "recorded_at": moments(at),
        "recorded_by_name": pa.array([IMPORTED_BY] * n, pa.string()),
        "destination": lookup_strings(event_destination, DESTINATION_NAMES),
        "reason": _blank(n),
        "key": strings(f"synth-{code}-se-{i + 1:09d}" for i in range(n)),
    }
    return {"stays": stays, "stay_events": events}
