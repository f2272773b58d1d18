"""Capacity and the person's own choice (issue 5, parts 3 and 6): the guide value per county and
year, and a person's request to have a named doctor of their own choosing (patientlagen 6:3).

Imported by `listing.models`, so Django sees them as models of the listing app."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from navet.organisation.models import CareUnit, County, Staff
from navet.residents.models import NamedContact, Person


class GuideValue(models.Model):
    """Socialstyrelsen's guide value (riktvärde) for named doctors: persons with the doctor as
    named doctor per full-time equivalent. A row overrides the default (1 100 / 550) for one
    county and year; an admin edits it in the admin site."""

    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("år")
    specialist_per_fte = models.PositiveIntegerField(
        "per heltid, specialist", default=1100, help_text="Specialister och övriga läkare."
    )
    st_per_fte = models.PositiveIntegerField("per heltid, ST-läkare", default=550)
    note = models.CharField("anteckning", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "riktvärde för fast läkarkontakt"
        verbose_name_plural = "riktvärden för fast läkarkontakt"
        ordering = ["county", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="guide_value_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.year}: {self.specialist_per_fte} / {self.st_per_fte}"


class ChoiceKind(models.TextChoices):
    DOCTOR = "doctor", "Val av läkare"
    WAITING_LIST = "waiting_list", "Kö till fast läkarkontakt"


class ChoiceStatus(models.TextChoices):
    PENDING = "pending", "Väntar på besked"
    CONFIRMED = "confirmed", "Bekräftad"
    REFUSED = "refused", "Avböjd"
    WITHDRAWN = "withdrawn", "Återtagen"


class NamedDoctorChoice(models.Model):
    """A person's own choice of named doctor (patientlagen 6:3) at their health centre, or their
    wish to wait for one when no doctor there has room. The unit head confirms (the appointment
    is then `named_contact`) or refuses with an explanation the person sees.

    Proposals (part 4) never override a person's own choice: a pending request, or a current
    named doctor whose NamedContact is the `named_contact` of a confirmed request, is off limits
    (`listing.choice.own_choice_person_ids`)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="doctor_choices")
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="doctor_choices")
    kind = models.CharField("typ", max_length=20, choices=ChoiceKind.choices)
    doctor = models.ForeignKey(
        Staff,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chosen_by",
        verbose_name="vald läkare",
        help_text="Tom i kön: vilken läkare som helst som får plats.",
    )
    status = models.CharField(
        "status", max_length=20, choices=ChoiceStatus.choices, default=ChoiceStatus.PENDING
    )
    message = models.CharField("personens meddelande", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    explanation = models.CharField("förklaring", max_length=500, blank=True)
    named_contact = models.OneToOneField(
        NamedContact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_choice",
    )
    key = models.CharField(max_length=64, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "eget val av fast läkarkontakt"
        verbose_name_plural = "egna val av fast läkarkontakt"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["unit", "status", "created_at"])]
        constraints = [
            # One open request per person: a double submit (with a new key) finds the first.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="pending"),
                name="doctor_choice_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(kind="waiting_list") | Q(doctor__isnull=False),
                name="doctor_choice_names_a_doctor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"
