"""Forms of the roadmap's pages. Every POST form carries `request_key` (a new one per form load:
a double click gives one result) and edit forms carry the row's `lock_version`."""

from __future__ import annotations

import uuid

from django import forms

from navet.organisation.models import Principal, Subarea
from navet.roadmap.models import (
    ActivityStatus,
    Direction,
    Forum,
    Judgement,
    PriorityArea,
    ReportKind,
    RoadmapVersion,
    TargetUnit,
)

DATE = {"type": "date"}


def new_key() -> str:
    return uuid.uuid4().hex


class KeyedForm(forms.Form):
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("request_key", new_key())
        super().__init__(*args, **kwargs)


class LockedForm(KeyedForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class FilterForm(forms.Form):
    """GET filters of the overview and the timeline; unknown values are ignored, not errors."""

    principal = forms.ModelChoiceField(
        label="Huvudman", queryset=Principal.objects.none(), required=False, empty_label="Alla"
    )
    subarea = forms.ModelChoiceField(
        label="Nod", queryset=Subarea.objects.none(), required=False, empty_label="Hela länet"
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Alla"), *ActivityStatus.choices], required=False
    )

    def __init__(self, data, *, roadmap):
        super().__init__(data)
        self.fields["principal"].queryset = roadmap.principals.order_by("kind", "name")
        self.fields["subarea"].queryset = Subarea.objects.filter(county=roadmap.county)

    def filters(self):
        from navet.roadmap.selectors import Filters

        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            principal_id=data["principal"].pk if data["principal"] else None,
            subarea_id=data["subarea"].pk if data["subarea"] else None,
            status=data["status"],
        )


class FollowUpForm(LockedForm):
    status = forms.ChoiceField(label="Status", choices=ActivityStatus.choices)
    judgement = forms.ChoiceField(
        label="Bedömning (trafikljus)",
        choices=Judgement.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Kommentar",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Krävs vid status Försenad eller Avbruten och vid röd bedömning.",
    )
    decisions = forms.CharField(
        label="Beslut",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, prefix_id: str = "", **kwargs):
        # Several follow-up forms share one meeting page: a prefix keeps their ids apart.
        if prefix_id:
            kwargs["prefix"] = prefix_id
        super().__init__(*args, **kwargs)


