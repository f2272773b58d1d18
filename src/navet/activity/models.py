"""Care activity that Navet receives from the region's and municipalities' record systems.

Every row carries `source_id`, the sending system's own identifier, unique per table: re-importing
the same file finds the rows it already has and changes nothing (see `navet.activity.importer`).
"""

from django.db import models
from django.db.models import F, Q
from django.utils.timezone import localtime

from navet.organisation.models import CareUnit, Profession, Staff
from navet.residents.models import Person


class CareLevel(models.TextChoices):
    PRIMARY = "primary", "Primärvård"
    SPECIALIST = "specialist", "Specialiserad vård"


class VisitForm(models.TextChoices):
    PHYSICAL = "physical", "Mottagningsbesök"
    HOME = "home", "Hembesök"
    PHONE = "phone", "Telefon"
    VIDEO = "video", "Video"
    WRITTEN = "written", "Skriftlig (chatt/meddelande)"


class Visit(models.Model):
    source_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="visits")
    staff = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    profession = models.CharField("yrke", max_length=30, choices=Profession.choices)
    care_level = models.CharField("vårdnivå", max_length=12, choices=CareLevel.choices)
    form = models.CharField("kontaktform", max_length=10, choices=VisitForm.choices)
    visit_date = models.DateField("besöksdatum")

    class Meta:
        verbose_name = "besök"
        verbose_name_plural = "besök"
        indexes = [models.Index(fields=["person", "visit_date"])]

    def __str__(self) -> str:
        return f"Besök {self.visit_date} ({self.source_id})"


class EdVisit(models.Model):
    source_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ed_visits")
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    arrival_time = models.DateTimeField("ankomsttid")
    departure_time = models.DateTimeField("avgångstid", null=True, blank=True)

    class Meta:
        verbose_name = "akutbesök"
        verbose_name_plural = "akutbesök"
        indexes = [models.Index(fields=["person", "arrival_time"])]

    def __str__(self) -> str:
        return f"Akutbesök {localtime(self.arrival_time):%Y-%m-%d %H:%M} ({self.source_id})"


class AdmissionType(models.TextChoices):
    ACUTE = "acute", "Akut"
    PLANNED = "planned", "Planerad"


class CareType(models.TextChoices):
    SOMATIC = "somatic", "Somatisk vård"
    PSYCHIATRIC = "psychiatric", "Psykiatrisk vård"


class DischargeDestination(models.TextChoices):
    HOME = "home", "Hem"
    OTHER_WARD = "other_ward", "Annan avdelning (överflyttning)"
    NURSING_HOME = "nursing_home", "Särskilt boende"
    SHORT_TERM = "short_term", "Korttidsboende"
    OTHER_HOSPITAL = "other_hospital", "Annat sjukhus"
    DECEASED = "deceased", "Avliden"
    OTHER = "other", "Annat"


class InpatientEpisode(models.Model):
    """A stay on one ward. A transfer ends one episode (destination other_ward) and starts the
    next."""

    source_id = models.CharField("vårdtillfälles-id", max_length=64, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="inpatient_episodes")
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    admission_time = models.DateTimeField("inskrivningstid")
    discharge_time = models.DateTimeField("utskrivningstid", null=True, blank=True)
    admission_type = models.CharField(
        "inskrivningssätt", max_length=10, choices=AdmissionType.choices
    )
    care_type = models.CharField("vårdtyp", max_length=12, choices=CareType.choices)
    main_diagnosis = models.CharField("huvuddiagnos (ICD-10)", max_length=8)
    ready_time = models.DateTimeField("utskrivningsklar", null=True, blank=True)
    discharge_destination = models.CharField(
        "utskrivning till", max_length=20, choices=DischargeDestination.choices, blank=True
    )

    class Meta:
        verbose_name = "vårdtillfälle"
        verbose_name_plural = "vårdtillfällen"
        indexes = [models.Index(fields=["person", "admission_time"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(discharge_time__isnull=True)
                | Q(discharge_time__gte=F("admission_time")),
                name="episode_discharge_after_admission",
            ),
        ]

    def __str__(self) -> str:
        return f"Vårdtillfälle {localtime(self.admission_time):%Y-%m-%d} ({self.source_id})"


class ReasonClass(models.TextChoices):
    NEW = "new", "Nytt besvär"
    WORSENED = "worsened", "Försämring"
    NO_EFFECT = "no_effect", "Utebliven effekt av behandling"
    OTHER = "other", "Annat"


class CareRequest(models.Model):
    """Vårdbegäran in primary care, with the date of the first medical assessment (vårdgaranti
    0–3)."""

    source_id = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="care_requests")
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    received_date = models.DateField("mottagen")
    reason_class = models.CharField("orsak", max_length=12, choices=ReasonClass.choices)
    first_assessment_date = models.DateField("första medicinska bedömning", null=True, blank=True)
    profession = models.CharField("bedömande yrke", max_length=30, choices=Profession.choices)

    class Meta:
        verbose_name = "vårdbegäran"
        verbose_name_plural = "vårdbegäranden"
        indexes = [models.Index(fields=["unit", "received_date"])]

    def __str__(self) -> str:
        return f"Vårdbegäran {self.received_date} ({self.source_id})"


class PhoneCall(models.Model):
    """One incoming call to a unit's telephone line (telefonstatistik), without the caller's
    identity."""

    source_id = models.CharField(max_length=64, unique=True)
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    received_time = models.DateTimeField("inkommet")
    answered_same_day = models.BooleanField("besvarat samma dag")

    class Meta:
        verbose_name = "telefonsamtal"
        verbose_name_plural = "telefonsamtal"
        indexes = [models.Index(fields=["unit", "received_time"])]

    def __str__(self) -> str:
        return f"Samtal {localtime(self.received_time):%Y-%m-%d %H:%M} ({self.source_id})"
