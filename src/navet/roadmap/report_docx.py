"""The report as a Word document (python-docx), so that the county can edit the final wording.

Same content as the page and the PDF (`reports.build`): every figure in a table with its value,
period, data date and definition; a missing figure says so instead of a zero.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.shared import Pt

from navet.roadmap.reports import FigureRow, ReportContent

FIGURE_HEADINGS = ("Mått", "Värde", "Period", "Data per", "Definition")


def _table(document, headings, rows) -> None:
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = heading
        cell.paragraphs[0].runs[0].bold = True
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value


def figure_values(row: FigureRow) -> tuple[str, ...]:
    value = row.value or row.missing
    definition = row.definition + (f" Jämför: {row.reference}." if row.reference else "")
    return (row.label, value, row.period or "–", row.data_date or "–", definition)


def _paragraphs(document, text: str, empty: str) -> None:
    if not text.strip():
        document.add_paragraph(empty).runs[0].italic = True
        return
    for part in text.split("\n\n"):
        document.add_paragraph(part.strip())


def _directors(document, content: ReportContent) -> None:
    document.add_heading("Status per område och aktivitet", level=1)
    for area, lines in content.areas:
        document.add_heading(str(area), level=2)
        _table(
            document,
            ("Aktivitet", "Status", "Bedömning", "Senaste kommentar"),
            [
                (
                    line.activity.title,
                    line.status,
                    line.judgement,
                    (f"{line.commented_on.isoformat()}: {line.comment}" if line.comment else "–"),
                )
                for line in lines
            ],
        )
    document.add_heading("Indikatorer mot mål", level=1)
    if content.targets:
        _table(
            document,
            (*FIGURE_HEADINGS, "Mål"),
            [(*figure_values(t.figure), t.goal) for t in content.targets],
        )
    else:
        document.add_paragraph("Färdplanen har inga målindikatorer.")
    document.add_heading("Beslut från forumens möten under perioden", level=1)
    for decision in content.decisions:
        forum = f" ({decision.forum})" if decision.forum else ""
        document.add_paragraph(
            f"{decision.recorded_on.isoformat()}{forum}, {decision.activity}: {decision.text}",
            style="List Bullet",
        )
    if not content.decisions:
        document.add_paragraph("Inga beslut registrerade under perioden.")
    if content.needs_action:
        document.add_heading("Aktiviteter som kräver åtgärd", level=2)
        for line in content.needs_action:
            document.add_paragraph(
                f"{line.activity.title} – {line.status}, {line.judgement}", style="List Bullet"
            )


def render_docx(content: ReportContent) -> bytes:
    report = content.report
    document = Document()
    document.styles["Normal"].font.size = Pt(10.5)
    document.add_heading(report.title, level=0)
    document.add_paragraph(
        f"{report.roadmap.name}. {report.get_kind_display()}. "
        f"Period {report.period_start.isoformat()} – {report.period_end.isoformat()}."
    )
    if content.missing:
        document.add_paragraph(
            "Beräknade resultat saknas för perioden för: " + "; ".join(content.missing) + "."
        )
    if content.is_directors:
        _directors(document, content)
    for section in content.sections:
        document.add_heading(section.spec.title, level=1)
        document.add_paragraph(section.spec.guidance).runs[0].italic = True
        if section.figures:
            _table(document, FIGURE_HEADINGS, [figure_values(f) for f in section.figures])
        text = section.section.text if section.section else ""
        _paragraphs(document, text, "Ingen text skriven ännu.")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