class MeetingForm(KeyedForm):
    held_on = forms.DateField(label="Mötesdatum", widget=forms.DateInput(attrs=DATE))
    title = forms.CharField(label="Rubrik", required=False, max_length=200)
    notes = forms.CharField(
        label="Anteckningar", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActivityForm(KeyedForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    area = forms.ModelChoiceField(label="Område", queryset=PriorityArea.objects.none())
    title = forms.CharField(label="Rubrik", max_length=300)
    description = forms.CharField(
        label="Beskrivning", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    owner_forum = forms.ModelChoiceField(
        label="Ägande forum", queryset=Forum.objects.none(), required=False, empty_label="Inget"
    )
    owner_name = forms.CharField(label="Ansvarig (roll eller person)", required=False)
    principals = forms.ModelMultipleChoiceField(
        label="Berörda huvudmän",
        queryset=Principal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Ingen vald: alla deltagande huvudmän.",
    )
    subareas = forms.ModelMultipleChoiceField(
        label="Noder",
        queryset=Subarea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Ingen vald: hela länet.",
    )
    starts_on = forms.DateField(label="Start", required=False, widget=forms.DateInput(attrs=DATE))
    ends_on = forms.DateField(label="Slut", required=False, widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, version: RoadmapVersion, **kwargs):
        super().__init__(*args, **kwargs)
        roadmap = version.roadmap
        self.fields["area"].queryset = version.areas.order_by("order", "pk")
        self.fields["owner_forum"].queryset = roadmap.forums.order_by("order", "name")
        self.fields["principals"].queryset = roadmap.principals.order_by("kind", "name")
        self.fields["subareas"].queryset = Subarea.objects.filter(county=roadmap.county)

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "Slutdatumet är före startdatumet.")
        return data


class AreaForm(KeyedForm):
    title = forms.CharField(label="Rubrik", max_length=300)
    description = forms.CharField(
        label="Beskrivning", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    year = forms.IntegerField(
        label="År",
        required=False,
        min_value=1990,
        max_value=2100,
        help_text="Tomt: området gäller hela perioden.",
    )
    goals = forms.CharField(
        label="Mål",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ett mål per rad.",
    )


class TargetForm(KeyedForm):
    KIND_CHOICES = [
        ("indicator", "Indikator ur Uppföljningen"),
        ("manual", "Manuellt mått (värden matas in för hand)"),
    ]
    kind = forms.ChoiceField(label="Slag", choices=KIND_CHOICES, widget=forms.RadioSelect)
    indicator = forms.ChoiceField(label="Indikator", required=False)
    name = forms.CharField(label="Namn på det manuella måttet", required=False, max_length=300)
    unit = forms.ChoiceField(label="Enhet (manuellt mått)", choices=TargetUnit.choices)
    unit_label = forms.CharField(label="Enhetstext", required=False, max_length=60)
    direction = forms.ChoiceField(label="Riktning", choices=Direction.choices, required=False)
    target_value = forms.DecimalField(
        label="Målvärde",
        required=False,
        max_digits=14,
        decimal_places=3,
        help_text="Andelar i procent, t.ex. 80.",
    )
    target_year = forms.IntegerField(label="Målår", required=False, min_value=1990, max_value=2100)
    target_text = forms.CharField(label="Mål i ord", required=False, max_length=300)
    note = forms.CharField(
        label="Anteckning", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        from navet.roadmap.catalogue import indicator_choices

        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "Välj indikator"), *indicator_choices()]

    def clean(self):
        data = super().clean()
        if data.get("kind") == "indicator" and not data.get("indicator"):
            self.add_error("indicator", "Välj en indikator.")
        if data.get("kind") == "manual" and not (data.get("name") or "").strip():
            self.add_error("name", "Skriv namnet på måttet.")
        return data


class TargetValueForm(KeyedForm):
    period_label = forms.CharField(
        label="Period", max_length=60, help_text="Till exempel 2025 eller 2025 halvår 1."
    )
    period_end = forms.DateField(label="Periodens sista dag", widget=forms.DateInput(attrs=DATE))
    value = forms.DecimalField(label="Värde", max_digits=14, decimal_places=3)
    source = forms.CharField(label="Källa", required=False, max_length=300)
    note = forms.CharField(
        label="Anteckning", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConsultationForm(LockedForm):
    opens_on = forms.DateField(label="Remiss från", widget=forms.DateInput(attrs=DATE))
    closes_on = forms.DateField(label="Remiss till och med", widget=forms.DateInput(attrs=DATE))


class CommentForm(KeyedForm):
    principal = forms.ModelChoiceField(label="Huvudman", queryset=Principal.objects.none())
    submitted_by = forms.CharField(
        label="Inlämnat av",
        required=False,
        max_length=200,
        help_text="Till exempel nämnd eller förvaltning.",
    )
    area = forms.ModelChoiceField(
        label="Gäller område",
        queryset=PriorityArea.objects.none(),
        required=False,
        empty_label="Hela färdplanen",
    )
    text = forms.CharField(label="Synpunkt", widget=forms.Textarea(attrs={"rows": 5}))
    received_on = forms.DateField(label="Inkom", widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, version: RoadmapVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principal"].queryset = version.roadmap.principals.order_by("kind", "name")
        self.fields["area"].queryset = version.areas.order_by("order", "pk")


class AdoptForm(LockedForm):
    forum = forms.ModelChoiceField(label="Antagen av", queryset=Forum.objects.none())
    adopted_on = forms.DateField(label="Beslutsdatum", widget=forms.DateInput(attrs=DATE))
    approved_by = forms.ModelChoiceField(
        label="Godkänd av", queryset=Forum.objects.none(), required=False, empty_label="Ingen"
    )
    approved_on = forms.DateField(
        label="Godkänd datum", required=False, widget=forms.DateInput(attrs=DATE)
    )

    def __init__(self, *args, roadmap, **kwargs):
        super().__init__(*args, **kwargs)
        forums = roadmap.forums.order_by("order", "name")
        self.fields["forum"].queryset = forums
        self.fields["approved_by"].queryset = forums


class VersionForm(LockedForm):
    title = forms.CharField(label="Titel", required=False, max_length=300)
    vision_title = forms.CharField(label="Målbildens rubrik", required=False, max_length=200)
    vision = forms.CharField(
        label="Målbild", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    goal_year = forms.IntegerField(label="Målår", required=False, min_value=1990, max_value=2100)
    period_start = forms.DateField(
        label="Period från", required=False, widget=forms.DateInput(attrs=DATE)
    )
    period_end = forms.DateField(
        label="Period till och med", required=False, widget=forms.DateInput(attrs=DATE)
    )
    change_summary = forms.CharField(
        label="Vad som ändrats i revideringen",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Periodens slut är före dess start.")
        return data


class RevisionForm(forms.Form):
    change_summary = forms.CharField(
        label="Varför revideras färdplanen?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Till exempel: årlig revidering inför 2026.",
    )


class LockOnlyForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label="Jämför version", coerce=int)
    b = forms.TypedChoiceField(label="med version", coerce=int)

    def __init__(self, data, *, versions):
        super().__init__(data)
        choices = [(v.number, v.label) for v in versions]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices


class ReportForm(KeyedForm):
    kind = forms.ChoiceField(label="Rapport", choices=ReportKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(
        label="Rubrik",
        max_length=300,
        required=False,
        help_text="Tomt: rapportens namn och period.",
    )
    period_start = forms.DateField(label="Period från", widget=forms.DateInput(attrs=DATE))
    period_end = forms.DateField(label="Period till och med", widget=forms.DateInput(attrs=DATE))

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Periodens slut kan inte vara före dess början.")
        return data


class SectionForm(LockedForm):
    text = forms.CharField(
        label="Text", required=False, widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
