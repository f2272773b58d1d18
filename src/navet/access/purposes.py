"""Why data are read (purpose) and which law governs them (data category).

Both are part of every gate decision and every audit row. The person's own log shows the purpose
label, so the labels are written for residents as much as for staff.
"""

from django.db import models


class Purpose(models.TextChoices):
    CARE = "care", "Vård och behandling"
    SIP = "sip", "Samordnad individuell plan (SIP)"
    DISCHARGE_PLANNING = "discharge_planning", "Planering inför utskrivning"
    OWN_DATA = "own_data", "Egna uppgifter"
    GUARDIAN = "guardian", "Vårdnadshavare läser barnets plan"
    LOG_REVIEW = "log_review", "Loggranskning"
    ADMINISTRATION = "administration", "Administration av samtycke och spärr"


class DataCategory(models.TextChoices):
    """Health-care data fall under Patientdatalagen; municipal social-care data under
    socialtjänstlagen, lag (2001:454) and OSL 26. The gate applies each category's rules
    (settings.NAVET_ACCESS_CATEGORY_RULES)."""

    HEALTH = "health", "Hälso- och sjukvård"
    SOCIAL = "social", "Socialtjänst"


# Unit kinds whose records are social-care documentation (home care, assistance decisions,
# residential care under SoL); every other kind documents health care.
SOCIAL_CARE_UNIT_KINDS = frozenset({"home_care", "social_services", "nursing_home"})


def category_of_unit_kind(kind: str) -> DataCategory:
    return DataCategory.SOCIAL if kind in SOCIAL_CARE_UNIT_KINDS else DataCategory.HEALTH
