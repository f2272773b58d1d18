import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from navet.access.models import AuditEvent
from navet.payment import sources
from navet.payment.models import DailyAmount
from navet.payment.tests.helpers import stay
from navet.web.tests.pdf import first_page_ink_share, pdf_text

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "timelines.csv"
BASIS = reverse("payment:basis")


def upload(client, output="html", month="2022-03", content=None):
    content = DATA.read_bytes() if content is None else content
    return client.post(
        BASIS,
        {
            "municipality": "1980",
            "month": month,
            "source": "upload",
            "output": output,
            "file": SimpleUploadedFile("stays.csv", content, content_type="text/csv"),
        },
    )


def test_only_analysts_and_leadership(client_as):
    for username in ("allmanlakare", "forumsekreterare", "kommunskoterska", "invanare"):
        assert client_as(username).get(reverse("payment:overview")).status_code == 403
    page = client_as("lansledning").get(reverse("payment:overview"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "lagens standard" in body and "9300,00" in body and "HSLF-FS 2018:67" in body


def test_the_menu_links_the_page(client_as):
    body = client_as("analytiker").get(reverse("web:start")).content.decode()
    assert reverse("payment:overview") in body


def test_the_basis_on_the_page(client_as):
    """The example file (hand computation in test_individual.py): E1 4 days (statutory), E2 3
    (revoked and ready again), E3 2 (region's gap), E4 another municipality: 9 days, 83 700 kr."""
    body = upload(client_as("analytiker")).content.decode()
    rows = [f'<th scope="row">{ref}</th>' in body for ref in ("E1", "E2", "E3", "E4")]
    assert rows == [True, True, True, False]
    assert "83700,00" in body
    assert "vårdcentralen ej klar" in body


def test_csv_and_excel(client_as):
    client = client_as("analytiker")
    response = upload(client, "csv")
    assert response["Content-Disposition"].startswith('attachment; filename="betalningsansvar-1980')
    text = response.content.decode("utf-8-sig")
    assert "Summa belopp (kr);83700,00" in text
    assert "E2;p-b;somatisk;2022-03-14;" in text
    book = load_workbook(io.BytesIO(upload(client, "xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    lines = {row[0]: row for row in rows if row[0] in ("E1", "E2", "E3")}
    assert (lines["E1"][6], lines["E1"][7]) == (4, 37200)
    assert ("Summa belopp (kr)", 83700) in [row[:2] for row in rows]
    exports = AuditEvent.objects.filter(action="export", object_type="payment_invoice_basis")
    assert [(e.username, e.object_id) for e in exports] == [("analytiker", "1980/2022-03")] * 2


def test_pdf(client_as):
    response = upload(client_as("analytiker"), "pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Underlag för betalningsansvar" in text and "83700,00" in text
    assert first_page_ink_share(response.content) > 0


def test_bad_input_is_explained(client_as):
    client = client_as("analytiker")
    body = upload(client, content=b"episode;x\n1;2\n").content.decode()
    assert "kolumner saknas" in body
    response = upload(client, month="mars")
    assert response.status_code == 400 and "ÅÅÅÅ-MM" in response.content.decode()
    no_file = client.post(
        BASIS, {"municipality": "1980", "month": "2022-03", "source": "upload", "output": "html"}
    )
    assert "Välj en CSV-fil" in no_file.content.decode()


def test_a_year_without_amount_says_so(client_as):
    content = DATA.read_text(encoding="utf-8").replace("2022-", "2023-").encode()
    response = upload(client_as("analytiker"), month="2023-03", content=content)
    assert response.status_code == 400
    assert "Belopp per dag saknas för 2023" in response.content.decode()


def test_a_registered_source(client_as):
    """The transitions adapter plugs in here; a stand-in returns one stay: 4 days, 37 200 kr."""
    asked = []

    def timelines(code, first, last):
        asked.append((code, first, last))
        return [stay(ready=["2022-03-07 15:00"], discharged="2022-03-14 10:00")]

    sources.register("standin", "Vårdtillfällen i Navet", timelines)
    try:
        client = client_as("analytiker")
        assert "Vårdtillfällen i Navet" in client.get(reverse("payment:overview")).content.decode()
        response = client.post(
            BASIS,
            {"municipality": "1980", "month": "2022-03", "source": "standin", "output": "html"},
        )
    finally:
        sources.unregister("standin")
    assert "37200,00" in response.content.decode()
    assert [(c, str(f), str(t)) for c, f, t in asked] == [("1980", "2022-01-01", "2022-03-31")]


def test_the_analyst_enters_an_amount_once(client_as):
    form = {"year": "2031", "amount": "12345", "source": "HSLF-FS test"}
    client = client_as("analytiker")
    for _ in range(2):
        assert client.post(reverse("payment:amount"), form).status_code == 302
    assert DailyAmount.objects.get(year=2031).amount == Decimal("12345")
    assert DailyAmount.objects.get(year=2031).entered_by == "analytiker"
    client_as("lansledning").post(reverse("payment:amount"), {**form, "amount": "1"})
    assert DailyAmount.objects.get(year=2031).amount == Decimal("12345")
    bad = client.post(reverse("payment:amount"), {**form, "amount": "-5"})
    assert bad.status_code == 400
