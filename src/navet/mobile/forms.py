"""Forms of the mobile team. New requests and follow-ups carry an idempotency `key` (a double
click makes one); triage and the visit are once-only by the request's status."""

from __future__ import annotations

from django import forms

from navet.access.forms import KeyedForm
from navet.mobile.models import Channel, Status, Urgency, VisitOutcome
from navet.organisation.models import CareUnit, Staff

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _datetime(label: str, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
        error_messages={
            "required": "Ange datum och tid.",
            "invalid": "Ange datum och tid som ÅÅÅÅ-MM-DD TT:MM.",
        },
    )


class RequestForm(KeyedForm):
    team = forms.ModelChoiceField(
        label="Mobilt team",
        queryset=CareUnit.objects.none(),
        empty_label="Välj team",
        error_messages={
            "required": "Välj ett mobilt team.",
            "invalid_choice": "Teamet finns inte. Välj ett team i listan.",
        },
    )
    channel = forms.ChoiceField(
        label="Begäran kommer från",
        choices=Channel.choices,
        error_messages={"required": "Välj varifrån begäran kommer."},
    )
    urgency = forms.ChoiceField(
        label="Hur brådskande",
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Välj hur brådskande besöket är."},
    )
    reason = forms.CharField(
        label="Orsak",
        max_length=2000,
        widget=TEXTAREA,
        help_text="Vad ska teamet bedöma? Symtom, förlopp och vad som redan är gjort.",
        error_messages={"required": "Skriv orsaken till begäran."},
    )

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = CareUnit.objects.filter(pk__in=[t.pk for t in teams])
        self.fields["team"].choices = [("", "Välj team")] + [(t.pk, t.name) for t in teams]


class TriageForm(forms.Form):
    decision = forms.ChoiceField(
        label="Beslut",
        choices=[
            (Status.ACCEPTED, "Acceptera och planera hembesök"),
            (Status.ADVISED, "Ge råd (inget besök)"),
            (Status.DECLINED, "Avböj"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Välj ett beslut."},
    )
    planned_at = _datetime("Planerad besökstid (vid acceptera)", required=False)
    note = forms.CharField(
        label="Råd, skäl eller kommentar",
        max_length=2000,
        required=False,
        widget=TEXTAREA,
        help_text="Krävs när du ger råd eller avböjer.",
    )


class VisitForm(forms.Form):
    visited_at = _datetime("Besökstid")
    staff = forms.ModelMultipleChoiceField(
        label="Vem deltog",
        queryset=Staff.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Ange vem eller vilka som gjorde besöket."},
    )
    findings = forms.CharField(label="Bedömning och fynd", max_length=4000, widget=TEXTAREA)
    actions = forms.CharField(label="Åtgärder", max_length=4000, widget=TEXTAREA)
    outcome = forms.ChoiceField(
        label="Utfall",
        choices=VisitOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Välj utfall."},
    )

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff is not None:
            self.fields["staff"].queryset = staff


class FollowUpForm(KeyedForm):
    contact = forms.CharField(
        label="Kontakt i kommunen",
        max_length=200,
        help_text="Namn och roll, till exempel sjuksköterska i hemsjukvården.",
    )
    plan = forms.CharField(label="Överenskommen plan", max_length=4000, widget=TEXTAREA)


class CloseFollowUpForm(forms.Form):
    outcome = forms.CharField(label="Utfall", max_length=4000, widget=TEXTAREA)
