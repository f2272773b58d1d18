import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from navet.deviations import statistics
from navet.deviations.tests.support import act, close, report

pytestmark = pytest.mark.django_db


def test_small_counts_are_hidden_and_one_more_beside_a_lone_hidden_one():
    assert statistics.suppress([12, 3, 0, 7], 5) == [12, None, 0, None]
    assert statistics.suppress([12, 3, 2, 7], 5) == [12, None, None, 7]
    assert statistics.suppress([0, 0], 5) == [0, 0]


def _many(small_county, stay, n, **kw):
    return [report(small_county.persons["elsa"], case=("stay", stay.pk), **kw) for _ in range(n)]


def test_counts_per_category_unit_and_direction(small_county, elsa_stay, settings):
    settings.NAVET_DEVIATION_MIN_COUNT = 2
    _many(small_county, elsa_stay, 3)
    for d in _many(small_county, elsa_stay, 2, category="medication", severity="severe"):
        close(d)
    today = timezone.localdate()
    tables = {t.key: t for t in statistics.tables(today - timedelta(days=1), today)}
    category = {r.label: r for r in tables["category"].rows}
    assert category["Vårdplanering och utskrivning"].count == 3
    assert category["Läkemedel"].count == 2 and category["Läkemedel"].closed == 2
    assert category["Fall"].count == 0
    assert {r.label: r.count for r in tables["unit"].rows} == {"Avdelning 31, medicin": 5}
    assert {r.label: r.count for r in tables["direction"].rows} == {"Kommun → Region": 5}
    assert tables["category"].total == 5
    assert statistics.tables(date(2000, 1, 1), date(2000, 12, 31))[0].total == 0


def test_the_page_and_the_csv_for_the_unit_head_and_the_analyst(client_as, small_county, elsa_stay):
    _many(small_county, elsa_stay, 6)
    _many(small_county, elsa_stay, 7, category="medication")
    _many(small_county, elsa_stay, 1, category="fall")
    for username in ("verksamhetschef", "analytiker"):
        page = client_as(username).get(reverse("deviations:statistics"))
        assert page.status_code == 200
        assert "Vårdplanering och utskrivning" in page.text and "dold" in page.text
    csv = client_as("analytiker").get(reverse("deviations:statistics_csv")).content.decode()
    assert "Kategori;Läkemedel;7;0;0" in csv
    assert "Kategori;Fall;dold;dold;dold" in csv
    # hidden beside the lone hidden count, which would otherwise be 14 - 7 - 6
    assert "Kategori;Vårdplanering och utskrivning;dold;dold;dold" in csv
    assert "Ansvarig enhet;Avdelning 31, medicin;14;0;0" in csv
    assert client_as("allmanlakare").get(reverse("deviations:statistics")).status_code == 403
    bad = client_as("analytiker").get(reverse("deviations:statistics"), {"start": "igår"})
    assert bad.status_code == 400 and "Ange datumet som ÅÅÅÅ-MM-DD." in bad.text


# The unit filter. A = Hemsjukvården Västerås (the municipal nurse's unit), B = Avdelning 31 (the
# ward), C = Vårdcentralen Skiljebo (the district nurse's unit, where the unit head is head).
def _routine(username, to_unit, **kw):
    return report(None, username=username, responsible_unit=to_unit, **kw)


@pytest.fixture
def three_units(small_county, demo_users):
    """One deviation reported by A to B, one within A, one within C."""
    units = small_county.units
    a, b, c = units["home_health"], units["ward"], units["skiljebo"]
    a_to_b = _routine("kommunskoterska", b, category="discharge")
    _routine("kommunskoterska", a, category="medication")
    _routine("distriktsskoterska", c, category="fall")
    return a, b, c, a_to_b


def _totals(unit=None):
    today = timezone.localdate()
    return statistics.tables(today - timedelta(days=1), today, unit and unit.pk)[0].total


def test_a_unit_counts_what_it_reported_or_received(three_units, settings):
    settings.NAVET_DEVIATION_MIN_COUNT = 1  # nothing hidden: the counts by hand
    a, b, c, _ = three_units
    assert (_totals(), _totals(a), _totals(b), _totals(c)) == (3, 2, 1, 1)
    today = timezone.localdate()
    tables = {t.key: t for t in statistics.tables(today, today, a.pk)}
    assert {r.label: r.count for r in tables["category"].rows if r.count} == {
        "Vårdplanering och utskrivning": 1,
        "Läkemedel": 1,
    }
    assert {r.label: r.count for r in tables["unit"].rows} == {
        "Avdelning 31, medicin": 1,
        "Hemsjukvården Västerås": 1,
    }
    assert {r.label: r.count for r in tables["direction"].rows} == {
        "Kommun → Kommun": 1,
        "Kommun → Region": 1,
    }


