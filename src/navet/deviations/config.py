"""Settings of shared deviations. The category list is local policy: each county agrees its own
in the collaboration routines, so it is a setting (codes are stored, labels shown) rather than
database choices; a code that is removed from the list still shows as its code."""

from __future__ import annotations

from django.conf import settings

DEFAULT_CATEGORIES = (
    ("medication", "Läkemedel"),
    ("information", "Informationsöverföring och kommunikation"),
    ("discharge", "Vårdplanering och utskrivning"),
    ("fall", "Fall"),
    ("care", "Vård och behandling"),
    ("equipment", "Hjälpmedel och medicinteknik"),
    ("conduct", "Bemötande"),
    ("other", "Annat"),
)


def categories() -> tuple[tuple[str, str], ...]:
    return tuple(getattr(settings, "NAVET_DEVIATION_CATEGORIES", DEFAULT_CATEGORIES))


def category_label(code: str) -> str:
    return dict(categories()).get(code, code)


def min_count() -> int:
    """Statistics cells with fewer deviations than this (but more than none) are hidden, as the
    follow-up dashboards hide cells of fewer than five persons."""
    return int(getattr(settings, "NAVET_DEVIATION_MIN_COUNT", 5))
