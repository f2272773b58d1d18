"""The forms of home monitoring: enrolment (measures and thresholds, read by hand from one row
per measure), a device token, acknowledging an alert, and the resident's own value."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from navet.monitoring.measures import MEASURES
from navet.monitoring.services import parse_limit
from navet.monitoring.values import ValueError_, check, format_value


def measure_rows(data=None) -> list[dict]:
    """One row per measure for the enrolment form: checked, low, high (defaults when unbound)."""
    rows = []
    for m in MEASURES.values():
        if data is None:
            low = "" if m.low is None else format_value(m.low, m)
            high = "" if m.high is None else format_value(m.high, m)
            chosen = m.key != "weight"
        else:
            low, high = data.get(f"low_{m.key}", ""), data.get(f"high_{m.key}", "")
            chosen = data.get(f"measure_{m.key}") == "on"
        rows.append({"measure": m, "chosen": chosen, "low": low, "high": high})
    return rows


def chosen_measures(data) -> dict:
    """{key: (low, high)} from the posted enrolment form; raises MonitoringError."""
    chosen = {}
    for row in measure_rows(data):
        if row["chosen"]:
            chosen[row["measure"].key] = (parse_limit(row["low"]), parse_limit(row["high"]))
    return chosen


class DeviceForm(forms.Form):
    label = forms.CharField(label="Mätenhet (t.ex. blodtrycksmätare, modell)", max_length=100)


class AcknowledgeForm(forms.Form):
    action = forms.CharField(
        label="Vad gjordes?", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ValueForm(forms.Form):
    """The resident's own value: the measure, the value (in the measure's unit), when."""

    measure = forms.ChoiceField(label="Mått")
    value = forms.CharField(label="Värde", max_length=20)
    effective_at = forms.DateTimeField(
        label="Mättid",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [
            (key, f"{MEASURES[key].label} ({MEASURES[key].unit_label})") for key in measures
        ]
        self.fields["effective_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean(self):
        data = super().clean()
        key = data.get("measure")
        if key and data.get("value"):
            try:
                data["checked"] = check(key, data["value"], MEASURES[key].unit)
            except ValueError_ as error:
                self.add_error("value", error.reason)
        return data
