"""SIP (samordnad individuell plan): the plan and its stages, its content versions, consents,
the OSL 12:3 decisions, närstående, meetings and invitations.

Nothing here is ever edited in place where history matters: a change of the plan's content is a
new `PlanVersion`, a stage change a new `StageEvent`. Names are copied next to user foreign keys
so that they outlive accounts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from navet.organisation.models import CareProvider, CareUnit, Principal
from navet.residents.models import Person, Relative

USER = settings.AUTH_USER_MODEL


class Stage(models.TextChoices):
    DISCOVER = "discover", "Upptäck behov"
    PREPARE = "prepare", "Förbered"
    INVITE = "invite", "Kalla/bjud in"
    MEETING = "meeting", "Möte"
    FOLLOW_UP = "follow_up", "Följ upp"
    CLOSED = "closed", "Avsluta"


STAGE_ORDER = [s.value for s in Stage]


class CoordinatedPlan(models.Model):
    """One SIP for one person. `version` is the number of the current `PlanVersion` (0: none
    yet); it is the optimistic lock of the plan's content."""

    key = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="sip_plans")
    stage = models.CharField("steg", max_length=20, choices=Stage.choices, default=Stage.DISCOVER)
    need = models.TextField("behov som har upptäckts")
    initiated_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    initiated_by_name = models.CharField(max_length=150)
    initiating_unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    coordinator = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    coordinator_name = models.CharField("samordnare", max_length=150)
    coordinator_unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=0)
    follow_up_date = models.DateField("uppföljning", null=True, blank=True)
    finalised_at = models.DateTimeField("fastställd", null=True, blank=True)
    finalised_by_name = models.CharField(max_length=150, blank=True)
    finalised_version = models.PositiveIntegerField(null=True, blank=True)
    closed_at = models.DateTimeField("avslutad", null=True, blank=True)
    closed_reason = models.CharField("skäl till avslut", max_length=500, blank=True)
    closed_reason_code = models.CharField(max_length=30, blank=True)  # ClosingReason
    closed_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = "SIP"
        verbose_name_plural = "SIP"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["stage", "follow_up_date"])]

    def __str__(self) -> str:
        return f"SIP {self.pk} ({self.get_stage_display()})"

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED

    def current_version(self):
        return self.versions.order_by("-number").first()


class StageEvent(models.Model):
    """The plan entered `stage` at `at`, by whom (who and when of every stage)."""

    plan = models.ForeignKey(CoordinatedPlan, on_delete=models.CASCADE, related_name="stage_events")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    by_name = models.CharField(max_length=150)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.at:%Y-%m-%d}"


