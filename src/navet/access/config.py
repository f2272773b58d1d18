"""The access app's configurable rules, each with its default. Override in settings (the
NAVET_* names below); every number here is local policy, not law, unless the docstring says so."""

from datetime import timedelta

from django.conf import settings

from navet.organisation.roles import Role

DEFAULT_CATEGORY_RULES = {
    # Patientdatalagen / lag 2022:913: reading another care provider's data needs consent;
    # blocks can be broken in an emergency.
    "health": {"consent_across_providers": True, "emergency_access": True},
    # Socialtjänstlagen, lag 2001:454, OSL 26: disclosure to another provider needs consent;
    # no emergency break by default [unverified: configure per the municipalities' legal advice].
    "social": {"consent_across_providers": True, "emergency_access": False},
}

DEFAULT_EMERGENCY_ROLES = (
    Role.REGION_NURSE,
    Role.GP,
    Role.WARD_DOCTOR,
    Role.WARD_NURSE,
    Role.MUNICIPAL_NURSE,
    Role.COORDINATOR,
    Role.UNIT_HEAD,
)


def category_rules() -> dict:
    return getattr(settings, "NAVET_ACCESS_CATEGORY_RULES", DEFAULT_CATEGORY_RULES)


def emergency_roles() -> frozenset[str]:
    return frozenset(getattr(settings, "NAVET_EMERGENCY_ROLES", DEFAULT_EMERGENCY_ROLES))


def emergency_duration() -> timedelta:
    return timedelta(hours=getattr(settings, "NAVET_EMERGENCY_HOURS", 8))


def grace_period(kind: str) -> timedelta:
    """How long a relationship outlives the event that opened it (per kind, in days)."""
    days = getattr(settings, "NAVET_RELATIONSHIP_GRACE_DAYS", {"default": 30})
    return timedelta(days=days.get(kind, days.get("default", 30)))


def retention_years() -> int:
    """Audit rows are kept at least this long (HSLF-FS 2016:40: at least 5 years)."""
    return max(int(getattr(settings, "NAVET_AUDIT_RETENTION_YEARS", 5)), 1)


def audit_durable_reads() -> bool:
    """Whether the audit rows of reads wait for the WAL flush like changes do (PostgreSQL). Off by
    default: a read's row still commits before the data are returned, but a server crash can
    lose the last fraction of a second of read rows (never a change's). See docs/trust.md §5."""
    return bool(getattr(settings, "NAVET_AUDIT_DURABLE_READS", False))


def seal_interval() -> timedelta:
    return timedelta(minutes=getattr(settings, "NAVET_AUDIT_SEAL_MINUTES", 60))


def seal_settle() -> timedelta:
    """A sealed interval must have ended this long ago, so that slow transactions are in."""
    return timedelta(minutes=getattr(settings, "NAVET_AUDIT_SEAL_SETTLE_MINUTES", 10))


def seal_anchor_file() -> str:
    return getattr(settings, "NAVET_AUDIT_ANCHOR_FILE", "")


def review_sample_share() -> float:
    return float(getattr(settings, "NAVET_REVIEW_SAMPLE_SHARE", 0.10))


def review_sample_hours() -> int:
    return int(getattr(settings, "NAVET_REVIEW_SAMPLE_HOURS", 24))


def review_many_persons() -> tuple[int, timedelta]:
    """A user who reads more than this many persons within this window is checked."""
    count = int(getattr(settings, "NAVET_REVIEW_MANY_PERSONS", 30))
    minutes = int(getattr(settings, "NAVET_REVIEW_MANY_PERSONS_MINUTES", 60))
    return count, timedelta(minutes=minutes)


def citizen_log_shows_names() -> bool:
    """Whether the person's own log names the staff member (local decision; the law asks only
    for unit and time)."""
    return bool(getattr(settings, "NAVET_CITIZEN_LOG_SHOWS_NAMES", False))


def guardian_view_until_age() -> int:
    """From this birthday a guardian no longer reads the child's plans in Navet (the child's own
    secrecy, OSL 12 kap. 3 §, weighs heavier with age; see docs/trust.md, Guardians). Local policy
    [unverified]; 18 keeps the view open until custody ends."""
    return int(getattr(settings, "NAVET_GUARDIAN_VIEW_UNTIL_AGE", 16))
