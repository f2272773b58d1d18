"""Staff pages about one person: the ways forward from a refusal (register a care relationship,
emergency access in two steps) and the person's consents and blocks."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from navet.access import consents as consent_services
from navet.access import emergency as emergency_services
from navet.access.audit import record
from navet.access.decorators import person_view
from navet.access.errors import AccessError
from navet.access.forms import (
    BlockForm,
    ConsentForm,
    EmergencyForm,
    LiftBlockForm,
    RelationshipForm,
    WithdrawConsentForm,
)
from navet.access.gate import Reason
from navet.access.models import (
    AuditAction,
    Block,
    CareRelationship,
    Consent,
    EmergencyAccess,
    RelationshipKind,
)
from navet.access.purposes import Purpose
from navet.access.relationships import open_relationship
from navet.organisation.models import CareProcess, CareProvider, CareUnit


def _detail(person) -> str:
    return reverse("web:resident_detail", args=[person.pk])


@person_view(Purpose.CARE, action=None, also_when={Reason.NO_RELATIONSHIP})
def register_relationship(request, person):
    """Register a care relationship by hand, with a reason, for the user's unit and the user."""
    access = request.navet_access
    form = RelationshipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if access.actor.unit is None:
            messages.error(request, Reason.NO_UNIT.label)
        else:
            key = f"manual:{form.cleaned_data['key']}"
            with transaction.atomic():
                replay = CareRelationship.objects.filter(key=key).exists()
                relationship = open_relationship(
                    person=person,
                    unit=CareUnit.objects.get(pk=access.actor.unit.id),
                    staff=getattr(request.user, "staff", None),
                    kind=RelationshipKind.MANUAL,
                    key=key,
                    reason=form.cleaned_data["reason"],
                    opened_by=request.user,
                )
                if not replay:
                    record(
                        access.actor,
                        action=AuditAction.CREATE,
                        person_id=person.pk,
                        object_type="care_relationship",
                        object_id=relationship.pk,
                        purpose=Purpose.CARE,
                        detail=form.cleaned_data["reason"],
                    )
            messages.success(request, "Vårdrelationen är registrerad.")
            return redirect(_detail(person))
    return render(
        request, "access/relationship_form.html", {"person": person, "form": form, **_unit(access)}
    )


def _unit(access) -> dict:
    return {"unit": access.actor.unit}


@person_view(Purpose.CARE, action=None, also_when={Reason.NO_RELATIONSHIP})
def emergency_start(request, person):
    """Emergency access, step 1: a reason, then see where the withheld data are."""
    access = request.navet_access
    if not emergency_services.needs_emergency(access.decision):
        messages.info(request, "Det finns inget som nödåtkomst skulle öppna.")
        return redirect(_detail(person))
    form = EmergencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            emergency = emergency_services.reveal(
                actor=access.actor,
                user=request.user,
                person=person,
                key=form.cleaned_data["key"],
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
            )
        except AccessError as error:
            form.add_error(None, error.message)
        else:
            return redirect("access:emergency_open", person_id=person.pk, emergency_id=emergency.pk)
    return render(request, "access/emergency_start.html", {"person": person, "form": form})


@person_view(Purpose.CARE, action=None, also_when={Reason.NO_RELATIONSHIP})
def emergency_open(request, person, emergency_id: int):
    """Emergency access, step 2: where the data are, and a second reasoned choice to open."""
    access = request.navet_access
    emergency = get_object_or_404(
        EmergencyAccess, pk=emergency_id, person=person, user_id=request.user.pk
    )
    if emergency.opened_at is not None:
        return redirect(_detail(person))
    form = EmergencyForm(request.POST or None, initial={"reason": emergency.reveal_reason})
    if request.method == "POST" and form.is_valid():
        try:
            emergency_services.open_access(
                actor=access.actor,
                user=request.user,
                emergency_id=emergency.pk,
                key=form.cleaned_data["key"],
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
            )
        except AccessError as error:
            form.add_error(None, error.message)
        else:
            messages.warning(
                request,
                "Nödåtkomst är öppnad. Åtkomsten loggas, granskas av säkerhetsansvarig och "
                "personen får veta om den.",
            )
            return redirect(_detail(person))
    context = {
        "person": person,
        "form": form,
        "emergency": emergency,
        "locations": emergency_services.where(user=request.user, person=person),
    }
    return render(request, "access/emergency_open.html", context)


# --- Consent and blocks -------------------------------------------------------------------------


def _providers_of(access) -> CareProvider:
    return CareProvider.objects.filter(pk__in=access.decision.provider_ids)


def _block_forms(person, access, data=None) -> BlockForm:
    holders = CareUnit.objects.filter(care_relationships__person=person).distinct()
    return BlockForm(
        data,
        providers=CareProvider.objects.filter(units__in=holders).distinct().order_by("name"),
        units=holders.order_by("name"),
        processes=CareProcess.objects.filter(units__in=holders).distinct().order_by("name"),
    )


