"""Forms for the listing pages. Each POST form carries `key` (its idempotency key, new per page
load); choices show what the user may pick, while the services decide what is allowed (a crafted
POST gets the rule's reason, never a silent success)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from navet.access.forms import KeyedForm
from navet.listing.models import ImportMode
from navet.organisation.models import CareUnit, Staff
from navet.residents.models import ListingEndReason, ListingOrigin, NamedContactRole

DATE = forms.DateInput(attrs={"type": "date"})


def staff_label(staff: Staff) -> str:
    parts = [staff.get_profession_display()]
    if staff.doctor_grade:
        parts = [staff.get_doctor_grade_display()]
        if staff.specialty:
            parts.append(staff.get_specialty_display().lower())
    return f"{staff.full_name} – {', '.join(parts)}"


class StaffChoiceField(forms.ModelChoiceField):
    notes: dict[int, str] = {}  # replaced per form, never mutated

    def label_from_instance(self, obj) -> str:
        return staff_label(obj) + self.notes.get(obj.pk, "")


class ListingForm(KeyedForm):
    unit = forms.ModelChoiceField(label="Vårdcentral", queryset=CareUnit.objects.none())
    valid_from = forms.DateField(label="Listad från och med", widget=DATE)
    origin = forms.ChoiceField(
        label="Hur listningen kom till",
        choices=[
            (ListingOrigin.ACTIVE_CHOICE, "Personens aktiva val"),
            (ListingOrigin.AUTOMATIC, "Automatisk listning"),
        ],
        widget=forms.RadioSelect,
        initial=ListingOrigin.ACTIVE_CHOICE,
    )

    def __init__(self, *args, units=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("valid_from", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else CareUnit.objects.all()
        if self.is_bound:
            self.fields["unit"].queryset = CareUnit.objects.all()


class WaitingListForm(KeyedForm):
    unit = forms.ModelChoiceField(queryset=CareUnit.objects.all(), widget=forms.HiddenInput)
    requested_on = forms.DateField(widget=forms.HiddenInput)
    origin = forms.ChoiceField(choices=ListingOrigin.choices, widget=forms.HiddenInput)


class EndListingForm(KeyedForm):
    reason = forms.ChoiceField(
        label="Varför upphör listningen?",
        choices=[("", "Välj …")]
        + [(v, label) for v, label in ListingEndReason.choices if v != ListingEndReason.CHANGED],
    )
    valid_to = forms.DateField(label="Sista dag", widget=DATE)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("valid_to", timezone.localdate())
        super().__init__(*args, **kwargs)


class AppointForm(KeyedForm):
    role = forms.ChoiceField(choices=NamedContactRole.choices, widget=forms.HiddenInput)
    unit = forms.ModelChoiceField(queryset=CareUnit.objects.all(), widget=forms.HiddenInput)
    staff = StaffChoiceField(label="Medarbetare", queryset=Staff.objects.none())
    valid_from = forms.DateField(label="Från och med", widget=DATE)
    reason = forms.CharField(
        label="Motivering",
        required=False,
        max_length=300,
        help_text="Till exempel: personens önskemål, inför utskrivning, kontinuitet.",
    )
    equivalent_competence = forms.BooleanField(
        label="Läkaren har kompetens motsvarande en specialist i allmänmedicin", required=False
    )

    def __init__(self, *args, options=None, notes=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("valid_from", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.options = options if options is not None else Staff.objects.none()
        self.fields["staff"].notes = notes or {}
        # Bound: any member of staff, so that the service gives its reason for a wrong one.
        self.fields["staff"].queryset = Staff.objects.all() if self.is_bound else self.options
        if self["role"].value() != NamedContactRole.NAMED_DOCTOR:
            del self.fields["equivalent_competence"]

    def for_display(self):
        """After a refusal: show the options again, plus what was posted."""
        posted = self["staff"].value()
        self.fields["staff"].queryset = self.options | Staff.objects.filter(pk=posted or 0)
        return self


class EndContactForm(KeyedForm):
    reason = forms.CharField(
        label="Skäl till avslut",
        max_length=300,
        help_text="Till exempel: medarbetaren har slutat, personens önskemål.",
    )
    valid_to = forms.DateField(label="Sista dag", widget=DATE)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("valid_to", timezone.localdate())
        super().__init__(*args, **kwargs)


class ConditionForm(KeyedForm):
    action = forms.ChoiceField(
        choices=[("note", "note"), ("clear", "clear")], widget=forms.HiddenInput
    )
    note = forms.CharField(label="Anteckning", required=False, max_length=300)


class CapForm(KeyedForm):
    cap = forms.IntegerField(
        label="Listningstak (antal listade)",
        required=False,
        min_value=1,
        help_text="Lämna tomt för att ta bort taket.",
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="Listningsfil (CSV)")
    mode = forms.ChoiceField(
        label="Vad ska hända med filen?",
        choices=[
            (ImportMode.CHECK_ONLY, "Kontrollera bara – importera inget"),
            (ImportMode.ALL_OR_NOTHING, "Importera – men inget om någon rad har fel"),
            (ImportMode.VALID_ONLY, "Importera de giltiga raderna och rapportera de andra"),
        ],
        widget=forms.RadioSelect,
        initial=ImportMode.CHECK_ONLY,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError("Filen är större än 20 MB. Dela upp den.")
        return upload
