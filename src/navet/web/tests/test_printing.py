from navet.web.printing import download, render_pdf
from navet.web.tests.pdf import first_page_ink_share, pdf_text


def test_a_printed_template_holds_its_swedish_text_and_ink(tmp_path, settings):
    template_dir = tmp_path / "templates"
    (template_dir / "print_test").mkdir(parents=True)
    (template_dir / "print_test" / "doc.html").write_text(
        '{% extends "web/print/base.html" %}{% block content %}'
        "<h1>Samordnad individuell plan för {{ name }}</h1>"
        "<p>Vad är viktigt för dig? Att kunna gå till affären själv.</p>{% endblock %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [template_dir, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    content = render_pdf("print_test/doc.html", {"name": "Åsa Öberg"})

    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Samordnad individuell plan för Åsa Öberg" in text
    assert "Vad är viktigt för dig?" in text
    assert "Sida 1 av 1" in text
    assert first_page_ink_share(content) > 0.002


def test_a_blank_page_has_no_ink():
    from weasyprint import HTML

    blank = HTML(string="<html><body></body></html>").write_pdf()
    assert first_page_ink_share(blank) == 0


def test_a_download_keeps_swedish_letters_in_its_name_and_is_never_cached():
    response = download(b"x", filename="Färdplan 2026.pdf", content_type="application/pdf")
    assert response["Content-Disposition"] == (
        "attachment; filename=\"F_rdplan 2026.pdf\"; filename*=UTF-8''F%C3%A4rdplan%202026.pdf"
    )
    assert response["Cache-Control"] == "no-store"