@person_view(Purpose.ADMINISTRATION, object_type="consents_and_blocks")
def consents(request, person):
    return _consents_page(request, person)


def _rerender(request, person, **forms):
    """A refused form: the page again, with the errors (a read of the page, logged as one)."""
    record(
        request.navet_access.actor,
        action=AuditAction.READ,
        person_id=person.pk,
        object_type="consents_and_blocks",
        object_id=person.pk,
        purpose=Purpose.ADMINISTRATION,
    )
    return _consents_page(request, person, status=400, **forms)


def _consents_page(request, person, *, consent_form=None, block_form=None, status=200):
    access = request.navet_access
    own = access.decision.provider_ids
    blocks = list(
        Block.objects.filter(person=person, lifted_at__isnull=True).select_related(
            "unit", "care_process", "care_provider"
        )
    )
    visible_blocks = [
        b for b in blocks if (b.registered_by_provider_id or b.care_provider_id) in own
    ]
    context = {
        "person": person,
        "consents": Consent.objects.filter(person=person)
        .select_related("recipient_provider", "disclosing_provider")
        .order_by("-valid_to"),
        "blocks": [(b, LiftBlockForm(initial={"version": b.version})) for b in visible_blocks],
        "other_blocks": len(blocks) - len(visible_blocks),
        "withdraw_form": WithdrawConsentForm,
        "consent_form": consent_form or ConsentForm(),
        "block_form": block_form or _block_forms(person, access),
        "today": timezone.localdate(),
        "relationships": CareRelationship.objects.filter(
            person=person, unit_id__in=access.decision.unit_ids
        ).select_related("unit"),
    }
    return render(request, "access/consents.html", context, status=status)


def _back(person):
    return redirect("access:consents", person_id=person.pk)


@person_view(Purpose.ADMINISTRATION, action=None)
@require_POST
def give_consent(request, person):
    access = request.navet_access
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return _rerender(request, person, consent_form=form)
    data = form.cleaned_data
    recipient = _providers_of(access).order_by("pk").first()
    if access.actor.unit is not None:
        recipient = CareProvider.objects.get(pk=access.actor.unit.care_provider_id)
    try:
        consent_services.give_consent(
            actor=access.actor,
            user=request.user,
            person=person,
            key=data["key"],
            purpose=data["purpose"],
            recipient_provider=recipient,
            disclosing_provider=data["disclosing_provider"],
            given_by=data["given_by"],
            method=data["method"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            guardian_name=data["guardian_name"],
            note=data["note"],
        )
    except AccessError as error:
        form.add_error(None, error.message)
        return _rerender(request, person, consent_form=form)
    messages.success(request, "Samtycket är registrerat.")
    return _back(person)


@person_view(Purpose.ADMINISTRATION, action=None)
@require_POST
def withdraw_consent(request, person, consent_id: int):
    form = WithdrawConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Formuläret var ofullständigt. Försök igen.")
        return _back(person)
    try:
        consent_services.withdraw_consent(
            actor=request.navet_access.actor,
            user=request.user,
            consent_id=consent_id,
            person_id=person.pk,
            version=form.cleaned_data["version"],
            method=form.cleaned_data["method"],
        )
    except AccessError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Samtycket är återkallat.")
    return _back(person)


@person_view(Purpose.ADMINISTRATION, action=None)
@require_POST
def set_block(request, person):
    access = request.navet_access
    form = _block_forms(person, access, request.POST)
    if not form.is_valid():
        return _rerender(request, person, block_form=form)
    data = form.cleaned_data
    try:
        consent_services.set_block(
            actor=access.actor,
            user=request.user,
            person=person,
            key=data["key"],
            kind=data["kind"],
            care_provider=data["care_provider"],
            unit=data["unit"],
            care_process=data["care_process"],
            method=data["method"],
            requested_by=data["requested_by"],
            note=data["note"],
        )
    except AccessError as error:
        form.add_error(None, error.message)
        return _rerender(request, person, block_form=form)
    messages.success(request, "Spärren är registrerad.")
    return _back(person)


@person_view(Purpose.ADMINISTRATION, action=None)
@require_POST
def lift_block(request, person, block_id: int):
    form = LiftBlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Formuläret var ofullständigt. Försök igen.")
        return _back(person)
    try:
        consent_services.lift_block(
            actor=request.navet_access.actor,
            user=request.user,
            block_id=block_id,
            person_id=person.pk,
            version=form.cleaned_data["version"],
            explicit_consent=form.cleaned_data["explicit_consent"],
            consent_method=form.cleaned_data["consent_method"],
            lifting_provider_ids=request.navet_access.decision.provider_ids,
            note=form.cleaned_data["note"],
        )
    except AccessError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Spärren är hävd.")
    return _back(person)
