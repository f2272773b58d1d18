"""A municipality's finance staff check their own municipality's invoice basis, and no other."""

import pytest
from django.urls import reverse

from navet.payment.models import DailyAmount
from navet.payment.scope import municipalities_for
from navet.payment.tests.test_views import DATA, upload
from navet.web.tests.html import text

pytestmark = pytest.mark.django_db


def test_the_finance_officer_sees_only_the_own_municipality(client_as, demo_users):
    client = client_as("kommunekonom")
    user = client.get(reverse("web:start")).wsgi_request.user
    assert [m.code for m in municipalities_for(user)] == ["1980"]  # Västerås, the demo's own
    page = client.get(reverse("payment:overview"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="1980"' in html and 'value="1981"' not in html  # no Sala in the form
    assert "Lägg in belopp" not in text(page.content, "main")  # amounts stay the analyst's
    assert "Betalningsansvar" in text(client.get(reverse("web:start")).content, "nav")


def test_the_own_basis_is_produced_and_another_municipality_is_refused(client_as, demo_users):
    DailyAmount.objects.update_or_create(year=2022, defaults={"amount": 9300})
    client = client_as("kommunekonom")
    own = upload(client)
    assert own.status_code == 200 and "83700,00" in text(own.content, "main")  # docs/payment.md
    other = client.post(
        reverse("payment:basis"),
        {"municipality": "1981", "month": "2022-03", "source": "transitions", "output": "csv"},
    )
    assert other.status_code == 400
    assert other["Content-Type"].startswith("text/html")  # no file left Navet
    assert "giltigt" in text(other.content, "main")


def test_the_analyst_still_sees_every_municipality(client_as, demo_users):
    html = client_as("analytiker").get(reverse("payment:overview")).content.decode()
    assert 'value="1980"' in html and 'value="1981"' in html
    assert DATA.exists()
