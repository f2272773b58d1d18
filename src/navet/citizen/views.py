"""The resident's own pages: contacts, consents and blocks, and who has read their data.

Every view passes the gate with purpose OWN_DATA (`own_data_view`), which logs the read; changes
(withdrawing a consent, setting a block) are logged in their own transaction by the services."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from navet.access import config
from navet.access import consents as consent_services
from navet.access.decorators import own_data_view
from navet.access.errors import AccessError
from navet.access.exports import citizen_log_pdf
from navet.access.forms import CitizenBlockForm, WithdrawConsentForm
from navet.access.models import AuditAction, Block, BlockKind, Consent, ConsentMethod
from navet.citizen.selectors import own_log
from navet.listing import selectors as listing_selectors
from navet.organisation.models import CareProcess, CareProvider, CareUnit
from navet.residents import selectors


@own_data_view("own_contacts")
def my_contacts(request, person):
    """The resident's own health centre and named contacts with how to reach them, and the
    earlier ones."""
    today = timezone.localdate()
    visible = request.navet_access.decision.shows
    context = {
        "person": person,
        "residence": selectors.current_residence(person, on=today),
        "contacts": selectors.listing_and_contacts(person, on=today, visible=visible),
        "resident_contacts": listing_selectors.resident_contacts(person, on=today, visible=visible),
    }
    return render(request, "citizen/my_contacts.html", context)


def _block_targets(person) -> list[tuple[str, str]]:
    """What the person can block: each care provider, each care process and each unit that
    holds their data."""
    units = (
        CareUnit.objects.filter(care_relationships__person=person)
        .select_related("care_provider", "care_process")
        .distinct()
        .order_by("care_provider__name", "name")
    )
    targets, providers, processes = [], {}, {}
    for unit in units:
        providers[unit.care_provider_id] = unit.care_provider.name
        process = unit.care_process
        if process is not None and process.care_provider_id == unit.care_provider_id:
            processes[process.pk] = (process.name, unit.care_provider.name)
    for pk, name in sorted(providers.items(), key=lambda x: x[1]):
        targets.append((f"provider-{pk}", f"Allt hos {name} (yttre spärr)"))
    for pk, (name, provider) in sorted(processes.items(), key=lambda x: x[1]):
        targets.append(
            (f"process-{pk}", f"Allt inom vårdprocessen {name} hos {provider} (inre spärr)")
        )
    for unit in units:
        targets.append((f"unit-{unit.pk}", f"Bara {unit.name} (inre spärr)"))
    return targets


def _consents_page(request, person, *, block_form=None, status=200):
    context = {
        "person": person,
        "today": timezone.localdate(),
        "consents": Consent.objects.filter(person=person)
        .select_related("recipient_provider", "disclosing_provider")
        .order_by("-valid_to"),
        "blocks": Block.objects.filter(person=person)
        .select_related("care_provider", "unit", "care_process")
        .order_by("lifted_at", "-set_at"),
        "block_form": block_form or CitizenBlockForm(targets=_block_targets(person)),
    }
    return render(request, "citizen/my_consents.html", context, status=status)


@own_data_view("own_consents_and_blocks")
def my_consents(request, person):
    return _consents_page(request, person)


@own_data_view("consent", action=None)
@require_POST
def withdraw_consent(request, person, consent_id: int):
    form = WithdrawConsentForm({**request.POST.dict(), "method": ConsentMethod.DIGITAL})
    if not form.is_valid():
        messages.error(request, "Något gick fel. Ladda om sidan och försök igen.")
        return redirect("citizen:my_consents")
    try:
        consent_services.withdraw_consent(
            actor=request.navet_access.actor,
            user=request.user,
            consent_id=consent_id,
            person_id=person.pk,
            version=form.cleaned_data["version"],
            method=ConsentMethod.DIGITAL,
        )
    except AccessError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Ditt samtycke är återkallat. Det gäller från och med nu.")
    return redirect("citizen:my_consents")


@own_data_view("block", action=None)
@require_POST
def set_block(request, person):
    form = CitizenBlockForm(request.POST, targets=_block_targets(person))
    if not form.is_valid():
        return _consents_page(request, person, block_form=form, status=400)
    kind_and_pk = form.cleaned_data["target"]
    kind, _, pk = kind_and_pk.partition("-")
    unit = CareUnit.objects.get(pk=pk) if kind == "unit" else None
    process = CareProcess.objects.get(pk=pk) if kind == "process" else None
    if unit is not None:
        provider = unit.care_provider
    elif process is not None:
        provider = process.care_provider
    else:
        provider = CareProvider.objects.get(pk=pk)
    try:
        consent_services.set_block(
            actor=request.navet_access.actor,
            user=request.user,
            person=person,
            key=form.cleaned_data["key"],
            kind=BlockKind.INTERNAL if unit or process else BlockKind.EXTERNAL,
            care_provider=provider,
            unit=unit,
            care_process=process,
            method=ConsentMethod.DIGITAL,
            registered_by_provider=provider,
        )
    except AccessError as error:
        form.add_error(None, error.message)
        return _consents_page(request, person, block_form=form, status=400)
    messages.success(request, "Spärren gäller från och med nu.")
    return redirect("citizen:my_consents")


@own_data_view("own_access_log")
def my_log(request, person):
    context = {
        "person": person,
        "rows": own_log(person),
        "notices": person.notices.all()[:20],
        "shows_names": config.citizen_log_shows_names(),
    }
    return render(request, "citizen/my_log.html", context)


@own_data_view("own_access_log_pdf", action=AuditAction.PRINT)
def my_log_pdf(request, person):
    pdf = citizen_log_pdf(
        person, own_log(person, limit=None), shows_names=config.citizen_log_shows_names()
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="min-logg.pdf"'
    return response
