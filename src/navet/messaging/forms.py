"""Forms of the inbox. A new message carries an idempotency `key` (a double click sends one
message); acknowledging and forwarding are idempotent by nature (one acknowledgement, one
forward per item)."""

from __future__ import annotations

from django import forms

from navet.access.forms import KeyedForm
from navet.messaging.kinds import all_kinds
from navet.messaging.selectors import active_units
from navet.organisation.models import CareUnit


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit: CareUnit) -> str:
        return f"{unit.name} ({unit.get_kind_display().lower()}, {unit.municipality.name})"


def _unit_field(label: str, *, exclude: int | None = None) -> UnitChoiceField:
    """A select of the units that can receive items today. Validation accepts any unit, so that
    a unit that closed after the form was loaded reaches the service, which refuses it with
    suggestions (UnitClosed)."""
    field = UnitChoiceField(
        label=label,
        queryset=CareUnit.objects.select_related("municipality"),
        error_messages={
            "required": "Välj en enhet.",
            "invalid_choice": "Enheten finns inte. Välj en enhet i listan.",
        },
    )
    offered = active_units().select_related("municipality").order_by("name")
    if exclude is not None:
        offered = offered.exclude(pk=exclude)
    field.widget.choices = [("", "Välj enhet")] + [
        (unit.pk, field.label_from_instance(unit)) for unit in offered
    ]
    return field


class FilterForm(forms.Form):
    """The inbox list's filters (GET)."""

    visa = forms.ChoiceField(
        label="Visa",
        choices=[("okvitterade", "Ej kvitterade"), ("alla", "Alla")],
        required=False,
    )
    typ = forms.ChoiceField(label="Typ", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["typ"].choices = [("", "Alla typer")] + [(k.code, k.label) for k in all_kinds()]

    @property
    def only_open(self) -> bool:
        """Unacknowledged items unless "Alla" was asked for (the default, also on bad input)."""
        return not (self.is_valid() and self.cleaned_data.get("visa") == "alla")

    @property
    def kind(self) -> str:
        return self.cleaned_data.get("typ", "") if self.is_valid() else ""


class MessageForm(KeyedForm):
    subject = forms.CharField(
        label="Rubrik",
        max_length=200,
        error_messages={"required": "Skriv en rubrik."},
        help_text="Skriv inte personnummer i rubriken; personen visas ändå för mottagaren.",
    )
    body = forms.CharField(
        label="Meddelande",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Skriv ett meddelande."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"] = _unit_field("Till enhet")
        self.order_fields(["key", "to_unit", "subject", "body"])


class AcknowledgeForm(forms.Form):
    """Nothing to fill in: the button is the acknowledgement, by the logged-in user."""


class ForwardForm(forms.Form):
    reason = forms.CharField(
        label="Varför ska den enheten ha ärendet?",
        min_length=5,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Skriv varför ärendet vidarebefordras.",
            "min_length": "Skriv varför ärendet vidarebefordras (minst 5 tecken).",
        },
        help_text="Till exempel: personen är listad på en annan vårdcentral.",
    )

    def __init__(self, *args, current_unit_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"] = _unit_field("Vidarebefordra till", exclude=current_unit_id)
        self.order_fields(["to_unit", "reason"])


class SubscriptionForm(forms.Form):
    email = forms.BooleanField(
        label="Skicka e-post till mig när något nytt kommer till inkorgen",
        required=False,
        help_text="E-posten säger bara hur många ärenden som väntar, aldrig vem de gäller.",
    )
