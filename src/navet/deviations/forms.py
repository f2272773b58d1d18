"""The report form (with its idempotency key), the forms of receiving, forwarding,
commenting and closing, and the statistics' selection (period and unit)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from navet.access.forms import KeyedForm
from navet.deviations import config
from navet.deviations.models import Escalation, Severity
from navet.organisation.models import CareUnit


def unit_label(unit: CareUnit) -> str:
    return f"{unit.name} ({unit.principal.name})"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit: CareUnit) -> str:
        return unit_label(unit)


def active_units():
    today = timezone.localdate()
    return (
        CareUnit.objects.exclude(active_to__lt=today)
        .select_related("principal")
        .order_by("principal__kind", "principal__name", "name")
    )


class ReportForm(KeyedForm):
    case = forms.ChoiceField(label="Ärende", required=False)
    category = forms.ChoiceField(label="Kategori", error_messages={"required": "Välj en kategori."})
    severity = forms.ChoiceField(
        label="Allvarlighetsgrad",
        choices=[("", "Välj"), *Severity.choices],
        error_messages={"required": "Välj allvarlighetsgrad."},
    )
    occurred_at = forms.DateTimeField(
        label="När inträffade händelsen?",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "required": "Ange när händelsen inträffade.",
            "invalid": "Ange tiden som ÅÅÅÅ-MM-DD TT:MM.",
        },
    )
    description = forms.CharField(
        label="Vad hände?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": "Skriv vad som hände."},
    )
    immediate_action = forms.CharField(
        label="Omedelbar åtgärd",
        help_text="Vad gjordes direkt för att minska följderna?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    responsible_unit = UnitChoiceField(
        label="Ansvarig enhet",
        queryset=CareUnit.objects.none(),
        required=False,
        empty_label="Ärendets enhet",
        help_text="Den enhet som ska utreda avvikelsen, ofta den andra huvudmannens.",
        error_messages={"invalid_choice": "Välj en enhet i listan."},
    )
    escalation = forms.ChoiceField(
        label="Bör bedömas för lex Maria eller lex Sarah?",
        choices=Escalation.choices,
        required=False,
        help_text="Vid allvarlig vårdskada eller missförhållande, eller risk för det.",
    )

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Välj"), *config.categories()]
        self.fields["responsible_unit"].queryset = active_units()
        if cases:
            self.fields["case"].choices = [("", "Inget ärende")] + [
                (c.ref, f"{c.label} → {c.unit.name}") for c in cases
            ]
        else:
            del self.fields["case"]
            self.fields["responsible_unit"].required = True
            self.fields["responsible_unit"].empty_label = "Välj enhet"
            self.fields["responsible_unit"].error_messages["required"] = "Välj ansvarig enhet."


class ForwardForm(forms.Form):
    to_unit = UnitChoiceField(
        label="Skicka till",
        queryset=CareUnit.objects.none(),
        empty_label="Välj enhet",
        error_messages={"required": "Välj den enhet som ska ta över avvikelsen."},
    )
    reason = forms.CharField(
        label="Skäl",
        min_length=5,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Skriv varför avvikelsen skickas vidare.",
            "min_length": "Skriv varför (minst 5 tecken).",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = active_units()


class CommentForm(KeyedForm):
    text = forms.CharField(
        label="Kommentar",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "Skriv kommentaren."},
    )


class CloseForm(forms.Form):
    measures = forms.CharField(
        label="Åtgärder",
        help_text="Vidtagna och planerade åtgärder, med ansvarig och när.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Skriv vilka åtgärder som har vidtagits eller planeras."},
    )
    conclusion = forms.CharField(
        label="Slutsats",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Skriv utredningens slutsats."},
    )
    escalation = forms.ChoiceField(
        label="Anmäls enligt lex Maria eller lex Sarah?",
        choices=Escalation.choices,
        required=False,
    )


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="Från",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Ange datumet som ÅÅÅÅ-MM-DD."},
    )
    end = forms.DateField(
        label="Till och med",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Ange datumet som ÅÅÅÅ-MM-DD."},
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "Slutdatumet ligger före startdatumet.")
        return data


UNKNOWN_UNIT = "Enheten finns inte i listan. Välj en enhet eller Alla enheter."


class StatisticsForm(PeriodForm):
    """The period and, optionally, one unit: `own` (the user's units) are offered first, then
    `others`. `cleaned_data["unit"]` is the CareUnit, or None for all units."""

    unit = forms.TypedChoiceField(
        label="Enhet",
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Avvikelser som enheten rapporterat eller tagit emot.",
        error_messages={"invalid_choice": UNKNOWN_UNIT},
    )

    def __init__(self, *args, own=(), others=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in (*own, *others)}
        choices = [("", "Alla enheter")]
        if own:
            choices.append(("Dina enheter", [(u.pk, unit_label(u)) for u in own]))
            if others:
                choices.append(("Övriga enheter", [(u.pk, unit_label(u)) for u in others]))
        else:
            choices += [(u.pk, unit_label(u)) for u in others]
        self.fields["unit"].choices = choices

    def clean_unit(self):
        pk = self.cleaned_data.get("unit")
        return None if pk is None else self.units[pk]
