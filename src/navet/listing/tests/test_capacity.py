"""Capacity against the guide value and the need score, with figures computed by hand from
`small_county`: Vårdcentralen Skiljebo lists Elsa (born 1938, home care, named doctor Per Ek),
Maria (1985) and Leo (2016); its doctors are Per Ek (specialist, 1.0 FTE) and Nora Lind (ST
doctor, 0.8 FTE)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from navet.activity.models import InpatientEpisode, Visit
from navet.listing import capacity, services
from navet.listing.models import GuideValue
from navet.listing.tests.support import ACTOR, key
from navet.residents.models import Listing, LivingSituation

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def visits(person, unit, n, *, form="physical", days_ago=10):
    for i in range(n):
        Visit.objects.create(
            source_id=f"v-{person.pk}-{form}-{days_ago}-{i}", person=person, unit=unit,
            profession="doctor", care_level="primary", form=form,
            visit_date=TODAY - timedelta(days=days_ago),
        )  # fmt: skip


def episode(person, unit, diagnosis, *, days_ago=100):
    admitted = timezone.make_aware(datetime.combine(TODAY - timedelta(days=days_ago), time(10)))
    InpatientEpisode.objects.create(
        source_id=f"e-{person.pk}-{diagnosis}-{days_ago}", person=person, unit=unit,
        admission_time=admitted, discharge_time=admitted + timedelta(days=2),
        admission_type="acute", care_type="somatic", main_diagnosis=diagnosis,
    )  # fmt: skip


def test_need_scores_by_hand(small_county):
    persons, units = small_county.persons, small_county.units
    maria = persons["maria"]
    # Maria: 12 primary-care visits in the year (+1.0), and three episodes in two ICD-10
    # chapters (I50, I10: circulatory; E11: endocrine) (+0.5). Visits 13 months ago and an
    # episode 4 years ago fall outside the windows.
    visits(maria, units["skiljebo"], 12)
    visits(maria, units["skiljebo"], 5, days_ago=400)
    for diagnosis in ("I50", "I10", "E11"):
        episode(maria, units["ward"], diagnosis)
    episode(maria, units["ward"], "J44", days_ago=4 * 365)
    scores = capacity.need_scores(units["skiljebo"], on=TODAY)
    # Elsa 85+ (2.5) with home care (+0.5); Maria 18–64 (1.0) +1.0 +0.5; Leo a child (0.7).
    # Anders died in 2024: not listed any more.
    assert scores == {persons["elsa"].pk: 3.0, maria.pk: 2.5, persons["leo"].pk: 0.7}
    profile = capacity.need_profiles(units["skiljebo"], on=TODAY)[maria.pk]
    assert (profile.visits, profile.chapters, profile.home_health_care) == (12, 2, False)
    assert profile.reasons(capacity.need_weights()) == [
        "12 besök senaste året",
        "2 diagnosgrupper i slutenvården",
    ]


def test_home_visits_and_nursing_homes_add_need(small_county):
    persons, units = small_county.persons, small_county.units
    berit = persons["berit"]  # born 1950, nursing home, listed at Väsby
    gustav = persons["gustav"]  # born 1946, listed at Väsby, named doctor Olof Sand
    visits(gustav, units["home_health_sala"], 1, form="home")
    scores = capacity.need_scores(units["vasby"], on=TODAY)
    age_weight = 2.0 if capacity._age(berit.birth_date, TODAY) >= 75 else 1.5
    assert scores[berit.pk] == age_weight + 1.0  # nursing home
    assert scores[gustav.pk] == 2.0 + 0.5  # 75+ (born 1946) and a home visit


def test_doctor_capacity_against_the_default_guide_value(small_county):
    units, staff = small_county.units, small_county.staff
    doctors = {d.staff.pk: d for d in capacity.doctor_capacities(units["skiljebo"], on=TODAY)}
    per, nora = doctors[staff["allmanlakare"].pk], doctors[staff["st"].pk]
    assert (per.fte, per.guide_per_fte, per.capacity, per.named) == (Decimal(1), 1100, 1100, 1)
    assert (per.free, per.over, per.named_per_fte, per.weighted) == (1099, False, 1.0, 3.0)
    # 550 per ST FTE × 0.8 = 440 places; nobody has her yet.
    assert (nora.fte, nora.guide_per_fte, nora.capacity, nora.named) == (
        Decimal("0.8"), 550, 440, 0,
    )  # fmt: skip
    assert nora.named_per_fte == 0.0 and nora.use_percent == 0.0
    assert set(doctors) == {staff["allmanlakare"].pk, staff["st"].pk}


def test_unit_capacity_figures(small_county):
    persons, units = small_county.persons, small_county.units
    figures = capacity.unit_capacity(units["skiljebo"], on=TODAY)
    assert (figures.listed, figures.with_named_doctor) == (3, 1)
    assert figures.coverage_percent == 33.3  # 1 of 3
    assert figures.doctor_fte == Decimal("1.8")
    assert figures.listed_per_fte == 1.7  # 3 / 1.8
    assert figures.weighted_listed == 4.7  # Elsa 3.0 + Maria 1.0 + Leo 0.7
    assert figures.weighted_listed_per_fte == 2.6  # 4.7 / 1.8
    assert (figures.capacity, figures.free, figures.gap) == (1540, 1539, 0)
    # Without a named doctor, greatest need first: Maria (1.0) before Leo (0.7).
    assert [p.person_id for p in figures.without] == [persons["maria"].pk, persons["leo"].pk]
    assert figures.over == []


def test_a_county_guide_value_overrides_the_default_and_doctors_go_over_it(small_county):
    persons, units, staff = small_county.persons, small_county.units, small_county.staff
    county = units["skiljebo"].municipality.county
    GuideValue.objects.create(
        county=county, year=TODAY.year - 1, specialist_per_fte=1, st_per_fte=2
    )
    services.appoint_named_contact(
        actor=ACTOR, person=persons["maria"], role="named_doctor", staff=staff["allmanlakare"],
        by=None, key=key(),
    )  # fmt: skip
    figures = capacity.unit_capacity(units["skiljebo"], on=TODAY)
    assert figures.guide.source == "county"  # last year's row still holds
    per = next(d for d in figures.doctors if d.staff == staff["allmanlakare"])
    nora = next(d for d in figures.doctors if d.staff == staff["st"])
    assert (per.capacity, per.named, per.over, per.excess) == (1, 2, True, 1)
    assert nora.capacity == 1  # 2 × 0.8, rounded down
    assert figures.over == [per]
    assert (figures.capacity, figures.free, figures.gap) == (2, 1, 1)
    assert figures.coverage_percent == 66.7


def test_a_doctor_who_left_but_is_still_named_shows_with_no_capacity(small_county):
    units, staff = small_county.units, small_county.staff
    staff["allmanlakare"].assignments.update(valid_to=TODAY - timedelta(days=1))
    per = next(
        d
        for d in capacity.doctor_capacities(units["skiljebo"], on=TODAY)
        if d.staff == staff["allmanlakare"]
    )
    assert (per.fte, per.capacity, per.named, per.named_per_fte, per.over) == (
        0, 0, 1, None, True,
    )  # fmt: skip


def test_the_figures_take_a_fixed_number_of_queries(
    small_county, identity_numbers, django_assert_max_num_queries
):
    from navet.identifiers import parse_identity_number
    from navet.residents.models import Person

    units = small_county.units
    for i in range(40):
        parsed = parse_identity_number(identity_numbers(year=1940 + i // 2, sex="FM"[i % 2]))
        p = Person.objects.create(
            identifier=parsed.normalised, identifier_kind="personnummer", given_name=f"P{i}",
            family_name="Test", sex="F", birth_date=parsed.birth_date,
        )  # fmt: skip
        Listing.objects.create(person=p, unit=units["skiljebo"], valid_from=TODAY)
        visits(p, units["skiljebo"], i % 3)
        if i % 5 == 0:
            LivingSituation.objects.create(person=p, kind="nursing_home", valid_from=TODAY)
    with django_assert_max_num_queries(12):
        figures = capacity.unit_capacity(units["skiljebo"], on=TODAY)
    assert figures.listed == 43


# --- The dashboard ------------------------------------------------------------------------------


def test_the_unit_head_sees_the_dashboard_and_each_person_shown_is_logged(small_county, client_as):
    from django.urls import reverse

    from navet.access.models import AuditEvent
    from navet.web.tests.html import text, texts

    persons = small_county.persons
    client = client_as("verksamhetschef")
    start = text(client.get(reverse("web:start")).content, "main")
    assert "Kapacitet och fast läkarkontakt" in start
    response = client.get(reverse("listing:capacity"))
    assert response.status_code == 200
    main = text(response.content, "main")
    assert "Med fast läkarkontakt 1 (33,3 %)" in main
    assert "Läkartjänster (heltider) 1,80 Listade per läkarheltid 1,7" in main
    assert "Behovsviktade listade per läkarheltid 2,6" in main
    assert "Platser enligt riktvärdet 1540 (lediga 1539)" in main
    assert "75 år eller äldre: 0" in main
    rows = texts(response.content, "tr")
    assert any(r.startswith("Per Ek Specialist 1,00 1100 1100 1 1,0 3,0 1099 lediga") for r in rows)
    assert any(r.startswith("Nora Lind ST-läkare 0,80 550 440 0 0,0 0,0 440 lediga") for r in rows)
    shown = [r for r in rows if r.startswith(("Maria", "Leo"))]
    assert [r.split()[0] for r in shown] == ["Maria", "Leo"][: len(shown)]
    logged = set(
        AuditEvent.objects.filter(
            username="verksamhetschef", action="search", detail__startswith="kapacitet:"
        ).values_list("person_id", flat=True)
    )
    assert persons["leo"].pk in logged and persons["elsa"].pk not in logged
    assert len(logged) == len(shown)


def test_who_may_see_the_dashboard(small_county, client_as):
    from django.urls import reverse

    from navet.web.tests.html import text

    city = client_as("allmanlakare").get(reverse("listing:capacity"))
    assert city.status_code == 200
    assert "Fast läkarkontakt och kapacitet på Vårdcentralen Skiljebo" in text(city.content, "h1")
    assert client_as("avdelningslakare").get(reverse("listing:capacity")).status_code == 403
    assert client_as("invanare").get(reverse("listing:capacity")).status_code == 403
    assert client_as("analytiker").get(reverse("listing:capacity")).status_code == 403
