"""The 7-day outcome and the frequent attenders, computed from the activity data, checked
against figures worked out by hand."""

from datetime import timedelta

from navet.access.audit import actor_for
from navet.mobile import selectors, services

from .conftest import at


def _visited(send_request, coordinator, small_county, when="2025-03-03 11:00"):
    request = send_request(now=at("2025-03-03 08:00"))
    services.triage(
        request.pk,
        decision="accepted",
        planned_at=at("2025-03-03 10:30"),
        user=coordinator,
        actor=actor_for(coordinator),
        now=at("2025-03-03 08:10"),
    )
    return services.record_visit(
        request.pk,
        visited_at=at(when),
        staff=[small_county.staff["samordnare"]],
        findings="Saturation 91 %, lätt feber.",
        actions="Antibiotika insatt.",
        outcome="managed_at_home",
        user=coordinator,
        actor=actor_for(coordinator),
        now=at("2025-03-03 12:00"),
    )


def test_seven_day_window_counts_only_events_after_the_visit_and_within_seven_days(
    send_request, coordinator, small_county, ed_visit, admission
):
    elsa = small_county.persons["elsa"]
    visit = _visited(send_request, coordinator, small_county)
    # Visit 2025-03-03 11:00: the window is (03-03 11:00, 03-10 11:00].
    ed_visit(elsa, "2025-03-03 09:00")  # before the visit: not counted
    ed_visit(elsa, "2025-03-10 11:00")  # exactly 7 days after: counted
    ed_visit(elsa, "2025-03-10 11:01")  # one minute late: not counted
    admission(elsa, "2025-03-11 08:00")  # day 8: not counted
    ed_visit(small_county.persons["gustav"], "2025-03-05 10:00")  # someone else

    during = selectors.outcome_check(visit, now=at("2025-03-05 12:00"))
    assert not during.complete
    assert [e.arrival_time for e in during.ed_visits] == [at("2025-03-10 11:00")]
    assert during.admissions == []
    assert during.label == "Akutbesök (1) inom 7 dagar"

    after = selectors.outcome_check(visit, now=at("2025-03-10 11:00"))
    assert after.complete and after.returned


def test_no_return_within_seven_days_and_an_admission(
    send_request, coordinator, small_county, admission
):
    visit = _visited(send_request, coordinator, small_county)
    pending = selectors.outcome_check(visit, now=at("2025-03-04 12:00"))
    assert pending.label.startswith("Pågår: inget akutbesök")
    final = selectors.outcome_check(visit, now=at("2025-03-11 12:00"))
    assert final.label == "Inget akutbesök och ingen inläggning inom 7 dagar"
    admission(small_county.persons["elsa"], "2025-03-06 02:00")
    late = selectors.outcome_check(visit, now=at("2025-03-11 12:00"))
    assert late.label == "Inläggning (1) inom 7 dagar"


def test_frequent_attenders_need_four_ed_visits_in_twelve_months_in_the_team_area(
    small_county, ed_visit, settings
):
    elsa, maria, gustav = (small_county.persons[k] for k in ("elsa", "maria", "gustav"))
    team = small_county.units["mobile_team"]
    now = at("2025-06-01 12:00")
    # Elsa (Västerås): 4 visits within the 365 days before now, one exactly 365 days before
    # (2024 is a leap year: 2024-06-01 12:00), which is outside → 4.
    for day in ("2024-06-01 13:00", "2024-06-02 12:00", "2024-12-24 20:00", "2025-05-30 08:00"):
        ed_visit(elsa, day)
    ed_visit(elsa, "2024-06-01 12:00")
    # Maria: 3 visits → not a frequent attender.
    for day in ("2025-01-01 12:00", "2025-02-01 12:00", "2025-03-01 12:00"):
        ed_visit(maria, day)
    # Gustav lives in Sala, another node: outside the Västerås team's area.
    for day in ("2025-01-01 12:00", "2025-02-01 12:00", "2025-03-01 12:00", "2025-04-01 12:00"):
        ed_visit(gustav, day)
    rows = selectors.frequent_attenders(team, now=now)
    assert [(r.person_id, r.ed_visits) for r in rows] == [(elsa.pk, 4)]
    assert rows[0].last_visit == at("2025-05-30 08:00")
    assert rows[0].municipality.name == "Västerås"
    settings.NAVET_FREQUENT_ATTENDER_ED_VISITS = 3
    found = {r.person_id: r.ed_visits for r in selectors.frequent_attenders(team, now=now)}
    assert found == {elsa.pk: 4, maria.pk: 3}
    # Two days later Elsa's June visits have left the window: 2 remain.
    later = selectors.frequent_attenders(team, now=now + timedelta(days=2))
    assert [(r.person_id, r.ed_visits) for r in later] == [(maria.pk, 3)]
