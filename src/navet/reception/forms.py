"""The triage form, built from triage.py, and the small forms of the chat. Each carries an
idempotency key (KeyedForm): a double submit stores one request or one message."""

from __future__ import annotations

from django import forms

from navet.access.forms import KeyedForm
from navet.reception import triage
from navet.reception.models import Channel

YES_NO = (("no", "Nej"), ("yes", "Ja"))


def _choice(label: str, choices, required_message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


class TriageForm(KeyedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem_area"] = _choice(
            "Vad gäller ditt ärende?", triage.PROBLEM_AREAS, "Välj vad ärendet gäller."
        )
        self.fields["reason_class"] = _choice(
            "Är det", triage.REASONS, "Välj om besväret är nytt, sämre eller annat."
        )
        self.fields["since"] = _choice(
            "Sedan när har du haft besvären?", triage.SINCE, "Välj sedan när."
        )
        self.fields["description"] = forms.CharField(
            label="Beskriv med egna ord",
            min_length=10,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={
                "required": "Beskriv dina besvär.",
                "min_length": "Skriv lite mer, minst %(limit_value)d tecken.",
                "max_length": "Skriv kortare, högst %(limit_value)d tecken.",
            },
        )
        for flag in triage.RED_FLAGS:
            self.fields[flag.code] = _choice(flag.question, YES_NO, "Svara ja eller nej.")
        self.fields["channel"] = _choice(
            "Hur vill du helst ha kontakt?", Channel.choices, "Välj chatt eller video."
        )
        self.fields["channel"].initial = Channel.CHAT

    def red_flag_fields(self):
        return [self[flag.code] for flag in triage.RED_FLAGS]

    def clean(self):
        data = super().clean()
        for flag in triage.RED_FLAGS:
            if flag.code in data:
                data[flag.code] = data[flag.code] == "yes"
        return data


class MessageForm(KeyedForm):
    body = forms.CharField(
        label="Meddelande",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Skriv ett meddelande.",
            "max_length": "Skriv kortare, högst %(limit_value)d tecken.",
        },
    )


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label="Utfall (till exempel egenvårdsråd, bokad tid, recept)",
        max_length=200,
        error_messages={"required": "Skriv ett kort utfall."},
    )
