"""Care at home in the generated county: mobile teams, consultations, the digital reception and
home monitoring — worklists that are not empty on the end date, outcomes consistent with the
activity data, and the Parquet tables the contract reader accepts."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from navet.followup.contract import read_snapshot
from navet.followup.contract_home import HOME_TABLE_COLUMNS
from navet.monitoring.measures import MEASURES
from navet.synth import home_mobile, home_monitoring
from navet.synth.home_common import NONE, end_moment, listed_unit
from navet.synth.home_tables import data
from navet.synth.tables import SCHEMAS
from navet.synth.timeutil import DAY, HOUR


def test_every_mobile_team_has_requests_to_triage_and_visits_planned(realistic):
    mr, end = data(realistic)["mobile"], end_moment(realistic)
    teams = realistic.org.of_kind("mobile_team")
    for team in teams:
        mine = mr["team"] == team
        received = mine & (mr["status"] == home_mobile.STATUSES.index("received"))
        accepted = mine & (mr["status"] == home_mobile.STATUSES.index("accepted"))
        assert received.sum() >= 2, team
        assert (mr["received"][received] > end - DAY).all()
        assert accepted.any() and (mr["planned"][accepted] > end).all()
    visited = mr["visit"] != NONE
    assert (mr["visit"][visited] >= mr["received"][visited]).all()
    assert (mr["visit"][visited] <= end).all()
    assert set(np.unique(mr["outcome"][visited])) == {0, 1, 2}
    shares = np.bincount(mr["triage"][mr["triage"] >= 0], minlength=3) / (mr["triage"] >= 0).sum()
    assert 0.6 < shares[0] < 0.95 and shares[1] > 0.05 and shares[2] > 0.02


def test_the_seven_day_check_finds_the_admissions_and_ed_visits(realistic):
    mr = data(realistic)["mobile"]
    ed, admitted, known = home_mobile.seven_day_outcome(realistic, mr)
    outcome = mr["outcome"]
    was_admitted = known & (outcome == home_mobile.OUTCOMES.index("admitted"))
    assert was_admitted.sum() > 5
    assert admitted[was_admitted].all()  # the team's decision is in the data
    at_home = known & (outcome == home_mobile.OUTCOMES.index("managed_at_home"))
    assert 0.05 < ed[at_home].mean() < 0.6  # some came to the ED all the same
    # Hand check of one: an ED arrival of that person after the visit and within 7 days.
    i = int(np.flatnonzero(at_home & ed)[0])
    arrivals = realistic.ed_visits["arrival"][realistic.ed_visits["person"] == mr["person"][i]]
    assert ((arrivals > mr["visit"][i]) & (arrivals <= mr["visit"][i] + 7 * DAY)).any()
    assert not known[mr["visit"] == NONE].any()


def test_consultations_go_to_the_health_centre_of_listing_with_deadlines(realistic):
    c, end = data(realistic)["consultations"], end_moment(realistic)
    day = c["created"] // DAY
    assert (listed_unit(realistic, c["person"], day) == c["to_unit"]).all()
    deadline = np.array([3600, 4 * 3600, 3 * 86400])[c["urgency"]]
    assert (c["due"] - c["created"] == deadline).all()
    answered = c["status"] == 2
    assert (c["answered"][answered] >= c["picked"][answered]).all()
    assert (c["picked"][answered] >= c["created"][answered]).all()
    late = c["answered"][answered] > c["due"][answered]
    assert 0.03 < late.mean() < 0.3
    assert (c["escalated"][answered][late] != NONE).all()
    waiting = c["status"] == 0
    assert waiting.sum() >= 5 and (c["answered"][waiting] == NONE).all()
    units_waiting = set(c["to_unit"][waiting & (c["created"] > end - 12 * HOUR)].tolist())
    assert len(units_waiting) >= len(realistic.org.of_kind("health_centre")) // 2
    assert (c["systolic"] >= 0).mean() > 0.5
    measured = c["systolic"] >= 0
    assert (c["diastolic"][measured] < c["systolic"][measured]).all()


def test_reception_requests_go_to_the_listing_unit_and_some_wait(realistic):
    r, end = data(realistic)["reception"], end_moment(realistic)
    assert (listed_unit(realistic, r["person"], r["created"] // DAY) == r["unit"]).all()
    assessed = r["assessed"] != NONE
    assert (r["assessed"][assessed] >= r["created"][assessed]).all()
    days = (r["assessed"][assessed] // DAY) - (r["created"][assessed] // DAY)
    assert (days <= 3).mean() > 0.9
    waiting = r["status"] == 0
    assert set(r["unit"][waiting].tolist()) == set(realistic.org.of_kind("health_centre"))
    assert (r["created"][waiting] > end - DAY).all()
    # The rate grows over the history: more in the last year than in the first.
    year = (r["created"] - r["created"].min()) // (365 * DAY)
    assert (year == year.max()).sum() > (year == 0).sum()


def test_monitoring_series_thresholds_and_alerts(realistic):
    mo = data(realistic)["monitoring"]
    en, ms, mv, al = mo["enrolments"], mo["measures"], mo["measurements"], mo["alerts"]
    for i, key in enumerate(home_monitoring.MEASURE_KEYS):
        values = mv["value"][mv["measure"] == i]
        low, high = MEASURES[key].plausible
        assert len(values) and float(low) <= values.min() and values.max() <= float(high), key
    low, high = ms["low"][mv["limits"]], ms["high"][mv["limits"]]
    outside = (mv["value"] < np.nan_to_num(low, nan=-1e9)) | (
        mv["value"] > np.nan_to_num(high, nan=1e9)
    )
    assert np.array_equal(np.flatnonzero(outside), al["measurement"])
    assert 0.005 < outside.mean() < 0.1
    acknowledged = al["acknowledged"] != NONE
    assert 0.5 < acknowledged.mean() < 1
    assert (al["acknowledged"][acknowledged] > al["raised"][acknowledged]).all()
    # Every health centre and home health care unit has an open alert on the end date.
    units_with_open = set(en["unit"][mv["enrolment"][al["measurement"][~acknowledged]]].tolist())
    for kind in ("health_centre", "home_health_care"):
        assert set(realistic.org.of_kind(kind)) <= units_with_open, kind
    # One open enrolment per person and unit (the model's constraint).
    active = en["ended"] == NONE
    pairs = en["person"][active] * 10_000 + en["unit"][active]
    assert len(np.unique(pairs)) == len(pairs)


def test_the_generated_tables_pass_the_contract_reader(snapshot):
    folder, counts = snapshot
    checked = read_snapshot(folder)
    for name in (*HOME_TABLE_COLUMNS, "reception_requests"):
        assert name in checked.tables and counts[name] > 0, name
        schema = pq.read_schema(folder / f"{name}.parquet")
        assert schema.names == SCHEMAS[name].names
        for field in schema:
            assert field.type == SCHEMAS[name].field(field.name).type, (name, field.name)
            if pa.types.is_timestamp(field.type):
                assert (field.type.unit, field.type.tz) == ("us", "UTC")
    measurements = pq.read_table(folder / "monitoring_measurements.parquet").to_pylist()
    units = {(m["measure"], m["measure_code"], m["ucum_unit"]) for m in measurements}
    assert units <= {(k, m.code, m.unit) for k, m in MEASURES.items()}
