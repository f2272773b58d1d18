"""What follows the ready notice (issue 7 parts 6, 7 and 10): the SIP call, the discharge notice,
the follow-up call after discharge and the readmission flag. Imported at the bottom of models.py
so that Django sees them as models of the transitions app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from navet.organisation.models import CareUnit


class SipCall(models.Model):
    """ "SIP behövs": both principals are needed after discharge, so the named care contact at
    the health centre must invite to a SIP within 3 days of the ready notice (lag 2017:612,
    4 kap. 1 §). `sent_at` is the time the SIP was created and the invitation sent."""

    stay = models.OneToOneField(
        "transitions.InpatientStay", on_delete=models.CASCADE, related_name="sip_call"
    )
    needed_at = models.DateTimeField("SIP behövs, registrerat")
    needed_by_name = models.CharField(max_length=200)
    health_centre = models.ForeignKey(
        CareUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField("kallelse till SIP skickad", null=True, blank=True)
    sent_by_name = models.CharField(max_length=200, blank=True)
    plan = models.ForeignKey(
        "plans.CoordinatedPlan", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "kallelse till SIP vid utskrivning"
        verbose_name_plural = "kallelser till SIP vid utskrivning"

    def __str__(self) -> str:
        return f"SIP-kallelse för vårdtillfälle {self.stay_id}"


class DischargeNotice(models.Model):
    """The discharge notice (meddelande om utskrivning) to one unit that got the admission
    notice; due no later than the discharge day."""

    stay = models.ForeignKey(
        "transitions.InpatientStay", on_delete=models.CASCADE, related_name="discharge_notices"
    )
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField("skickat")
    sent_by_name = models.CharField(max_length=200)
    inbox_item = models.ForeignKey(
        "messaging.InboxItem", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "meddelande om utskrivning"
        verbose_name_plural = "meddelanden om utskrivning"
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["stay", "unit"], name="discharge_notice_once")
        ]

    def __str__(self) -> str:
        return f"Meddelande om utskrivning till {self.unit}"


class FollowUpCall(models.Model):
    """After the discharge of an older person: the health centre (or the municipal home health
    care the person has) calls within 48–72 h. Done with who and when."""

    stay = models.OneToOneField(
        "transitions.InpatientStay", on_delete=models.CASCADE, related_name="follow_up_call"
    )
    unit = models.ForeignKey(CareUnit, on_delete=models.PROTECT, related_name="+")
    due_from = models.DateTimeField("ring tidigast")
    due_by = models.DateTimeField("ring senast")
    inbox_item = models.ForeignKey(
        "messaging.InboxItem", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField("uppringd", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_by_name = models.CharField(max_length=200, blank=True)
    note = models.CharField("anteckning", max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "uppföljande samtal efter utskrivning"
        verbose_name_plural = "uppföljande samtal efter utskrivning"
        ordering = ["due_by", "pk"]

    def __str__(self) -> str:
        return f"Uppföljande samtal, vårdtillfälle {self.stay_id}"


class Readmission(models.Model):
    """An acute stay that began within the watch window (30 days) of an earlier discharge: flagged
    on both the new and the index stay."""

    index_stay = models.ForeignKey(
        "transitions.InpatientStay", on_delete=models.CASCADE, related_name="readmissions"
    )
    new_stay = models.OneToOneField(
        "transitions.InpatientStay", on_delete=models.CASCADE, related_name="readmission_of"
    )
    days = models.PositiveSmallIntegerField("dagar efter utskrivningen")

    class Meta:
        verbose_name = "återinskrivning"
        verbose_name_plural = "återinskrivningar"

    def __str__(self) -> str:
        return f"Återinskriven efter {self.days} dagar"
