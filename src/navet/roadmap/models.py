"""The county's roadmap (färdplan): versions with a lifecycle, governance, areas, activities,
targets, and the follow-ups recorded at forum meetings.

A `Roadmap` is the lasting plan of one county (and its participating principals). Its content
lives in numbered `RoadmapVersion`s: draft → consultation (comments from the principals are
recorded) → adopted (by a forum, on a date) → superseded when a yearly revision is adopted. A
revision copies the adopted version into a new draft; earlier versions stay as they were, and
activities keep their `key` across versions so that versions can be compared and an activity's
follow-up history reads across revisions.

Forums (county leadership, local steering groups, top management …) belong to the roadmap, not
to a version: their meetings and follow-ups span revisions.

Roadmap data are not personal data about residents. Staff names appear (forum members, who
recorded a follow-up); they are the county's own working data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from navet.organisation.models import County, Principal, Subarea


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Utkast"
    CONSULTATION = "consultation", "På remiss"
    ADOPTED = "adopted", "Antagen"
    SUPERSEDED = "superseded", "Ersatt av en senare version"


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Ej påbörjad"
    ONGOING = "ongoing", "Pågår"
    DONE = "done", "Klar"
    DELAYED = "delayed", "Försenad"
    CANCELLED = "cancelled", "Avbruten"


# Activities that still need work (overdue and stalled are judged among these).
OPEN_STATUSES = (ActivityStatus.NOT_STARTED, ActivityStatus.ONGOING, ActivityStatus.DELAYED)


class Judgement(models.TextChoices):
    """The traffic-light judgement of an activity (trafikljus)."""

    NONE = "", "Ej bedömd"
    GREEN = "green", "Grön – enligt plan"
    YELLOW = "yellow", "Gul – risk för avvikelse"
    RED = "red", "Röd – kräver åtgärd"


class ForumKind(models.TextChoices):
    TOP_MANAGEMENT = "top_management", "Högsta tjänsteledning"
    STEERING_BODY = "steering_body", "Länsledning / systemledning"
    PRESIDIUM = "presidium", "Presidium"
    LOCAL_COLLABORATION_GROUP = "local_collaboration_group", "Lokal samverkansgrupp"
    POLITICAL = "political", "Politiskt organ"
    PROJECT = "project", "Projekt- eller arbetsgrupp"
    OTHER = "other", "Annat forum"


class Roadmap(models.Model):
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="roadmaps")
    key = models.SlugField("nyckel", max_length=80)
    name = models.CharField("namn", max_length=200)
    principals = models.ManyToManyField(
        Principal, related_name="roadmaps", verbose_name="deltagande huvudmän"
    )
    source_file = models.CharField("källdokument", max_length=200, blank=True)
    source_title = models.CharField("källdokumentets titel", max_length=300, blank=True)
    source_county_code = models.CharField(
        "ursprungslän",
        max_length=2,
        blank=True,
        help_text="Länet som källdokumentet kommer från, när färdplanen lästs in i ett annat län "
        "(demo).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "färdplan"
        verbose_name_plural = "färdplaner"
        ordering = ["county", "name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "key"], name="roadmap_unique_key_in_county")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def transplanted(self) -> bool:
        return bool(self.source_county_code) and self.source_county_code != self.county_id


class Forum(models.Model):
    """A governance forum of the roadmap: who steers, follows up and decides."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="forums")
    key = models.SlugField("nyckel", max_length=80)
    name = models.CharField("namn", max_length=200)
    kind = models.CharField("typ", max_length=30, choices=ForumKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="under",
    )
    subarea = models.ForeignKey(
        Subarea, on_delete=models.SET_NULL, null=True, blank=True, related_name="forums"
    )
    mandate = models.TextField("mandat och uppdrag", blank=True)
    meets = models.TextField("mötes- och uppföljningsrytm", blank=True)
    follows_whole_roadmap = models.BooleanField(
        "följer upp hela färdplanen",
        default=False,
        help_text="Forumets möten följer upp alla aktiviteter, inte bara dem forumet äger.",
    )
    stall_weeks = models.PositiveSmallIntegerField(
        "avstannad efter (veckor)",
        null=True,
        blank=True,
        help_text="En öppen aktivitet utan uppföljning så länge räknas som avstannad. Tomt: "
        "Navets standard.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "forum"
        verbose_name_plural = "forum"
        ordering = ["roadmap", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "key"], name="forum_unique_key_in_roadmap")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stall_after_weeks(self) -> int:
        return self.stall_weeks or settings.NAVET_ROADMAP_STALL_WEEKS


