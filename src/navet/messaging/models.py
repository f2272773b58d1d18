"""The unit inbox: items addressed to a care unit, each acknowledged (kvitterat) by a named user,
forwarded (vidarebefordrat) to another unit with a reason, or escalated (eskalerat) when nobody
acknowledged it before its deadline.

An item about a person is personal data: reading it is gated and audited (see selectors.py and
docs/messaging.md). Items are never deleted or edited in place: a forward creates a new item at
the other unit (`forwarded_from` keeps the chain), an escalation a new item of kind `escalation`
(`escalation_of`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from navet.messaging.kinds import label_of
from navet.organisation.models import CareUnit
from navet.residents.models import Person

OPEN = Q(acknowledged_at__isnull=True, forwarded_at__isnull=True)


class InboxItemQuerySet(models.QuerySet):
    def open(self):
        """Waiting for an acknowledgement: neither acknowledged nor forwarded."""
        return self.filter(OPEN)

    def overdue(self, now):
        return self.open().filter(due_at__lte=now)


class InboxItem(models.Model):
    key = models.CharField(
        "idempotensnyckel",
        max_length=200,
        unique=True,
        help_text="The same key always yields the same item (double submission, retries).",
    )
    to_unit = models.ForeignKey(
        CareUnit, on_delete=models.PROTECT, related_name="inbox_items", verbose_name="till enhet"
    )
    kind = models.CharField("typ", max_length=40)
    purpose = models.CharField(
        "ändamål",
        max_length=30,
        default="care",
        help_text="The purpose (navet.access.purposes.Purpose) that reads of the item are logged "
        "with.",
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="person",
    )
    subject = models.CharField("rubrik", max_length=200)
    body = models.TextField("text", blank=True)
    for_unit_head = models.BooleanField(
        "till verksamhetschefen",
        default=False,
        help_text="Shown as needing the unit head's attention (escalations).",
    )
    # Who sent it, copied so that the inbox outlives renames; no user for items sent by Navet.
    sender_unit = models.ForeignKey(
        CareUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sender_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sender_name = models.CharField("avsändare", max_length=200)
    # The object the item is about, in the app that sent it (generic, no foreign key).
    source_type = models.CharField(max_length=60, blank=True)  # "plans.coordinatedplan"
    source_id = models.CharField(max_length=40, blank=True)
    source_url_name = models.CharField(max_length=100, blank=True)  # "plans:detail"
    source_url_kwargs = models.JSONField(default=dict, blank=True)

    created_at = models.DateTimeField("mottaget", default=timezone.now)
    due_at = models.DateTimeField("kvitteras senast", null=True, blank=True)

    acknowledged_at = models.DateTimeField("kvitterat", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_by_name = models.CharField(max_length=200, blank=True)

    forwarded_at = models.DateTimeField("vidarebefordrat", null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    forwarded_by_name = models.CharField(max_length=200, blank=True)
    forward_reason = models.CharField("skäl", max_length=500, blank=True)
    forwarded_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="forwards"
    )

    escalated_at = models.DateTimeField("eskalerat", null=True, blank=True)
    escalation_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="escalations"
    )

    objects = InboxItemQuerySet.as_manager()

    class Meta:
        verbose_name = "ärende i inkorgen"
        verbose_name_plural = "ärenden i inkorgen"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["to_unit", "-created_at"], name="inbox_unit_created"),
            models.Index(fields=["to_unit", "created_at"], condition=OPEN, name="inbox_unit_open"),
            models.Index(
                fields=["due_at"], condition=OPEN & Q(escalated_at__isnull=True), name="inbox_due"
            ),
            models.Index(fields=["source_type", "source_id"], name="inbox_source"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True) | ~Q(acknowledged_by_name=""),
                name="inbox_acknowledged_by_a_named_user",
            ),
            models.CheckConstraint(
                condition=Q(forwarded_at__isnull=True) | ~Q(forward_reason=""),
                name="inbox_forwarded_with_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label}: {self.subject} ({self.to_unit_id})"

    @property
    def kind_label(self) -> str:
        return label_of(self.kind)

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None and self.forwarded_at is None

    @property
    def state_label(self) -> str:
        if self.acknowledged_at is not None:
            return "Kvitterat"
        if self.forwarded_at is not None:
            return "Vidarebefordrat"
        if self.escalated_at is not None:
            return "Ej kvitterat, eskalerat"
        return "Ej kvitterat"

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_open and self.due_at is not None and self.due_at <= now

    def source_url(self) -> str:
        """The link to the object the item is about, or "" when it cannot be resolved."""
        if not self.source_url_name:
            return ""
        try:
            return reverse(self.source_url_name, kwargs=self.source_url_kwargs or None)
        except NoReverseMatch:
            return ""

    def chain(self) -> list[InboxItem]:
        """The earlier items this one was forwarded from, oldest first."""
        hops, seen, item = [], {self.pk}, self.forwarded_from
        while item is not None and item.pk not in seen:
            hops.append(item)
            seen.add(item.pk)
            item = item.forwarded_from
        return list(reversed(hops))


class InboxSettings(models.Model):
    """A unit's inbox settings (optional; without a row: no functional mailbox, escalations stay
    in the unit itself)."""

    unit = models.OneToOneField(
        CareUnit, on_delete=models.CASCADE, primary_key=True, related_name="inbox_settings"
    )
    notify_email = models.EmailField(
        "funktionsbrevlåda",
        blank=True,
        help_text="E-postadress som får en avisering (utan personuppgifter) när något nytt kommer.",
    )
    escalation_unit = models.ForeignKey(
        CareUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="eskaleras till",
        help_text="Enhet som får ärenden som inte kvitterats i tid. Tomt: enheten själv, till "
        "verksamhetschefen.",
    )

    class Meta:
        verbose_name = "inställning för inkorg"
        verbose_name_plural = "inställningar för inkorgar"

    def __str__(self) -> str:
        return str(self.unit)


class InboxSubscription(models.Model):
    """A user's choice to get an e-mail (without personal data) when their units get new items."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_subscription"
    )
    email = models.BooleanField("e-post vid nya ärenden", default=False)

    class Meta:
        verbose_name = "avisering"
        verbose_name_plural = "aviseringar"

    def __str__(self) -> str:
        return f"{self.user} ({'e-post' if self.email else 'ingen e-post'})"


class InboxAttachment(models.Model):
    """A file that came with an item (e.g. a meeting's .ics). Stored as text with the item: it
    is as much the sender's disclosure as the item's text, and is read under the same rule."""

    item = models.ForeignKey(InboxItem, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField("filnamn", max_length=120)
    content_type = models.CharField(max_length=100)
    content = models.TextField()

    class Meta:
        verbose_name = "bilaga"
        verbose_name_plural = "bilagor"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename
