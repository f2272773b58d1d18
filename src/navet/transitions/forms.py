"""Forms of the discharge pages. Every form carries an idempotency `key` (a double submission
records one event)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from navet.access.forms import KeyedForm
from navet.activity.models import AdmissionType, CareType
from navet.organisation.models import CareUnit, UnitKind
from navet.transitions.models import TIMED_EVENTS, ConsentAnswer, Destination

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _when(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "required": "Ange datum och klockslag.",
            "invalid": "Ange datum och klockslag.",
        },
    )


def _estimate(required: bool = False) -> forms.DateField:
    return forms.DateField(
        label="Beräknat utskrivningsdatum",
        widget=DATE,
        required=required,
        error_messages={"required": "Ange ett datum.", "invalid": "Ange ett datum."},
    )


def wards():
    return CareUnit.objects.filter(kind=UnitKind.INPATIENT_WARD).order_by("hospital", "name")


class AdmitForm(KeyedForm):
    ward = forms.ModelChoiceField(label="Avdelning", queryset=CareUnit.objects.none())
    at = _when("Inskriven")
    admission_type = forms.ChoiceField(
        label="Inskrivningssätt", choices=AdmissionType.choices, widget=forms.RadioSelect
    )
    care_type = forms.ChoiceField(
        label="Vårdtyp", choices=CareType.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label="Inskrivningsorsak", max_length=300, required=False)
    consent = forms.ChoiceField(
        label="Samtycke till informationsöverföring",
        choices=ConsentAnswer.choices,
        initial=ConsentAnswer.NOT_ASKED,
        widget=forms.RadioSelect,
        help_text="Inskrivningsmeddelandet skickas även utan samtycke, men då utan "
        "inskrivningsorsak.",
    )
    needs_follow_on = forms.BooleanField(
        label="Behandlande läkare bedömer att patienten kan behöva insatser efter utskrivningen",
        required=False,
        help_text="Inskrivningsmeddelandet skickas då till kommunen och vårdcentralen.",
    )
    estimate = _estimate()

    def __init__(self, *args, ward_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = wards().filter(pk__in=ward_ids)
        self.fields["ward"].initial = min(ward_ids, default=None)  # most serve one ward
        self.fields["at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class AssessForm(KeyedForm):
    at = _when("Bedömt")
    estimate = _estimate()


class EstimateForm(KeyedForm):
    estimate = _estimate(required=True)


class TransferForm(KeyedForm):
    to_ward = forms.ModelChoiceField(label="Till avdelning", queryset=CareUnit.objects.none())
    at = _when("Överflyttad")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_ward"].queryset = wards()


class ReadyForm(KeyedForm):
    pass


class NotReadyForm(KeyedForm):
    reason = forms.CharField(
        label="Varför är patienten inte längre utskrivningsklar?", max_length=500
    )


class DischargeForm(KeyedForm):
    at = _when("Utskriven")
    destination = forms.ChoiceField(label="Utskriven till", choices=Destination.choices)


class CorrectForm(KeyedForm):
    event = forms.ChoiceField(label="Händelse att rätta")
    at = _when("Rätt tidpunkt")
    reason = forms.CharField(label="Varför rättas tidpunkten?", max_length=400)

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [
            (e.pk, f"{e.get_kind_display()} {timezone.localtime(e.effective_at()):%Y-%m-%d %H:%M}")
            for e in events
            if e.kind in TIMED_EVENTS
        ]
