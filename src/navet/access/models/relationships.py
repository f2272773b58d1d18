"""Care relationships (vårdrelation): why a unit, or one member of its staff, may read a person's
data. Opened by events (listing, named contact, home care, admission, SIP …) or by hand with a
reason; each has a start and, once its event ends, an end (the event's end plus a grace period)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from navet.organisation.models import CareUnit, Staff
from navet.residents.models import Person


class RelationshipKind(models.TextChoices):
    LISTING = "listing", "Listning"
    NAMED_CONTACT = "named_contact", "Fast kontakt"
    HOME_CARE = "home_care", "Hemtjänstbeslut"
    NURSING_HOME = "nursing_home", "Särskilt boende"
    ADMISSION = "admission", "Inskrivning i slutenvård"
    SIP = "sip", "Deltagare i SIP"
    MOBILE_TEAM = "mobile_team", "Uppdrag till mobilt team"
    MANUAL = "manual", "Registrerad för hand"
    EMERGENCY = "emergency", "Nödåtkomst"


class CareRelationship(models.Model):
    """A unit's (or, with `staff`, one staff member's) relationship to a person for a period.

    `key` makes opening idempotent: the same event always yields the same key, so opening twice
    returns the first row (see navet.access.relationships.open_relationship).
    """

    key = models.CharField(max_length=200, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="care_relationships")
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="care_relationships")
    staff = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="care_relationships"
    )
    kind = models.CharField("grund", max_length=20, choices=RelationshipKind.choices)
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=40, blank=True)
    starts_at = models.DateTimeField("från")
    ends_at = models.DateTimeField("till", null=True, blank=True)
    event_ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField("motivering", max_length=500, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "vårdrelation"
        verbose_name_plural = "vårdrelationer"
        indexes = [
            models.Index(fields=["person", "unit"]),
            models.Index(fields=["unit", "ends_at"]),
            models.Index(fields=["source_type", "source_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="care_relationship_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.unit} – {self.person_id}"

    @staticmethod
    def active_at(moment) -> Q:
        return Q(starts_at__lte=moment) & (Q(ends_at__isnull=True) | Q(ends_at__gt=moment))


class StaffPerson(models.Model):
    """A member of staff's own person record: lets log review find reads of one's own record,
    of people at the same address, and of colleagues."""

    staff = models.OneToOneField(Staff, on_delete=models.CASCADE, related_name="own_person")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "medarbetares egen person"
        verbose_name_plural = "medarbetares egna personer"

    def __str__(self) -> str:
        return f"{self.staff} ({self.person_id})"
