"""Test helpers for printed documents: a PDF's text (pdftotext) and how much ink its first page
carries once rendered (pdftoppm) — both from Debian's poppler-utils, installed by ./navet test."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def pdf_text(content: bytes) -> str:
    """The text of a PDF, page by page (pdftotext from poppler-utils, installed by ./navet test)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(content)
        result = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        )
    return result.stdout


def first_page_ink_share(content: bytes) -> float:
    """The share of the first page's pixels that are not white (rendered by pdftoppm at 50 dpi)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(content)
        subprocess.run(
            [
                "pdftoppm",
                "-f",
                "1",
                "-l",
                "1",
                "-r",
                "50",
                "-gray",
                "-singlefile",
                str(path),
                str(Path(tmp) / "page"),
            ],
            check=True,
            capture_output=True,
        )
        pgm = (Path(tmp) / "page.pgm").read_bytes()
    # Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
    header_fields: list[bytes] = []
    position = 0
    while len(header_fields) < 4:
        while pgm[position : position + 1].isspace():
            position += 1
        end = position
        while not pgm[end : end + 1].isspace():
            end += 1
        header_fields.append(pgm[position:end])
        position = end
    pixels = pgm[position + 1 :]
    maximum = int(header_fields[3])
    dark = sum(1 for value in pixels if value < maximum * 0.9)
    return dark / len(pixels)
