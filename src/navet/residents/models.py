"""Residents: the person, where they are registered and live, who is close to them, and the
records (listing, named contacts) that tie them to care over time.

Everything that changes over time is a period record (`valid_from` … `valid_to`, inclusive,
null = open) so that "which municipality was this person registered in on 3 March 2024?" is one
query; edits to the records themselves are kept by django-simple-history (who, when, what).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from navet.organisation.models import CareUnit, Municipality, Staff


class IdentifierKind(models.TextChoices):
    PERSONAL_IDENTITY_NUMBER = "personnummer", "Personnummer"
    COORDINATION_NUMBER = "samordningsnummer", "Samordningsnummer"
    RESERVE_NUMBER = "reservnummer", "Reservnummer"


class Sex(models.TextChoices):
    FEMALE = "F", "Kvinna"
    MALE = "M", "Man"


class Person(models.Model):
    identifier = models.CharField(
        "identitetsnummer",
        max_length=13,
        unique=True,
        help_text="Normaliserat: 12 siffror, eller reservnummer ÅÅÅÅMMDDRnnnn.",
    )
    identifier_kind = models.CharField(
        "typ av identitet", max_length=20, choices=IdentifierKind.choices
    )
    given_name = models.CharField("förnamn", max_length=100)
    family_name = models.CharField("efternamn", max_length=100)
    sex = models.CharField("kön", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("födelsedatum")
    protected_identity = models.BooleanField(
        "skyddad identitet",
        default=False,
        help_text="Sekretessmarkering eller skyddad folkbokföring: adress visas inte.",
    )
    death_date = models.DateField("dödsdatum", null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resident",
        help_text="Invånarens eget konto (e-legitimation i produktion).",
    )
    history = HistoricalRecords(excluded_fields=["user"])

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "personer"
        indexes = [
            models.Index(fields=["family_name", "given_name"]),
            models.Index(fields=["birth_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return str(self)


class Period(models.Model):
    """An inclusive validity period; `valid_to` is the last valid day, null while open."""

    valid_from = models.DateField("från")
    valid_to = models.DateField("till och med", null=True, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def valid_on(cls, day):
        return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def _period_order(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name=name
    )


class Residence(Period):
    """Folkbokföring: the registered address, which decides the municipality."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residences")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    street_address = models.CharField("gatuadress", max_length=150)
    postal_code = models.CharField("postnummer", max_length=6)
    city = models.CharField("postort", max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "folkbokföringsadress"
        verbose_name_plural = "folkbokföringsadresser"
        ordering = ["person", "-valid_from"]
        indexes = [models.Index(fields=["person", "valid_from"])]
        constraints = [_period_order("residence_period_order")]

    def __str__(self) -> str:
        return f"{self.street_address}, {self.city} ({self.valid_from}–{self.valid_to or ''})"


class LivingSituationKind(models.TextChoices):
    OWN_HOME = "own_home", "Eget boende"
    NURSING_HOME = "nursing_home", "Särskilt boende"
    SHORT_TERM_STAY = "short_term_stay", "Korttidsboende"


class LivingSituation(Period):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="living_situations")
    kind = models.CharField("boendeform", max_length=20, choices=LivingSituationKind.choices)
    unit = models.ForeignKey(
        CareUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Särskilt boende eller korttidsboende där personen bor.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "boendeform"
        verbose_name_plural = "boendeformer"
        ordering = ["person", "-valid_from"]
        indexes = [models.Index(fields=["person", "valid_from"])]
        constraints = [_period_order("living_situation_period_order")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.valid_from}–{self.valid_to or ''})"


