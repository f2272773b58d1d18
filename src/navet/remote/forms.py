"""The question form (with its idempotency key) and the answer form."""

from __future__ import annotations

from django import forms

from navet.access.forms import KeyedForm
from navet.remote.models import Target, Urgency
from navet.remote.vitals import VITALS


class QuestionForm(KeyedForm):
    target = forms.ChoiceField(
        label="Till",
        choices=Target.choices,
        widget=forms.RadioSelect,
        initial=Target.HEALTH_CENTRE,
        error_messages={"required": "Välj vem frågan ska till."},
    )
    urgency = forms.ChoiceField(
        label="Brådska",
        choices=[("", "Välj"), *Urgency.choices],
        error_messages={"required": "Välj hur brådskande frågan är."},
    )
    question = forms.CharField(
        label="Fråga till läkaren",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": "Skriv frågan."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Vital signs are text: the service parses them and says why a value is impossible.
        for vital in VITALS:
            self.fields[vital.field] = forms.CharField(
                label=f"{vital.label} ({vital.unit})",
                required=False,
                max_length=10,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )


class AnswerForm(forms.Form):
    advice = forms.CharField(
        label="Råd och bedömning",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": "Skriv ditt råd."},
    )
    orders = forms.CharField(
        label="Ordinationer", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    visit_needed = forms.BooleanField(label="Besök behövs", required=False)
    video = forms.BooleanField(label="Skapa en videolänk för samtal", required=False)
