"""The invoice basis as CSV, Excel and PDF: the same columns everywhere, one row per episode."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from navet.payment.basis import InvoiceBasis, InvoiceLine

COLUMNS = [
    "vårdtillfälle",
    "personnyckel",
    "vårdform",
    "utskriven",
    "dagar som utskrivningsklar",
    "varav undantagna",
    "dagar med betalningsansvar",
    "belopp (kr)",
    "grund",
]


def row(line: InvoiceLine) -> list:
    return [
        line.episode_ref,
        line.person_key,
        line.care_type.label,
        line.discharged_on.isoformat() if line.discharged_on else "inneliggande",
        line.ready_days,
        line.excluded_days,
        line.liable_days,
        line.amount,
        line.explanation,
    ]


def heading(basis: InvoiceBasis, municipality_name: str) -> list[list]:
    return [
        ["Underlag för betalningsansvar", f"{municipality_name} ({basis.municipality_code})"],
        ["Månad", f"{basis.month:%Y-%m}"],
        ["Regelverk", basis.rule_label],
        ["Modell", basis.params.model.label],
        ["Summa dagar", basis.total_days],
        ["Summa belopp (kr)", basis.total_amount],
    ]


def _comma(values: list) -> list:
    """Decimal comma, as Swedish spreadsheets read a `;`-separated file."""
    return [str(v).replace(".", ",") if isinstance(v, Decimal) else v for v in values]


def to_csv(basis: InvoiceBasis, municipality_name: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerows(_comma(values) for values in heading(basis, municipality_name))
    writer.writerow([])
    writer.writerow(COLUMNS)
    writer.writerows(_comma(row(line)) for line in basis.lines)
    return out.getvalue()


def to_xlsx(basis: InvoiceBasis, municipality_name: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = f"{basis.month:%Y-%m}"
    for values in heading(basis, municipality_name):
        sheet.append([float(v) if not isinstance(v, str) else v for v in values])
    sheet.append([])
    sheet.append(COLUMNS)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for line in basis.lines:
        values = row(line)
        values[6], values[7] = float(line.liable_days), float(line.amount)
        sheet.append(values)
    sheet.column_dimensions["I"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
