"""Forms of the planning page. Each carries an idempotency `key`; the plans also carry the
version the user opened (optimistic locking)."""

from __future__ import annotations

from django import forms

from navet.access.forms import KeyedForm, new_key
from navet.transitions.models_planning import HealthCentrePlan, MunicipalPlan, Side
from navet.transitions.planning import PLAN_FIELDS

DATE = forms.DateInput(attrs={"type": "date"})


class _PlanForm(forms.ModelForm):
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, instance=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("key", new_key())
        initial["version"] = instance.version if instance else 0
        super().__init__(*args, instance=instance, **kwargs)


class MunicipalPlanForm(_PlanForm):
    class Meta:
        model = MunicipalPlan
        fields = PLAN_FIELDS[Side.MUNICIPALITY]
        labels = {
            "home_care": "Hemtjänst",
            "home_care_details": "Hemtjänst – omfattning",
            "home_health_care": "Hemsjukvård",
            "aids": "Hjälpmedel",
            "aids_details": "Hjälpmedel – vilka",
            "short_term_stay": "Korttidsboende",
            "notes": "Övrig planering (kommunen)",
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class HealthCentrePlanForm(_PlanForm):
    class Meta:
        model = HealthCentrePlan
        fields = PLAN_FIELDS[Side.HEALTH_CENTRE]
        labels = {
            "follow_up_visit": "Uppföljande besök efter utskrivningen",
            "follow_up_by": "Uppföljning senast",
            "medication_review": "Läkemedelsgenomgång",
            "home_visit": "Hembesök",
            "notes": "Övrig planering (vårdcentralen)",
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "follow_up_by": DATE}


PLAN_FORMS = {"municipality": MunicipalPlanForm, "health_centre": HealthCentrePlanForm}


class ItemForm(KeyedForm):
    key = forms.CharField(widget=forms.HiddenInput, max_length=120)  # the page's key + the code
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)


class MessageForm(KeyedForm):
    text = forms.CharField(
        label="Nytt meddelande",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Skriv ett meddelande."},
    )