class HomeCare(Period):
    """A home-care decision (hemtjänst) in ordinary housing: who gets it, from which unit."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="home_care")
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    hours_per_month = models.PositiveSmallIntegerField("beviljade timmar per månad", null=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "hemtjänstbeslut"
        verbose_name_plural = "hemtjänstbeslut"
        indexes = [models.Index(fields=["person", "valid_from"])]
        constraints = [_period_order("home_care_period_order")]

    def __str__(self) -> str:
        return f"Hemtjänst {self.unit} ({self.valid_from}–{self.valid_to or ''})"


class RelationKind(models.TextChoices):
    SPOUSE = "spouse", "Make/maka/sambo"
    CHILD = "child", "Barn"
    PARENT = "parent", "Förälder"
    SIBLING = "sibling", "Syskon"
    FRIEND = "friend", "Vän"
    OTHER = "other", "Annan"


class Relative(Period):
    """Närstående or vårdnadshavare. A guardian has legal rights a relative does not."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relatives")
    related_person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="relative_of"
    )
    name = models.CharField("namn", max_length=200)
    relation = models.CharField("relation", max_length=20, choices=RelationKind.choices)
    is_guardian = models.BooleanField("vårdnadshavare", default=False)
    phone = models.CharField("telefon", max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "närstående"
        verbose_name_plural = "närstående"
        constraints = [_period_order("relative_period_order")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relation_display()})"


class ListingOrigin(models.TextChoices):
    ACTIVE_CHOICE = "active_choice", "Aktivt val"
    AUTOMATIC = "automatic", "Automatisk listning"
    UNKNOWN = "unknown", "Okänt"


class ListingEndReason(models.TextChoices):
    """Why a listing ended (blank while it goes on, and for records from before the rules)."""

    CHANGED = "changed", "Bytte vårdcentral"
    MOVED_OUT_OF_COUNTY = "moved_out_of_county", "Flyttade från länet"
    DECEASED = "deceased", "Avliden"
    UNIT_CLOSED = "unit_closed", "Vårdcentralen upphörde"
    DEREGISTERED = "deregistered", "Avregistrerad"


class Listing(Period):
    """Listning at a health centre; one at a time.

    The rules (one at a time, changes per year, caps, waiting list) live in `navet.listing`,
    which is the only writer; `key` makes a registration idempotent (a double click lists once).
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="listings")
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="listings")
    origin = models.CharField(
        "hur listningen kom till", max_length=20, choices=ListingOrigin.choices, default="unknown"
    )
    registered_by = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    end_reason = models.CharField(
        "skäl till att listningen upphörde",
        max_length=30,
        choices=ListingEndReason.choices,
        blank=True,
        default="",
        db_default="",
    )
    key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "listning"
        verbose_name_plural = "listningar"
        ordering = ["person", "-valid_from"]
        indexes = [
            models.Index(fields=["person", "valid_from"]),
            models.Index(fields=["unit", "valid_from"]),
        ]
        constraints = [
            _period_order("listing_period_order"),
            # One open listing per person: the last line of defence behind the person-row lock.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(valid_to__isnull=True),
                name="listing_one_open_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.valid_from}–{self.valid_to or ''})"


class NamedContactRole(models.TextChoices):
    NAMED_DOCTOR = "named_doctor", "Fast läkarkontakt"
    NAMED_CARE_CONTACT = "named_care_contact", "Fast vårdkontakt"
    NAMED_SOCIAL_CARE_CONTACT = "named_social_care_contact", "Fast omsorgskontakt"


class NamedContact(Period):
    """A named contact (fast kontakt) for a period: who, in which unit, appointed by whom and why.

    Written by `navet.listing.services` only (the rules: who may be named, who appoints, one named
    doctor at a time). `key` makes an appointment idempotent; ending records who and why.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="named_contacts")
    role = models.CharField("roll", max_length=30, choices=NamedContactRole.choices)
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="named_contacts")
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="named_contacts")
    appointed_by = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField("motivering", max_length=300, blank=True)
    ended_by = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    end_reason = models.CharField(
        "skäl till avslut", max_length=300, blank=True, default="", db_default=""
    )
    key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "fast kontakt"
        verbose_name_plural = "fasta kontakter"
        ordering = ["person", "role", "-valid_from"]
        indexes = [
            models.Index(fields=["person", "role"]),
            models.Index(fields=["staff", "role"]),
        ]
        constraints = [
            _period_order("named_contact_period_order"),
            # One open named doctor per person: the last line of defence behind the row lock.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(valid_to__isnull=True, role="named_doctor"),
                name="named_contact_one_open_named_doctor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.staff} ({self.valid_from}–{self.valid_to or ''})"
