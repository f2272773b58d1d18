"""Forms for the days caused by the region's gaps (planning page, §14)."""

from __future__ import annotations

from django import forms

from navet.access.forms import KeyedForm
from navet.transitions.models_gaps import GapReason, GapStatus

DATE = forms.DateInput(attrs={"type": "date"})


class GapClaimForm(KeyedForm):
    first_day = forms.DateField(label="Från och med", widget=DATE)
    last_day = forms.DateField(label="Till och med", widget=DATE)
    reason = forms.ChoiceField(label="Brist hos regionen", choices=GapReason.choices)
    text = forms.CharField(
        label="Beskrivning",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Vad saknades och vem kontaktades? Skriv inget om patientens hälsa.",
    )
    replaces = forms.TypedChoiceField(
        label="Rättar bekräftade dagar",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Välj de bekräftade dagar som ska ersättas när rättelsen bekräftas.",
    )

    def __init__(self, *args, stay=None, **kwargs):
        super().__init__(*args, **kwargs)
        confirmed = [] if stay is None else stay.region_gaps.filter(status=GapStatus.CONFIRMED)
        self.fields["replaces"].choices = [("", "Nej, nya dagar")] + [
            (g.pk, f"{g.first_day:%Y-%m-%d}–{g.last_day:%Y-%m-%d}") for g in confirmed
        ]
        if len(self.fields["replaces"].choices) == 1:
            self.fields["replaces"].widget = forms.HiddenInput()


class GapDecisionForm(KeyedForm):
    note = forms.CharField(label="Motivering", max_length=500, required=False)
