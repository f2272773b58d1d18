"""Exports of the audit log and of reviews: CSV for spreadsheets, PDF for the record.

PDFs use fpdf2's built-in Helvetica (pure Python, no system fonts): it covers Latin-1, which has
every Swedish letter; the few typographic characters outside it are replaced.
"""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from fpdf import FPDF

from navet.access.models import AuditAction

_REPLACE = str.maketrans(
    {"–": "-", "—": "-", "…": "...", "’": "'", "“": '"', "”": '"', "\u00a0": " "}
)

EVENT_COLUMNS = [
    "tid",
    "händelse",
    "användare",
    "HSA-id",
    "roll",
    "enhet",
    "person",
    "objekt",
    "ändamål",
    "beslut",
    "skäl",
    "IP-adress",
]


def latin1(text) -> str:
    return str(text).translate(_REPLACE).encode("latin-1", "replace").decode("latin-1")


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def event_row(event, persons: dict) -> list[str]:
    person = persons.get(event.person_id)
    return [
        local(event.occurred_at),
        AuditAction(event.action).label if event.action in AuditAction.values else event.action,
        event.username,
        event.hsa_id,
        event.role,
        event.unit_name,
        f"{person.identifier} {person.full_name}" if person else (event.person_id or ""),
        f"{event.object_type} {event.object_id}".strip(),
        event.purpose,
        event.decision,
        event.reason,
        event.ip or "",
    ]


def events_csv(events, persons: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(EVENT_COLUMNS)
    for event in events:
        writer.writerow(event_row(event, persons))
    return out.getvalue()


def reviews_csv(reviews) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [
            "id",
            "typ",
            "kontroll",
            "användare",
            "person-id",
            "från",
            "till",
            "träffar",
            "status",
            "utfall",
            "bedömning",
            "åtgärd",
            "granskad",
            "granskad av",
        ]
    )
    for r in reviews:
        writer.writerow(
            [
                r.pk,
                r.get_kind_display(),
                r.get_check_kind_display(),
                r.subject_username,
                r.person_id or "",
                local(r.period_start),
                local(r.period_end),
                r.hits,
                r.get_status_display(),
                r.get_outcome_display(),
                r.notes,
                r.action_taken,
                local(r.reviewed_at),
                r.reviewed_by.get_username() if r.reviewed_by else "",
            ]
        )
    return out.getvalue()


class _Pdf(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.title_text = latin1(title)
        self.set_auto_page_break(auto=True, margin=12)
        self.set_title(self.title_text)
        self.set_creator("Navet")
        self.add_page()

    def header(self):
        self.set_font("helvetica", "B", 13)
        self.cell(0, 8, self.title_text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("helvetica", "", 8)
        self.cell(
            0,
            5,
            latin1(f"Utskriven {local(timezone.now())} ur Navet"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.ln(2)

    def footer(self):
        self.set_y(-10)
        self.set_font("helvetica", "", 8)
        self.cell(0, 5, f"Sida {self.page_no()}", align="R")

    def paragraph(self, text: str, *, bold: bool = False) -> None:
        self.set_font("helvetica", "B" if bold else "", 10)
        self.multi_cell(0, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")

    def table(self, headings: list[str], rows: list[list[str]], widths: list[int]) -> None:
        self.set_font("helvetica", "", 8)
        with super().table(col_widths=widths, text_align="LEFT", line_height=4.5) as table:
            row = table.row()
            for heading in headings:
                row.cell(latin1(heading))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(latin1(value))


def events_pdf(title: str, events, persons: dict, intro: str = "") -> bytes:
    pdf = _Pdf(title)
    if intro:
        pdf.paragraph(intro)
    headings = ["Tid", "Händelse", "Användare", "Enhet", "Person", "Ändamål", "Beslut"]
    rows = []
    for event in events:
        full = event_row(event, persons)
        rows.append(
            [
                full[0],
                full[1],
                f"{full[2]} {full[3]}".strip(),
                full[5],
                str(full[6]),
                full[8],
                full[9],
            ]
        )
    if rows:
        pdf.table(headings, rows, [32, 38, 40, 50, 55, 30, 25])
    else:
        pdf.paragraph("Inga loggposter.")
    return bytes(pdf.output())


def review_pdf(review, events, persons: dict) -> bytes:
    pdf = _Pdf(f"Loggranskning {review.pk}: {review.get_check_kind_display()}")
    pdf.paragraph(
        f"Typ: {review.get_kind_display()}. Användare: {review.subject_username}. Period: "
        f"{local(review.period_start)} - {local(review.period_end)}. Träffar: {review.hits}."
    )
    pdf.paragraph(f"Status: {review.get_status_display()}", bold=True)
    if review.outcome:
        pdf.paragraph(f"Utfall: {review.get_outcome_display()}. Bedömning: {review.notes}")
        if review.action_taken:
            pdf.paragraph(f"Åtgärd: {review.action_taken}")
        who = review.reviewed_by.get_username() if review.reviewed_by else ""
        pdf.paragraph(f"Granskad {local(review.reviewed_at)} av {who}.")
    pdf.ln(2)
    headings = ["Tid", "Händelse", "Enhet", "Person", "Ändamål", "Beslut", "IP-adress"]
    rows = []
    for event in events:
        full = event_row(event, persons)
        rows.append([full[0], full[1], full[5], str(full[6]), full[8], full[9], full[11]])
    if rows:
        pdf.table(headings, rows, [32, 40, 55, 60, 30, 25, 28])
    return bytes(pdf.output())


def citizen_log_pdf(person, rows, *, shows_names: bool) -> bytes:
    """The person's own access log (HSLF-FS 2016:40 4 kap. 10 §: unit and time, judgeable)."""
    pdf = _Pdf(f"Logg över åtkomst till dina uppgifter - {person.full_name}")
    pdf.paragraph(
        "Här ser du när och från vilken enhet någon har läst, sökt fram eller ändrat dina "
        "uppgifter i Navet, och för vilket ändamål."
    )
    headings = ["Tid", "Enhet", "Vårdgivare", "Vad", "Ändamål"] + (["Namn"] if shows_names else [])
    widths = [32, 60, 55, 55, 45] + ([30] if shows_names else [])
    table = [
        [r.when, r.unit, r.provider, r.action, r.purpose] + ([r.name] if shows_names else [])
        for r in rows
    ]
    if table:
        pdf.table(headings, table, widths)
    else:
        pdf.paragraph("Ingen har läst dina uppgifter under perioden.")
    return bytes(pdf.output())