class ForumMember(models.Model):
    """A seat in a forum, by title (e.g. "Regiondirektör"); a person only when named."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="members")
    title = models.CharField("roll eller titel", max_length=200)
    organisation = models.CharField("organisation", max_length=200, blank=True)
    principal = models.ForeignKey(
        Principal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField("namn", max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_seats",
    )
    is_chair = models.BooleanField("ordförande", default=False)
    is_secretary = models.BooleanField("sekreterare", default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "forumledamot"
        verbose_name_plural = "forumledamöter"
        ordering = ["forum", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.forum})"


class ReportingLine(models.Model):
    """A reporting rhythm: who reports to whom, how often (e.g. twice a year to KD/RD)."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="reporting_lines")
    from_forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, null=True, blank=True, related_name="reports_sent"
    )
    sender = models.CharField("avsändare", max_length=200, blank=True)
    to_forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, null=True, blank=True, related_name="reports_received"
    )
    recipient = models.CharField("mottagare", max_length=200, blank=True)
    times_per_year = models.PositiveSmallIntegerField("gånger per år", null=True, blank=True)
    description = models.TextField("beskrivning", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "rapportering"
        verbose_name_plural = "rapporteringar"
        ordering = ["roadmap", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.sender_name} → {self.recipient_name}"

    @property
    def sender_name(self) -> str:
        return self.from_forum.name if self.from_forum_id else self.sender

    @property
    def recipient_name(self) -> str:
        return self.to_forum.name if self.to_forum_id else self.recipient


class RoadmapVersion(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("version")
    status = models.CharField(
        "status", max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    title = models.CharField("titel", max_length=300, blank=True)
    vision_title = models.CharField("målbildens rubrik", max_length=200, blank=True)
    vision = models.TextField("målbild", blank=True)
    goal_year = models.PositiveSmallIntegerField("målår", null=True, blank=True)
    period_start = models.DateField("period från", null=True, blank=True)
    period_end = models.DateField("period till och med", null=True, blank=True)
    governance = models.TextField("styrning och ansvar", blank=True)
    revision_note = models.TextField("giltighet och revidering", blank=True)
    consultation_opens = models.DateField("remiss från", null=True, blank=True)
    consultation_closes = models.DateField("remiss till och med", null=True, blank=True)
    adopted_by = models.ForeignKey(
        Forum,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopted_versions",
        verbose_name="antagen av",
    )
    adopted_on = models.DateField("antagen", null=True, blank=True)
    approved_by = models.ForeignKey(
        Forum,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_versions",
        verbose_name="godkänd av",
    )
    approved_on = models.DateField("godkänd", null=True, blank=True)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name="reviderar",
    )
    change_summary = models.TextField("vad som ändrats", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "färdplansversion"
        verbose_name_plural = "färdplansversioner"
        ordering = ["roadmap", "number"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "number"], name="roadmap_version_unique"),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="roadmap_version_period_order",
            ),
            models.CheckConstraint(
                condition=Q(consultation_closes__isnull=True)
                | Q(consultation_opens__isnull=True)
                | Q(consultation_closes__gte=F("consultation_opens")),
                name="roadmap_version_consultation_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.roadmap} – version {self.number}"

    @property
    def editable(self) -> bool:
        """Content (areas, activities, targets) is edited only in a draft."""
        return self.status == VersionStatus.DRAFT

    @property
    def label(self) -> str:
        return f"Version {self.number} ({self.get_status_display().lower()})"


class PriorityArea(models.Model):
    """A priority area (prioriterat område / målområde), for the whole period or one year."""

    roadmap_version = models.ForeignKey(
        RoadmapVersion, on_delete=models.CASCADE, related_name="areas"
    )
    key = models.SlugField("nyckel", max_length=80)
    title = models.CharField("rubrik", max_length=300)
    description = models.TextField("beskrivning", blank=True)
    year = models.PositiveSmallIntegerField(
        "år", null=True, blank=True, help_text="Tomt: gäller hela perioden."
    )
    order = models.PositiveSmallIntegerField(default=0)
    request_key = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = "prioriterat område"
        verbose_name_plural = "prioriterade områden"
        ordering = ["roadmap_version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap_version", "key"], name="area_unique_key")
        ]

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    area = models.ForeignKey(PriorityArea, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField("mål")
    year = models.PositiveSmallIntegerField("år", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "mål"
        verbose_name_plural = "mål"
        ordering = ["area", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class Activity(models.Model):
    """A development effort (aktivitet / utvecklingsarbete) with owner, period and status."""

    roadmap_version = models.ForeignKey(
        RoadmapVersion, on_delete=models.CASCADE, related_name="activities"
    )
    area = models.ForeignKey(PriorityArea, on_delete=models.PROTECT, related_name="activities")
    key = models.SlugField(
        "nyckel", max_length=80, help_text="Samma nyckel i alla versioner av färdplanen."
    )
    title = models.CharField("rubrik", max_length=300)
    description = models.TextField("beskrivning", blank=True)
    owner_forum = models.ForeignKey(
        Forum,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_activities",
        verbose_name="ägande forum",
    )
    owner_name = models.CharField("ansvarig", max_length=200, blank=True)
    principals = models.ManyToManyField(
        Principal,
        blank=True,
        related_name="roadmap_activities",
        verbose_name="berörda huvudmän",
        help_text="Tomt: alla deltagande huvudmän.",
    )
    subareas = models.ManyToManyField(
        Subarea,
        blank=True,
        related_name="roadmap_activities",
        verbose_name="noder",
        help_text="Tomt: hela länet.",
    )
    starts_on = models.DateField("start", null=True, blank=True)
    ends_on = models.DateField("slut", null=True, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.NOT_STARTED
    )
    judgement = models.CharField(
        "bedömning", max_length=10, choices=Judgement.choices, default="", blank=True
    )
    judgement_comment = models.TextField("kommentar till bedömningen", blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    lock_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    request_key = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = "aktivitet"
        verbose_name_plural = "aktiviteter"
        ordering = ["roadmap_version", "area__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap_version", "key"], name="activity_unique_key"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="activity_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class TargetUnit(models.TextChoices):
    PERCENT = "percent", "Procent"
    NUMBER = "number", "Tal"


class Direction(models.TextChoices):
    NONE = "", "Ej angiven"
    HIGHER = "higher", "Högre är bättre"
    LOWER = "lower", "Lägre är bättre"


class Target(models.Model):
    """A target indicator: an indicator from Follow-up's catalogue, or a manual measure, with an
    optional target value and year. Belongs to the version, an area or an activity."""

    roadmap_version = models.ForeignKey(
        RoadmapVersion, on_delete=models.CASCADE, related_name="targets"
    )
    area = models.ForeignKey(
        PriorityArea, on_delete=models.CASCADE, null=True, blank=True, related_name="targets"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="targets"
    )
    key = models.SlugField("nyckel", max_length=80)
    indicator_id = models.CharField("indikator", max_length=64, blank=True)
    name = models.CharField(
        "namn",
        max_length=300,
        help_text="För en indikator: indikatorns namn i Uppföljningens katalog.",
    )
    unit = models.CharField("enhet", max_length=10, choices=TargetUnit.choices)
    unit_label = models.CharField("enhetstext", max_length=60, blank=True)
    direction = models.CharField(
        "riktning", max_length=10, choices=Direction.choices, default="", blank=True
    )
    target_value = models.DecimalField(
        "målvärde", max_digits=14, decimal_places=3, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField("målår", null=True, blank=True)
    target_text = models.CharField("mål i ord", max_length=300, blank=True)
    note = models.TextField("anteckning", blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    request_key = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = "målindikator"
        verbose_name_plural = "målindikatorer"
        ordering = ["roadmap_version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap_version", "key"], name="target_unique_key"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_manual(self) -> bool:
        return not self.indicator_id


class TargetValue(models.Model):
    """A value entered by hand (a manual measure, or a figure a report gave for an indicator)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="values")
    period_label = models.CharField("period", max_length=60)
    period_end = models.DateField("periodens slut")
    value = models.DecimalField("värde", max_digits=14, decimal_places=3)
    source = models.CharField("källa", max_length=300, blank=True)
    note = models.TextField("anteckning", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    request_key = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = "manuellt värde"
        verbose_name_plural = "manuella värden"
        ordering = ["target", "period_end", "pk"]

    def __str__(self) -> str:
        return f"{self.target}: {self.period_label} {self.value}"


class ConsultationComment(models.Model):
    """A comment from a principal on a version out for consultation (remissvar)."""

    roadmap_version = models.ForeignKey(
        RoadmapVersion, on_delete=models.CASCADE, related_name="comments"
    )
    principal = models.ForeignKey(
        Principal, on_delete=models.PROTECT, related_name="roadmap_comments"
    )
    submitted_by = models.CharField(
        "inlämnat av", max_length=200, blank=True, help_text="Till exempel nämnd eller förvaltning."
    )
    area = models.ForeignKey(
        PriorityArea, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    text = models.TextField("synpunkt")
    received_on = models.DateField("inkom")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    request_key = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = "remissvar"
        verbose_name_plural = "remissvar"
        ordering = ["roadmap_version", "received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.principal} {self.received_on.isoformat()}"


class Meeting(models.Model):
    """A forum meeting; its agenda is the activities it follows up."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("mötesdatum")
    title = models.CharField("rubrik", max_length=200, blank=True)
    notes = models.TextField("anteckningar", blank=True)
    agenda = models.ManyToManyField(Activity, related_name="meetings", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    request_key = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = "möte"
        verbose_name_plural = "möten"
        ordering = ["forum", "-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title or f"{self.forum} {self.held_on.isoformat()}"


class FollowUp(models.Model):
    """A status update of one activity, usually at a forum meeting (uppföljning)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="follow_ups")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="follow_ups"
    )
    recorded_on = models.DateField("datum")
    status = models.CharField("status", max_length=20, choices=ActivityStatus.choices)
    judgement = models.CharField(
        "bedömning", max_length=10, choices=Judgement.choices, default="", blank=True
    )
    comment = models.TextField("kommentar", blank=True)
    decisions = models.TextField("beslut", blank=True)
    previous_status = models.CharField(
        "status före", max_length=20, choices=ActivityStatus.choices, blank=True
    )
    previous_judgement = models.CharField(
        "bedömning före", max_length=10, choices=Judgement.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by_name = models.CharField("registrerad av", max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    request_key = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = "uppföljning"
        verbose_name_plural = "uppföljningar"
        ordering = ["-recorded_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "activity"],
                condition=Q(meeting__isnull=False),
                name="follow_up_once_per_meeting",
            )
        ]
        indexes = [models.Index(fields=["activity", "recorded_on"])]

    def __str__(self) -> str:
        return f"{self.activity} {self.recorded_on.isoformat()}"


# The reports live in their own module; imported here so that Django finds their models.
from navet.roadmap.report_models import (  # noqa: E402, F401
    Report,
    ReportKind,
    ReportSection,
    ReportSectionRevision,
)
