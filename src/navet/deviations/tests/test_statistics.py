from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from navet.deviations import statistics
from navet.deviations.tests.support import close, report

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
