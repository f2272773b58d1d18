from __future__ import annotations

from datetime import date

from django import forms

from navet.organisation.models import Municipality
from navet.payment import sources

UPLOAD = "upload"
FORMATS = [("html", "Visa på sidan"), ("csv", "CSV"), ("xlsx", "Excel"), ("pdf", "PDF")]
MAX_FILE_BYTES = 5 * 1024 * 1024


class BasisForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label="Kommun", queryset=Municipality.objects.order_by("name"), empty_label=None
    )
    month = forms.CharField(label="Månad", help_text="ÅÅÅÅ-MM, t.ex. 2022-03", max_length=7)
    source = forms.ChoiceField(label="Underlag om vårdtillfällen")
    file = forms.FileField(
        label="Fil med vårdtillfällen (CSV)",
        required=False,
        help_text="Kolumner: se docs/payment.md",
    )
    output = forms.ChoiceField(label="Resultat", choices=FORMATS, initial="html")

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:  # the user's scope (navet.payment.scope)
            self.fields["municipality"].queryset = municipalities
        choices = [(s.key, s.label) for s in sources.registered()]
        self.fields["source"].choices = [*choices, (UPLOAD, "Fil som jag laddar upp (CSV)")]

    def clean_month(self) -> date:
        text = self.cleaned_data["month"].strip()
        try:
            year, month = (int(part) for part in text.split("-"))
            return date(year, month, 1)
        except (ValueError, TypeError):
            raise forms.ValidationError("Skriv månaden som ÅÅÅÅ-MM, t.ex. 2022-03.") from None

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if data.get("source") == UPLOAD:
            if not upload:
                self.add_error("file", "Välj en CSV-fil med vårdtillfällen.")
            elif upload.size > MAX_FILE_BYTES:
                self.add_error("file", "Filen är större än 5 MB.")
        return data


class AmountForm(forms.Form):
    year = forms.IntegerField(label="År", min_value=2018, max_value=2100)
    amount = forms.DecimalField(
        label="Belopp per dag (kr)", min_value=1, max_digits=9, decimal_places=2
    )
    source = forms.CharField(label="Källa (föreskrift eller beslut)", max_length=300)
