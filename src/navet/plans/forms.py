"""Forms of SIP. Creating forms carry an idempotency `key` (a double submission makes one
object); the plan form carries the `version` it showed (the optimistic lock)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone

from navet.access.forms import KeyedForm
from navet.access.models import ConsentGivenBy, ConsentMethod
from navet.messaging.forms import _unit_field
from navet.organisation.models import CareProvider, Principal
from navet.plans.models import (
    ClosingReason,
    ExternalKind,
    MeetingMode,
    SelfCarePerformer,
    Stage,
    WithheldPart,
)

INTERVENTION_ROWS = 5
OTHER_FIELDS = (
    "what_matters",
    "others_measures",
    "lead_principal",
    "contacts",
    "own_actions",
    "follow_up_date",
)
DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PrincipalField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class NewPlanForm(KeyedForm):
    need = forms.CharField(
        label="Vilket behov av samordning har upptäckts?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Beskriv behovet."},
    )


class PlanForm(KeyedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    what_matters = forms.CharField(
        label="Vad är viktigt för dig? (personens mål, med personens egna ord)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    others_measures = forms.CharField(
        label="Åtgärder som vidtas av andra än huvudmännen",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    lead_principal = PrincipalField(
        label="Huvudman med övergripande ansvar",
        queryset=Principal.objects.order_by("kind", "name"),
        required=False,
    )
    contacts = forms.CharField(
        label="Kontaktpersoner per organisation",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    own_actions = forms.CharField(
        label="Det personen och närstående gör själva",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    follow_up_date = forms.DateField(label="Uppföljning", widget=DATE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        principals = Principal.objects.order_by("kind", "name")
        for i in range(1, INTERVENTION_ROWS + 1):
            self.fields[f"what_{i}"] = forms.CharField(
                label=f"Insats {i}", max_length=500, required=False
            )
            self.fields[f"principal_{i}"] = PrincipalField(
                label=f"Ansvarig huvudman för insats {i}", queryset=principals, required=False
            )

    def intervention_rows(self):
        return [
            (self[f"what_{i}"], self[f"principal_{i}"]) for i in range(1, INTERVENTION_ROWS + 1)
        ]

    def other_fields(self):
        return [self[name] for name in OTHER_FIELDS]

    def clean(self):
        data = super().clean()
        for i in range(1, INTERVENTION_ROWS + 1):
            if data.get(f"principal_{i}") and not (data.get(f"what_{i}") or "").strip():
                self.add_error(f"what_{i}", "Skriv insatsen eller ta bort huvudmannen.")
        return data

    def content(self) -> dict:
        data = self.cleaned_data
        return {
            "what_matters": data["what_matters"],
            "interventions": [
                {
                    "what": data[f"what_{i}"],
                    "principal_id": data[f"principal_{i}"].pk if data[f"principal_{i}"] else None,
                }
                for i in range(1, INTERVENTION_ROWS + 1)
                if data[f"what_{i}"].strip()
            ],
            "others_measures": data["others_measures"],
            "lead_principal_id": data["lead_principal"].pk if data["lead_principal"] else None,
            "contacts": data["contacts"],
            "own_actions": data["own_actions"],
            "follow_up_date": data["follow_up_date"],
        }

    @staticmethod
    def initial_from(version, number: int) -> dict:
        initial = {"version": number}
        if version is None:
            return initial
        initial.update(
            what_matters=version.what_matters,
            others_measures=version.others_measures,
            lead_principal=version.lead_principal_id,
            contacts=version.contacts,
            own_actions=version.own_actions,
            follow_up_date=version.follow_up_date,
        )
        for i, row in enumerate(version.interventions[:INTERVENTION_ROWS], start=1):
            initial[f"what_{i}"] = row.get("what", "")
            initial[f"principal_{i}"] = row.get("principal_id")
        return initial


class ProviderField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ProvidersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ConsentForm(KeyedForm):
    disclosing_provider = ProviderField(
        label="Uppgifter hos (den organisation som lämnar uppgifter)",
        queryset=CareProvider.objects.order_by("name"),
        error_messages={"required": "Välj organisationen som lämnar uppgifter."},
    )
    recipient_providers = ProvidersField(
        label="Får lämnas till",
        queryset=CareProvider.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Välj minst en organisation som får ta del av uppgifterna."},
    )
    given_by = forms.ChoiceField(label="Samtycket lämnades av", choices=ConsentGivenBy.choices)
    guardian_name = forms.CharField(
        label="Vårdnadshavarens namn (för barn)", required=False, max_length=200
    )
    child_view = forms.CharField(
        label="Barnets egen uppfattning (för barn)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    method = forms.ChoiceField(label="Hur", choices=ConsentMethod.choices)
    valid_to = forms.DateField(
        label="Gäller till och med",
        widget=DATE,
        error_messages={"required": "Ange hur länge samtycket gäller."},
    )
    note = forms.CharField(
        label="Anteckning (krävs om personens inställning har utretts)",
        required=False,
        max_length=500,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault(
            "valid_to", timezone.localdate() + timedelta(days=365)
        )
        super().__init__(*args, **kwargs)


class WithdrawForm(forms.Form):
    method = forms.ChoiceField(label="Hur återkallades samtycket?", choices=ConsentMethod.choices)


class InviteUnitForm(KeyedForm):
    meeting = forms.ModelChoiceField(
        label="Kallelse till möte (valfritt)", queryset=None, required=False
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"] = _unit_field("Enhet som bjuds in")
        self.fields["meeting"].queryset = plan.meetings.all()
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{timezone.localtime(m.starts_at):%Y-%m-%d %H.%M} ({m.get_mode_display().lower()})"
        )
        self.order_fields(["to_unit", "meeting"])


class InviteExternalForm(KeyedForm):
    kind = forms.ChoiceField(label="Aktör", choices=ExternalKind.choices)
    organisation = forms.CharField(label="Organisation", required=False, max_length=200)
    name = forms.CharField(
        label="Namn", max_length=200, error_messages={"required": "Skriv deltagarens namn."}
    )
    contact = forms.CharField(
        label="Kontaktuppgifter (telefon eller e-post)",
        max_length=300,
        error_messages={"required": "Skriv kontaktuppgifter."},
    )


class MeetingForm(KeyedForm):
    mode = forms.ChoiceField(
        label="Mötesform", choices=MeetingMode.choices, widget=forms.RadioSelect
    )
    starts_at = forms.DateTimeField(
        label="Börjar",
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": "Ange när mötet börjar.", "invalid": "Ange datum och tid."},
    )
    place = forms.CharField(label="Plats (för möte på plats)", required=False, max_length=300)
    participants = forms.CharField(
        label="Deltagare", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MinutesForm(forms.Form):
    participants = forms.CharField(
        label="Deltagare", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    minutes = forms.CharField(
        label="Minnesanteckningar",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Skriv minnesanteckningarna."},
    )


class StageForm(forms.Form):
    # Closing has its own form (a reason from a list): see CloseForm.
    stage = forms.ChoiceField(
        label="Nästa steg", choices=[c for c in Stage.choices if c[0] != Stage.CLOSED]
    )
    note = forms.CharField(label="Anteckning", required=False, max_length=500)


class RelativeForm(forms.Form):
    relative = forms.ModelChoiceField(label="Närstående", queryset=None)
    appropriate = forms.BooleanField(
        label="Det är lämpligt att den närstående deltar", required=False
    )
    person_objects = forms.BooleanField(label="Personen motsätter sig", required=False)
    note = forms.CharField(label="Anteckning", required=False, max_length=500)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relative"].queryset = person.relatives.all()
        self.fields["relative"].label_from_instance = lambda r: (
            f"{r.name} ({r.get_relation_display().lower()})"
        )


class SecrecyForm(forms.Form):
    """OSL 12:3: what is withheld from the guardians — parts of the plan and single
    interventions (those of the plan's latest and finalised versions) — and why."""

    parts = forms.MultipleChoiceField(
        label="Delar som inte lämnas ut till vårdnadshavarna",
        choices=WithheldPart.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    interventions = forms.MultipleChoiceField(
        label="Enskilda insatser som inte lämnas ut",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Skrivs insatsen om senare, lämnas inga insatser ut förrän ni beslutar igen.",
    )
    withheld = forms.CharField(
        label="Beskriv beslutet",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Beskriv vad som inte lämnas ut."},
    )
    reason = forms.CharField(
        label="Skäl (OSL 12 kap. 3 §)",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Skriv skälet."},
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        numbers = {plan.version, plan.finalised_version} - {None}
        texts = sorted(
            {
                (row.get("what") or "").strip()
                for version in plan.versions.filter(number__in=numbers)
                for row in version.interventions or []
            }
            - {""}
        )
        self.fields["interventions"].choices = [(t, t) for t in texts]
        if not texts:
            del self.fields["interventions"]

    def clean(self):
        data = super().clean()
        if not data.get("parts") and not data.get("interventions"):
            raise forms.ValidationError("Välj vad som inte lämnas ut till vårdnadshavarna.")
        return data


class HandOverForm(forms.Form):
    to_user = forms.ModelChoiceField(
        label="Ny samordnare",
        queryset=None,
        error_messages={"required": "Välj vem som tar över samordningen."},
    )

    def __init__(self, *args, units, exclude_user_id=None, **kwargs):
        from django.contrib.auth import get_user_model
        from django.db.models import Q

        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        users = (
            get_user_model()
            .objects.filter(
                Q(staff__assignments__valid_to__isnull=True)
                | Q(staff__assignments__valid_to__gte=today),
                staff__assignments__unit__in=units,
                staff__assignments__valid_from__lte=today,
                is_active=True,
            )
            .exclude(pk=exclude_user_id)
            .select_related("staff")
            .distinct()
            .order_by("staff__family_name", "staff__given_name")
        )
        self.fields["to_user"].queryset = users
        self.fields["to_user"].label_from_instance = lambda u: u.staff.full_name


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label="Skäl till att planen avslutas",
        choices=[("", "Välj skäl"), *ClosingReason.choices],
        error_messages={"required": "Välj ett skäl."},
    )
    note = forms.CharField(
        label="Beskriv skälet (krävs för Annat skäl)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=400,
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == ClosingReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", "Skriv varför planen avslutas.")
        return data


class FollowUpForm(KeyedForm):
    held_on = forms.DateField(label="Uppföljningen gjordes", widget=DATE)
    note = forms.CharField(
        label="Vad visade uppföljningen?", widget=forms.Textarea(attrs={"rows": 4})
    )
    next_date = forms.DateField(
        label="Nästa uppföljning",
        widget=DATE,
        error_messages={"required": "Välj datum för nästa uppföljning, eller avsluta planen."},
    )


# --- Documented agreement ----------------------------------------------------------------------

AGREEMENT_TEXTS = {
    "what_happens": "Vad ska hända?",
    "when": "När?",
    "whom_to_contact": "Vem kontaktar personen (namn, telefon, när)?",
    "person_does": "Det här gör personen (och närstående)",
    "care_does": "Det här gör vården och omsorgen",
    "self_care_advice": "Egenvårdsråd",
}


class NewAgreementForm(KeyedForm):
    plan = forms.ModelChoiceField(
        label="Hör till SIP (valfritt)", queryset=None, required=False, empty_label="Ingen SIP"
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["plan"].label_from_instance = lambda p: (
            f"SIP startad {p.created_at:%Y-%m-%d}, samordnare {p.coordinator_name}"
        )


class AgreementForm(KeyedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    next_agreed_at = forms.DateTimeField(
        label="Nästa överenskomna tid", widget=DATETIME, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in AGREEMENT_TEXTS.items():
            self.fields[name] = forms.CharField(
                label=label,
                widget=forms.Textarea(attrs={"rows": 3}),
                required=name == "what_happens",
                max_length=4000,
                error_messages={"required": "Skriv vad som ska hända."},
            )
        self.order_fields(["key", "version", "what_happens", "when", "next_agreed_at"])

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in [*AGREEMENT_TEXTS, "next_agreed_at"]}

    @staticmethod
    def initial_from(version, number: int) -> dict:
        initial = {"version": number}
        if version is not None:
            for name in [*AGREEMENT_TEXTS, "next_agreed_at"]:
                initial[name] = getattr(version, name)
        return initial


class AssessmentForm(KeyedForm):
    measure = forms.CharField(
        label="Åtgärd", max_length=300, help_text="Till exempel: insulininjektion morgon och kväll."
    )
    performer = forms.ChoiceField(
        label="Bedömning",
        choices=SelfCarePerformer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Välj vem som kan utföra åtgärden."},
    )
    reasoning = forms.CharField(
        label="Motivering", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    assessed_on = forms.DateField(label="Bedömd", widget=DATE)
    review_on = forms.DateField(label="Omprövas senast", widget=DATE)

    def __init__(self, *args, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("initial", {}).update(
            assessed_on=today, review_on=today + timedelta(days=180)
        )
        super().__init__(*args, **kwargs)


class EndAgreementForm(forms.Form):
    reason = forms.CharField(
        label="Varför avslutas överenskommelsen?",
        max_length=500,
        error_messages={"required": "Skriv varför överenskommelsen avslutas."},
    )
