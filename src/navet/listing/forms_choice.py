"""Forms for the person's own choice of named doctor and the unit head's answer."""

from __future__ import annotations

from django import forms

from navet.access.forms import KeyedForm
from navet.listing.forms import StaffChoiceField, staff_label
from navet.organisation.models import Staff

QUEUE = "queue"


class ChooseDoctorForm(KeyedForm):
    """The person's pick: a doctor with room, or (when none has) the queue."""

    choice = forms.ChoiceField(label="Välj fast läkarkontakt", widget=forms.RadioSelect)
    message = forms.CharField(
        label="Meddelande till vårdcentralen (frivilligt)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (str(o.doctor.pk), f"{staff_label(o.doctor)} ({o.free} lediga platser)")
            for o in options
            if o.free > 0 and not o.current
        ]
        if not any(o.free > 0 for o in options):
            choices.append((QUEUE, "Ställ mig i kö till en fast läkarkontakt"))
        self.fields["choice"].choices = choices

    def doctor(self) -> Staff | None:
        value = self.cleaned_data["choice"]
        return None if value == QUEUE else Staff.objects.get(pk=int(value))


class DecideForm(KeyedForm):
    """The unit head's answer to one request."""

    decision = forms.ChoiceField(
        label="Beslut",
        choices=[("confirm", "Bekräfta"), ("refuse", "Avböj")],
        widget=forms.RadioSelect,
    )
    doctor = StaffChoiceField(
        label="Läkare (för den som står i kö)", queryset=Staff.objects.none(), required=False
    )
    explanation = forms.CharField(
        label="Förklaring till personen (om du avböjer)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, doctors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if doctors is None:
            del self.fields["doctor"]
        else:
            self.fields["doctor"].queryset = doctors

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and len(data.get("explanation", "").strip()) < 10:
            self.add_error("explanation", "Förklara för personen varför valet inte kan bekräftas.")
        if data.get("decision") == "confirm" and "doctor" in self.fields and not data.get("doctor"):
            self.add_error("doctor", "Välj vilken läkare personen ska få.")
        return data
