"""The generator pipeline: one function that builds a whole synthetic county in memory."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from navet.synth import details, hospital, listing, living, population, sip, visits
from navet.synth.config import NAMED_DOCTOR_SHARE
from navet.synth.emergency import generate_ed_visits
from navet.synth.errors import SynthInputError
from navet.synth.geography import County, load_county, validate_county, validate_scale
from navet.synth.identities import assign_identities
from navet.synth.organisation import Organisation, build_organisation
from navet.synth.rng import stream
from navet.synth.staffing import Staffing, build_staffing
from navet.synth.timeutil import DAY, NEVER, day_number, history_start

Progress = Callable[[str], None] | None


@dataclass(frozen=True)
class Params:
    county_code: str
    seed: int
    scale: float
    years: int = 3
    end_date: date = date(2025, 12, 31)
    named_doctor_share: float = NAMED_DOCTOR_SHARE

    @property
    def source(self) -> str:
        source = (
            f"navet synth county={self.county_code} seed={self.seed} scale={self.scale} "
            f"years={self.years} end_date={self.end_date.isoformat()}"
        )
        if self.named_doctor_share != NAMED_DOCTOR_SHARE:  # the default keeps the old string
            source += f" named_doctor_share={self.named_doctor_share}"
        return source


@dataclass
class Generated:
    params: Params
    county: County
    window: population.Window
    org: Organisation
    staffing: Staffing
    persons: dict
    residences: dict
    living: dict
    home_care: dict
    listings: dict
    named: dict
    visits: dict
    ed_visits: dict
    episodes: dict
    care_requests: dict
    phone_calls: dict
    sips: dict = field(default_factory=dict)
    sip_meetings: dict = field(default_factory=dict)
    details: dict | None = None
    timings: dict = field(default_factory=dict)

    @property
    def n_persons(self) -> int:
        return len(self.persons["sex"])


class _Steps:
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.timings: dict[str, float] = {}
        self._t = time.perf_counter()

    def done(self, label: str) -> None:
        now = time.perf_counter()
        self.timings[label] = now - self._t
        self._t = now
        if self.progress:
            self.progress(f"{label} ({self.timings[label]:.1f} s)")


def validate_params(params: Params) -> None:
    validate_county(params.county_code)
    validate_scale(params.scale)
    if not 1 <= params.years <= 20:
        raise SynthInputError(f'Ogiltigt antal år "{params.years}": ange 1–20.')
    if params.end_date.year < 2000:
        raise SynthInputError(f"Slutdatumet {params.end_date} är för tidigt (tidigast år 2000).")
    if not 0 <= params.named_doctor_share <= 1:
        raise SynthInputError(
            f'Ogiltig andel med fast läkarkontakt "{params.named_doctor_share}": ange en andel '
            "från 0 till 1, t.ex. 0.15."
        )


def generate(
    params: Params,
    *,
    progress: Progress = None,
    with_details: bool = False,
    taken_identifiers: frozenset[str] = frozenset(),
) -> Generated:
    """Build the county. `with_details` adds names, addresses and relatives (for --database)."""
    validate_params(params)
    steps = _Steps(progress)
    code, seed = params.county_code, params.seed

    def rng(name: str) -> np.random.Generator:
        return stream(seed, code, name)

    county = load_county(code, params.scale)
    window = population.Window(
        day_number(history_start(params.end_date, params.years)),
        day_number(params.end_date),
        params.years,
    )
    org = build_organisation(county, rng("organisation"))
    staffing = build_staffing(org, code, window.start, window.end, params.years, rng("staff"))
    steps.done(f"Organisation: {org.n_units} enheter, {len(staffing.staff['hsa_id'])} medarbetare")

    persons = population.sample_population(county, window, rng("population"))
    assign_identities(persons, code, window.end, rng("identities"), taken_identifiers)
    population.add_residence(persons, county, window, rng("residence"))
    population.add_health(persons, rng("health"))
    living.assign_care(persons, org, window, rng("care"))
    steps.done(f"Befolkning: {len(persons['sex'])} personer")

    listings = listing.build_listings(persons, county, org, window, rng("listing"))
    usual = listing.choose_usual_doctor(listings, staffing, rng("usual-doctor"))
    named_doctor = listing.named_doctors(
        persons, listings, usual, staffing, window, rng("named-doctor"), params.named_doctor_share
    )
    steps.done(f"Listningar: {len(listings['person'])}")

    episodes = hospital.generate_episodes(persons, org, window, rng("episodes"))
    stays = [
        hospital.discharge_stays(episodes, persons, rng("discharge-stays")),
        living.respite_stays(persons, window, rng("respite")),
    ]
    stays = living.clean_stays(
        persons, *(np.concatenate(part) for part in zip(*stays, strict=True))
    )
    segments = living.build_segments(persons, stays)
    dis_day = np.where(episodes["dis"] == hospital.OPEN, window.end, episodes["dis"] // DAY)
    found = listing.lookup(
        segments["person"],
        segments["valid_from"],
        segments["valid_to"],
        episodes["person"],
        dis_day,
    )
    state = np.where(found >= 0, segments["state"][np.maximum(found, 0)], 0)
    hospital.finalise_destinations(episodes, state, rng("destinations"))
    ed = generate_ed_visits(persons, org, episodes, window, rng("ed"))
    steps.done(
        f"Slutenvård: {len(episodes['person'])} vårdtillfällen, {len(ed['person'])} akutbesök"
    )

    home_care = _home_care(persons, rng("home-care"))
    care = listing.named_care_contacts(persons, listings, staffing, window, rng("named-care"))
    care_at_discharge = listing.named_care_at_discharge(
        persons, listings, episodes, care, staffing, window, rng("named-care-2")
    )
    social = listing.social_care_contacts(persons, home_care, staffing, rng("named-social"))
    named = listing.concat([named_doctor, care, care_at_discharge, social])
    named = _sorted(named, ("person", "role", "valid_from"))

    primary = visits.primary_visits(
        persons, org, staffing, listings, usual, named, window, rng("primary-visits")
    )
    specialist = visits.specialist_visits(persons, org, staffing, window, rng("specialist-visits"))
    all_visits = _sorted(listing.concat([primary, specialist]), ("person", "day", "unit", "staff"))
    requests = _sorted(
        visits.care_requests(all_visits, persons, window, rng("care-requests")),
        ("person", "received", "unit"),
    )
    calls = _sorted(
        visits.phone_calls(org, listings, window, rng("phone-calls")), ("unit", "moment")
    )
    steps.done(
        f"Besök: {len(all_visits['person'])}, vårdbegäran: {len(requests['person'])}, "
        f"samtal: {len(calls['unit'])}"
    )
    sips, sip_meetings = sip.generate_sips(persons, org, listings, episodes, window, rng("sip"))
    steps.done(f"SIP: {len(sips['person'])} planer, {len(sip_meetings['plan'])} möten")
    result = Generated(
        params=params,
        county=county,
        window=window,
        org=org,
        staffing=staffing,
        persons=persons,
        residences=_residences(persons),
        living=segments,
        home_care=home_care,
        listings=listings,
        named=named,
        visits=all_visits,
        ed_visits=_sorted(ed, ("person", "arrival")),
        episodes=episodes,
        care_requests=requests,
        phone_calls=calls,
        sips=sips,
        sip_meetings=sip_meetings,
    )
    if with_details:
        result.details = details.build_details(result, rng)
        steps.done("Namn, adresser och närstående")
    result.timings = steps.timings
    return result


def _sorted(table: dict, keys: tuple[str, ...]) -> dict:
    """Rows in a deterministic order by `keys` (one mixed-radix int64 key when it fits)."""
    columns = [np.asarray(table[k]).astype(np.int64) for k in keys]
    if not len(columns[0]):
        return table
    combined, bits = np.zeros(len(columns[0]), dtype=np.int64), 0
    for column in columns:
        low, width = int(column.min()), int(column.max() - column.min()) + 1
        bits += width.bit_length()
        combined = combined * width + (column - low)
    if bits <= 62:
        order = np.argsort(combined, kind="stable")
    else:
        order = np.lexsort(tuple(reversed(columns)))
    return {k: v[order] for k, v in table.items()}


def _home_care(persons: dict, rng) -> dict[str, np.ndarray]:
    hc, nh = persons["home_care_day"], persons["nursing_home_day"]
    who = np.flatnonzero((hc != NEVER) & (hc < nh) & (hc <= persons["present_to"]))
    end = np.minimum(np.where(nh[who] == NEVER, NEVER, nh[who] - 1), persons["death_day"][who])
    return {
        "person": who,
        "unit": persons["home_care_unit"][who],
        "valid_from": hc[who],
        "valid_to": end,
        "hours": np.clip(rng.gamma(1.6, 22, len(who)), 2, 240).astype(np.int64),
    }


def _residences(persons: dict) -> dict[str, np.ndarray]:
    """Registered municipality periods: one per person, two for those who moved."""
    n = len(persons["sex"])
    moved = np.flatnonzero(persons["move_day"] != NEVER)
    person = np.r_[np.arange(n), moved]
    first_to = np.where(persons["move_day"] != NEVER, persons["move_day"] - 1, persons["death_day"])
    muni = np.where(persons["origin"] >= 0, persons["origin"], persons["municipality"])
    table = {
        "person": person,
        "municipality": np.r_[muni, persons["municipality"][moved]].astype(np.int64),
        "valid_from": np.r_[persons["present_from"], persons["move_day"][moved]],
        "valid_to": np.r_[first_to, persons["death_day"][moved]],
    }
    return _sorted(table, ("person", "valid_from"))