class PlanVersion(models.Model):
    """The plan's content as saved once. `interventions`: a list of
    {"what": text, "principal_id": id, "principal": name} — the needed interventions and the
    principal responsible for each."""

    key = models.CharField(max_length=64, unique=True)
    plan = models.ForeignKey(CoordinatedPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    what_matters = models.TextField("Vad är viktigt för dig?", blank=True)
    interventions = models.JSONField("insatser", default=list, blank=True)
    others_measures = models.TextField("åtgärder av andra än huvudmännen", blank=True)
    lead_principal = models.ForeignKey(
        Principal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="huvudman med övergripande ansvar",
    )
    contacts = models.TextField("kontaktpersoner per organisation", blank=True)
    own_actions = models.TextField("det personen och närstående gör själva", blank=True)
    follow_up_date = models.DateField("uppföljning", null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_version_unique")
        ]

    def __str__(self) -> str:
        return f"version {self.number}"


class PlanConsent(models.Model):
    """The person's consent that the data held by `disclosing_provider` may be shared with the
    other organisations of the SIP: one Trust `Consent` (purpose sip) per recipient."""

    key = models.CharField(max_length=64, unique=True)
    plan = models.ForeignKey(CoordinatedPlan, on_delete=models.CASCADE, related_name="consents")
    disclosing_provider = models.ForeignKey(
        CareProvider, on_delete=models.PROTECT, related_name="+", verbose_name="uppgifter hos"
    )
    consents = models.ManyToManyField("access.Consent", related_name="+")
    given_by = models.CharField(max_length=20)
    child_view = models.TextField("barnets egen uppfattning", blank=True)
    valid_to = models.DateField("gäller till och med")
    recorded_by_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"samtycke {self.pk}"


class WithheldPart(models.TextChoices):
    """What an OSL 12:3 decision withholds from the guardians. `ALL` withholds the plan as a
    whole: the guardians do not learn from Navet that it exists."""

    ALL = "all", "Hela planen (vårdnadshavarna ser inte att den finns)"
    GOALS = "goals", "Det som är viktigt för barnet, med barnets egna ord"
    INTERVENTIONS = "interventions", "Alla insatser och vem som ansvarar"
    OTHERS_MEASURES = "others_measures", "Det som andra gör"
    OWN_ACTIONS = "own_actions", "Det barnet och närstående gör själva"
    CONTACTS = "contacts", "Kontakter per organisation"
    MEETINGS = "meetings", "Kommande möten"


class SecrecyDecision(models.Model):
    """OSL 12:3: a staff decision that parts of the plan are withheld from the guardians of an
    older child (the child's own secrecy). `parts` (WithheldPart values) and
    `withheld_interventions` (the text of single interventions) say what; `withheld` describes
    it in words. A decision naming neither (recorded before parts existed) withholds the whole
    plan."""

    plan = models.ForeignKey(
        CoordinatedPlan, on_delete=models.CASCADE, related_name="secrecy_decisions"
    )
    withheld = models.TextField("vad som inte lämnas ut till vårdnadshavare")
    parts = models.JSONField("delar som inte lämnas ut", default=list, blank=True)
    withheld_interventions = models.JSONField(
        "enskilda insatser som inte lämnas ut", default=list, blank=True
    )
    reason = models.TextField("skäl")
    decided_by_name = models.CharField(max_length=150)
    decided_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return "beslut enligt OSL 12:3"

    @property
    def withheld_parts(self) -> frozenset[str]:
        if self.parts or self.withheld_interventions:
            return frozenset(self.parts)
        return frozenset({WithheldPart.ALL.value})

    @property
    def withheld_part_labels(self) -> list[str]:
        labels = dict(WithheldPart.choices)
        out = [labels.get(p, p) for p in sorted(self.withheld_parts)]
        return out + [f"insatsen ”{text}”" for text in self.withheld_interventions]


class RelativeParticipation(models.Model):
    """Whether a närstående takes part: only when appropriate and the person does not object."""

    plan = models.ForeignKey(CoordinatedPlan, on_delete=models.CASCADE, related_name="relatives")
    relative = models.ForeignKey(Relative, on_delete=models.CASCADE, related_name="+")
    appropriate = models.BooleanField("lämpligt att närstående deltar")
    person_objects = models.BooleanField("personen motsätter sig")
    note = models.CharField("anteckning", max_length=500, blank=True)
    recorded_by_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"närstående {self.relative_id}"

    @property
    def takes_part(self) -> bool:
        return self.appropriate and not self.person_objects


class MeetingMode(models.TextChoices):
    ON_SITE = "on_site", "På plats"
    VIDEO = "video", "Video"


class PlanMeeting(models.Model):
    key = models.CharField(max_length=64, unique=True)
    plan = models.ForeignKey(CoordinatedPlan, on_delete=models.CASCADE, related_name="meetings")
    mode = models.CharField("form", max_length=10, choices=MeetingMode.choices)
    starts_at = models.DateTimeField("börjar")
    ends_at = models.DateTimeField("slutar")
    place = models.CharField("plats", max_length=300, blank=True)
    video_link = models.URLField("videolänk", max_length=500, blank=True)
    video_provider = models.CharField(max_length=150, blank=True)
    participants = models.TextField("deltagare", blank=True)
    minutes = models.TextField("minnesanteckningar", blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    created_by_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"möte {self.pk}"


class ExternalKind(models.TextChoices):
    SCHOOL = "school", "Skola/elevhälsa"
    SOCIAL_INSURANCE = "forsakringskassan", "Försäkringskassan"
    EMPLOYMENT = "arbetsformedlingen", "Arbetsförmedlingen"
    OTHER = "other", "Annan aktör"


class Invitation(models.Model):
    """An invitation to a principal's unit (through its inbox) or to an external participant
    (contact details only; no login)."""

    key = models.CharField(max_length=64, unique=True)
    plan = models.ForeignKey(CoordinatedPlan, on_delete=models.CASCADE, related_name="invitations")
    meeting = models.ForeignKey(
        PlanMeeting, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    unit = models.ForeignKey(
        CareUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    inbox_item = models.ForeignKey(
        "messaging.InboxItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    external_kind = models.CharField(max_length=30, choices=ExternalKind.choices, blank=True)
    external_name = models.CharField("namn", max_length=200, blank=True)
    external_organisation = models.CharField("organisation", max_length=200, blank=True)
    external_contact = models.CharField("kontaktuppgifter", max_length=300, blank=True)
    created_by_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"inbjudan {self.pk}"

    @property
    def is_external(self) -> bool:
        return self.unit_id is None


class ClosingReason(models.TextChoices):
    GOALS_MET = "goals_met", "Målen är uppnådda"
    NEEDS_MET_OTHERWISE = "needs_met_otherwise", "Behovet tillgodoses på annat sätt"
    PERSON_DECLINES = "person_declines", "Personen vill inte längre ha en SIP"
    MOVED = "moved", "Personen har flyttat"
    DECEASED = "deceased", "Personen har avlidit"
    OTHER = "other", "Annat skäl"


class PlanFollowUp(models.Model):
    """A follow-up of the plan was held (due: the follow-up date it answered)."""

    key = models.CharField(max_length=64, unique=True)
    plan = models.ForeignKey(CoordinatedPlan, on_delete=models.CASCADE, related_name="follow_ups")
    due_date = models.DateField(null=True, blank=True)
    held_on = models.DateField("uppföljningen gjordes")
    note = models.TextField("vad uppföljningen visade")
    next_date = models.DateField("nästa uppföljning", null=True, blank=True)
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    by_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"uppföljning {self.held_on}"


# --- Documented agreement (dokumenterad överenskommelse) ---------------------------------------


class DocumentedAgreement(models.Model):
    """A documented agreement between a person and their named care contact, with or without a
    SIP. Like the plan, its content lives in versions; `version` is the optimistic lock."""

    key = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="documented_agreements"
    )
    plan = models.ForeignKey(
        CoordinatedPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name="hör till SIP",
    )
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    care_contact_name = models.CharField("fast vårdkontakt", max_length=150)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_by_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=0)
    next_agreed_at = models.DateTimeField("nästa överenskomna tid", null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by_name = models.CharField(max_length=150, blank=True)
    end_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "dokumenterad överenskommelse"
        verbose_name_plural = "dokumenterade överenskommelser"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"överenskommelse {self.pk}"

    @property
    def is_ended(self) -> bool:
        return self.ended_at is not None

    def current_version(self):
        return self.versions.order_by("-number").first()


class AgreementVersion(models.Model):
    key = models.CharField(max_length=64, unique=True)
    agreement = models.ForeignKey(
        DocumentedAgreement, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    what_happens = models.TextField("vad som ska hända", blank=True)
    when = models.TextField("när", blank=True)
    whom_to_contact = models.TextField("vem personen kontaktar", blank=True)
    person_does = models.TextField("det personen gör", blank=True)
    care_does = models.TextField("det vården gör", blank=True)
    next_agreed_at = models.DateTimeField("nästa överenskomna tid", null=True, blank=True)
    self_care_advice = models.TextField("egenvårdsråd", blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="plans_agreement_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"version {self.number}"


class SelfCarePerformer(models.TextChoices):
    PERSON = "person", "Egenvård – personen själv"
    RELATIVES = "relatives", "Egenvård – med hjälp av närstående"
    MUNICIPAL_STAFF = "municipal_staff", "Inte egenvård – kommunens personal utför"


class SelfCareAssessment(models.Model):
    """Egenvårdsbedömning: whether one measure can be done as self-care (by the person or with
    relatives' help) or needs municipal staff; who assessed, when, and when to review it."""

    key = models.CharField(max_length=64, unique=True)
    agreement = models.ForeignKey(
        DocumentedAgreement, on_delete=models.CASCADE, related_name="assessments"
    )
    measure = models.CharField("åtgärd", max_length=300)
    performer = models.CharField("bedömning", max_length=20, choices=SelfCarePerformer.choices)
    reasoning = models.TextField("motivering", blank=True)
    assessed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    assessed_by_name = models.CharField("bedömd av", max_length=150)
    assessed_on = models.DateField("bedömd")
    review_on = models.DateField("omprövas senast")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"egenvårdsbedömning {self.pk}"


class PlanReading(models.Model):
    """The person (or a guardian) confirmed having read `version` of the plan: the shared
    version they were shown, so the coordinator knows which text the person has seen."""

    key = models.CharField(max_length=64, unique=True)
    plan = models.ForeignKey(CoordinatedPlan, on_delete=models.CASCADE, related_name="readings")
    version = models.PositiveIntegerField("version")
    read_at = models.DateTimeField("läst")
    read_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    read_by_name = models.CharField(max_length=150)
    by_guardian = models.BooleanField("bekräftat av vårdnadshavare", default=False)

    class Meta:
        ordering = ["-read_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "version", "read_by"], name="plans_reading_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"läst version {self.version}"
