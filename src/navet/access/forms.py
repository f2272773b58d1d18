"""Forms for staff, the security officer and residents. Every form carries `key`, the idempotency
key of its POST (a new one per form load), and edit forms carry the record's `version`."""

import uuid
from datetime import timedelta

from django import forms
from django.utils import timezone

from navet.access.models import (
    BlockKind,
    ConsentGivenBy,
    ConsentMethod,
    ConsentPurpose,
    EmergencyReason,
    ReviewOutcome,
)
from navet.organisation.models import CareProcess, CareProvider, CareUnit


def new_key() -> str:
    return uuid.uuid4().hex


class KeyedForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("key", new_key())
        super().__init__(*args, **kwargs)


class VersionForm(KeyedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RelationshipForm(KeyedForm):
    reason = forms.CharField(
        label="Varför behöver du uppgifterna i ditt arbete?",
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Till exempel: personen har sökt vård på min enhet i dag.",
    )


class EmergencyForm(KeyedForm):
    reason = forms.ChoiceField(
        label="Skäl", choices=EmergencyReason.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="Beskriv skälet med egna ord",
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsentForm(KeyedForm):
    purpose = forms.ChoiceField(label="Ändamål", choices=ConsentPurpose.choices)
    disclosing_provider = forms.ModelChoiceField(
        label="Uppgifter hos",
        queryset=CareProvider.objects.order_by("name"),
        required=False,
        empty_label="Alla vårdgivare",
    )
    given_by = forms.ChoiceField(label="Samtycket lämnades av", choices=ConsentGivenBy.choices)
    guardian_name = forms.CharField(label="Vårdnadshavarens namn", required=False, max_length=200)
    method = forms.ChoiceField(label="Hur samtycket lämnades", choices=ConsentMethod.choices)
    valid_from = forms.DateField(
        label="Gäller från", widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label="Gäller till och med", widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label="Anteckning",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Krävs när personens inställning har utretts: beskriv hur.",
    )

    def __init__(self, *args, **kwargs):
        today = timezone.localdate()
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("valid_from", today)
        initial.setdefault("valid_to", today + timedelta(days=365))
        super().__init__(*args, **kwargs)


class WithdrawConsentForm(VersionForm):
    method = forms.ChoiceField(label="Hur återkallelsen kom", choices=ConsentMethod.choices)


class BlockForm(KeyedForm):
    kind = forms.ChoiceField(
        label="Typ av spärr", choices=BlockKind.choices, widget=forms.RadioSelect
    )
    care_provider = forms.ModelChoiceField(
        label="Vårdgivare (yttre spärr)", queryset=CareProvider.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(
        label="Enhet (inre spärr)", queryset=CareUnit.objects.none(), required=False
    )
    care_process = forms.ModelChoiceField(
        label="Vårdprocess (inre spärr)",
        queryset=CareProcess.objects.none(),
        required=False,
        help_text="En inre spärr gäller antingen en enhet eller en hel vårdprocess.",
    )
    method = forms.ChoiceField(label="Hur begäran kom", choices=ConsentMethod.choices)
    requested_by = forms.ChoiceField(
        label="Vem begär spärren",
        choices=[("person", "Personen själv"), ("guardian", "Vårdnadshavare för barn")],
    )
    note = forms.CharField(label="Anteckning", required=False, max_length=500)

    def __init__(self, *args, providers=None, units=None, processes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if providers is not None:
            self.fields["care_provider"].queryset = providers
        if units is not None:
            self.fields["unit"].queryset = units
        if processes is not None:
            self.fields["care_process"].queryset = processes
        if not self.fields["care_process"].queryset.exists():
            del self.fields["care_process"]  # no unit holding data belongs to a care process

    def clean(self):
        data = super().clean()
        data.setdefault("care_process", None)
        return data


class CitizenBlockForm(KeyedForm):
    """The resident blocks their own data digitally: data held by one care provider (external),
    one care process or one unit (internal)."""

    target = forms.ChoiceField(label="Vilka uppgifter vill du spärra?", widget=forms.RadioSelect)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = list(targets)


class LiftBlockForm(VersionForm):
    explicit_consent = forms.BooleanField(
        label="Personen har uttryckligen samtyckt till att spärren hävs", required=False
    )
    consent_method = forms.ChoiceField(
        label="Hur samtycket lämnades", choices=ConsentMethod.choices
    )
    note = forms.CharField(label="Anteckning", required=False, max_length=500)


class OutcomeForm(VersionForm):
    outcome = forms.ChoiceField(
        label="Utfall", choices=ReviewOutcome.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label="Bedömning", min_length=5, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    action_taken = forms.CharField(
        label="Åtgärd (krävs vid anmärkning)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SampleForm(KeyedForm):
    month = forms.DateField(
        label="Månad",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )


class TargetedForm(KeyedForm):
    start = forms.DateField(label="Från och med", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Till och med", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(
                "Slutdatumet måste vara samma dag som eller efter startdatumet."
            )
        return data


class LogSearchForm(forms.Form):
    person = forms.CharField(label="Person (identitetsnummer)", required=False, max_length=20)
    user = forms.CharField(
        label="Användare (användarnamn eller HSA-id)", required=False, max_length=150
    )
    unit = forms.CharField(label="Enhet (HSA-id)", required=False, max_length=31)
    start = forms.DateField(
        label="Från och med", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="Till och med", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    action = forms.ChoiceField(label="Händelse", required=False)

    def __init__(self, *args, **kwargs):
        from navet.access.models import AuditAction

        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Alla"), *AuditAction.choices]