def test_a_forwarded_deviation_counts_at_the_unit_now_responsible(three_units, settings):
    settings.NAVET_DEVIATION_MIN_COUNT = 1
    a, b, c, a_to_b = three_units
    act("forward", a_to_b, "avdelningsskoterska", to_unit=c, reason="Gäller vårdcentralen.")
    assert (_totals(), _totals(a), _totals(b), _totals(c)) == (3, 2, 0, 2)


def test_small_counts_are_hidden_within_the_unit_counts(three_units, settings):
    settings.NAVET_DEVIATION_MIN_COUNT = 5
    a, _, _, _ = three_units
    for _ in range(5):
        _routine("kommunskoterska", a, category="discharge")
    # A: 6 discharge (one to B), 1 medication; all: 6 discharge, 1 medication, 1 fall
    today = timezone.localdate()
    mine = {r.label: r.count for r in statistics.tables(today, today, a.pk)[0].rows}
    assert mine["Läkemedel"] is None
    assert mine["Vårdplanering och utskrivning"] is None  # else 7 - 6 gives the hidden one
    assert mine["Fall"] == 0
    everyone = {r.label: r.count for r in statistics.tables(today, today)[0].rows}
    assert everyone["Läkemedel"] is None and everyone["Fall"] is None
    assert everyone["Vårdplanering och utskrivning"] == 6  # two hidden: none recoverable
    assert _totals(a) == 7 and _totals() == 8


def _options(page) -> list[str]:
    return re.findall(r'<option value="(\d*)"', page.text)


def test_the_unit_head_is_offered_their_own_unit_first(client_as, three_units):
    a, b, c, _ = three_units
    head = client_as("verksamhetschef").get(reverse("deviations:statistics"))
    assert head.status_code == 200
    assert _options(head) == ["", str(c.pk), str(a.pk), str(b.pk)]  # all, own, the others
    assert 'optgroup label="Dina enheter"' in head.text and "Alla enheter" in head.text
    analyst = client_as("analytiker").get(reverse("deviations:statistics"))
    assert _options(analyst) == ["", str(a.pk), str(b.pk), str(c.pk)]  # municipal first
    assert "Dina enheter" not in analyst.text


def test_the_page_and_the_csv_for_one_unit(client_as, three_units, settings):
    settings.NAVET_DEVIATION_MIN_COUNT = 1
    a = three_units[0]
    page = client_as("verksamhetschef").get(reverse("deviations:statistics"), {"unit": a.pk})
    assert page.status_code == 200
    assert "Avvikelser som enheten rapporterat eller tagit emot" in page.text
    assert f'<option value="{a.pk}" selected>' in page.text
    assert f"statistik.csv?unit={a.pk}" in page.text
    response = client_as("analytiker").get(reverse("deviations:statistics_csv"), {"unit": a.pk})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-enhet-{a.hsa_id}.csv"')
    csv = response.content.decode()
    assert "Kategori;Läkemedel;1;0;0" in csv and "Kategori;Fall;0;0;0" in csv
    assert "Ansvarig enhet;Avdelning 31, medicin;1;0;0" in csv
    assert "Vårdcentralen Skiljebo" not in csv
    everyone = client_as("analytiker").get(reverse("deviations:statistics_csv"))
    assert "Kategori;Fall;1;0;0" in everyone.content.decode()
    assert "enhet" not in everyone["Content-Disposition"]


def test_an_unknown_unit_is_refused_with_a_message(client_as, three_units, small_county):
    office = small_county.units["office"]  # exists, but has no deviations: not offered
    for unit in ("abc", "999999", str(office.pk), "1.5", " "):
        page = client_as("analytiker").get(reverse("deviations:statistics"), {"unit": unit})
        assert page.status_code == 400, unit
        assert "Enhet: Enheten finns inte i listan. Välj en enhet eller Alla enheter." in page.text
        assert "Urvalet kunde inte användas" in page.text  # a filter, nothing was being saved
        assert "Det gick inte att spara" not in page.text
        assert "Alla enheter." in page.text  # what the page shows instead
        assert 'href="/avvikelser/statistik.csv"' in page.text
        csv = client_as("analytiker").get(reverse("deviations:statistics_csv"), {"unit": unit})
        assert csv.status_code == 400 and csv["Content-Type"].startswith("text/plain")
        assert csv.content.decode().startswith("Felaktigt urval. Enhet: Enheten finns inte")
    bad_date = client_as("analytiker").get(reverse("deviations:statistics_csv"), {"end": "igår"})
    assert bad_date.status_code == 400
    assert "Till och med: Ange datumet som ÅÅÅÅ-MM-DD." in bad_date.content.decode()


def test_the_unit_filter_opens_the_statistics_to_no_one_new(client, client_as, three_units):
    a = three_units[0]
    for name in ("statistics", "statistics_csv"):
        url = reverse(f"deviations:{name}")
        assert client_as("kommunskoterska").get(url, {"unit": a.pk}).status_code == 403
        assert client.get(url, {"unit": a.pk}).status_code == 302  # to the login page
