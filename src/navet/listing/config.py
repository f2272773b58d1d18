"""The listing app's configurable rules, each with its default. Override in settings (the NAVET_*
names below). Law gives some of them (marked); the rest is local policy."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


def changes_per_window() -> int:
    """Listing changes a person may make within the window (prop. 2021/22:72: two per 12 months)."""
    return int(getattr(settings, "NAVET_LISTING_CHANGES_PER_YEAR", 2))


def change_window_days() -> int:
    """The rolling window for the change limit, in days (12 months)."""
    return int(getattr(settings, "NAVET_LISTING_CHANGE_WINDOW_DAYS", 365))


@dataclass(frozen=True)
class NamedDoctorRules:
    """Who may be a named doctor (fast läkarkontakt), HSL 7:3, prop. 2021/22:72.

    A specialist in general practice or an ST doctor in general practice always; a paediatrician
    for a child and a geriatrician for an older person when allowed here; another doctor only
    when the appointer confirms equivalent competence (and `accept_equivalent` allows it).
    """

    grades: tuple[str, ...] = ("specialist", "st")
    specialties: tuple[str, ...] = ("general_practice",)
    paediatrician_for_children: bool = True
    child_below_age: int = 18
    geriatrician_for_older: bool = True
    older_from_age: int = 65
    accept_equivalent: bool = True


def named_doctor_rules() -> NamedDoctorRules:
    overrides = getattr(settings, "NAVET_NAMED_DOCTOR_RULES", {})
    rules = NamedDoctorRules(**overrides)
    return NamedDoctorRules(
        **{**rules.__dict__, "grades": tuple(rules.grades), "specialties": tuple(rules.specialties)}
    )


def social_care_contact_in_nursing_homes() -> bool:
    """Offer a named social-care contact to nursing-home residents too (prop. 2025/26:60, from
    1 July 2026 if adopted [unverified]); off by default."""
    return bool(getattr(settings, "NAVET_SOCIAL_CARE_CONTACT_IN_NURSING_HOMES", False))


def worklist_recent_days() -> int:
    """Worklist "recently listed without a named doctor": listed within this many days."""
    return int(getattr(settings, "NAVET_WORKLIST_RECENT_DAYS", 90))


def worklist_page_size() -> int:
    return int(getattr(settings, "NAVET_WORKLIST_PAGE_SIZE", 50))


# --- Named-doctor capacity and proposals (issue 5 parts 3 and 4) --------------------------------


NAMED_DOCTOR_GUIDE_LOAD = {"specialist": 1100, "st": 550}


def guide_values() -> dict[str, int]:
    """Socialstyrelsen's guide value: persons with the doctor as named doctor per full-time
    equivalent, by doctor grade (1 100 per specialist FTE, 550 per ST-doctor FTE): the
    installation's default; a county's `GuideValue` for a year overrides it
    (`capacity.guide_value`)."""
    values = dict(NAMED_DOCTOR_GUIDE_LOAD)
    values.update(getattr(settings, "NAVET_NAMED_DOCTOR_GUIDE_VALUES", {}))
    return values


def proposal_overshoot_percent() -> int:
    """How far above the guide value proposals and acceptance may go (0: a hard limit)."""
    return int(getattr(settings, "NAVET_PROPOSAL_OVERSHOOT_PERCENT", 0))


def continuity_window_days() -> int:
    """Visits within this many days decide which doctor the person has seen most (18 months)."""
    return int(getattr(settings, "NAVET_PROPOSAL_CONTINUITY_DAYS", 548))
