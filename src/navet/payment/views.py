"""Rule sets, amounts per day and the monthly invoice basis, for the region's analysts and the
county leadership, and for a municipality's finance staff its own municipality's basis only
(PAYMENT_ROLES, navet.payment.scope). The basis shows episode references and pseudonymous person
keys, never who the person is."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from navet.access.audit import actor_for, record
from navet.access.decorators import aggregate_view
from navet.access.models import AuditAction
from navet.organisation.roles import Role, role_of
from navet.payment import exports, services, sources
from navet.payment.basis import MissingAmount
from navet.payment.forms import UPLOAD, AmountForm, BasisForm
from navet.payment.models import DailyAmount, RuleSet
from navet.payment.rules import statutory
from navet.payment.scope import municipalities_for
from navet.payment.sources import TimelineFileError
from navet.web.printing import download, pdf_response

PAYMENT_ROLES = frozenset({Role.ANALYST, Role.LEADERSHIP, Role.MUNICIPAL_FINANCE})
NOTE = (
    "invoice basis: episode references, pseudonymous person keys and day counts; no name or "
    "identity number; analysts and county leadership, a municipality's finance staff for its own "
    "municipality only"
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _can_enter_amounts(user) -> bool:
    return role_of(user) == Role.ANALYST


def _page(request, basis_form=None, amount_form=None, status=200):
    context = {
        "rule_sets": RuleSet.objects.select_related("county").prefetch_related(
            "model_choices__municipality"
        ),
        "statutory": statutory(2019),
        "amounts": DailyAmount.objects.all(),
        "basis_form": basis_form or BasisForm(municipalities=municipalities_for(request.user)),
        "amount_form": amount_form or AmountForm(),
        "can_enter_amounts": _can_enter_amounts(request.user),
    }
    return render(request, "payment/overview.html", context, status=status)


@aggregate_view(NOTE, roles=PAYMENT_ROLES)
@require_GET
def overview(request):
    return _page(request)


def _timelines(form: BasisForm):
    data = form.cleaned_data
    if data["source"] == UPLOAD:
        raw = data["file"].read()
        try:
            return sources.parse_csv(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise TimelineFileError(["filen är inte UTF-8-kodad text"]) from None
    source = sources.get(data["source"])
    applied = services.rules_for(data["municipality"], data["month"])
    first, last = services.window(data["month"], applied.params)
    return list(source.timelines(data["municipality"].code, first, last))


@aggregate_view(NOTE, roles=PAYMENT_ROLES)
@require_POST
def basis(request):
    """Computes and shows or downloads; stores nothing, so a double submit is harmless."""
    # Another municipality than the user's own is not a valid choice (400, nothing computed).
    form = BasisForm(request.POST, request.FILES, municipalities=municipalities_for(request.user))
    if not form.is_valid():
        return _page(request, basis_form=form, status=400)
    municipality, month = form.cleaned_data["municipality"], form.cleaned_data["month"]
    try:
        result = services.produce_basis(municipality, month, _timelines(form))
    except TimelineFileError as error:
        for problem in error.errors[:20]:
            form.add_error("file", problem)
        return _page(request, basis_form=form, status=400)
    except MissingAmount as error:
        form.add_error(None, f"{error} Lägg in beloppet under ”Belopp per dag” först.")
        return _page(request, basis_form=form, status=400)
    name = f"betalningsansvar-{municipality.code}-{month:%Y-%m}"
    output = form.cleaned_data["output"]
    if output != "html":
        # The file leaves Navet with episode references: the log says who took which basis.
        record(
            actor_for(request.user, request),
            action=AuditAction.EXPORT,
            object_type="payment_invoice_basis",
            object_id=f"{municipality.code}/{month:%Y-%m}",
            detail=f"{output}, {len(result.lines)} vårdtillfällen",
        )
    if output == "csv":
        content = exports.to_csv(result, municipality.name).encode("utf-8-sig")
        return download(content, filename=f"{name}.csv", content_type="text/csv; charset=utf-8")
    if output == "xlsx":
        content = exports.to_xlsx(result, municipality.name)
        return download(content, filename=f"{name}.xlsx", content_type=XLSX)
    context = {"basis": result, "municipality": municipality}
    if output == "pdf":
        return pdf_response("payment/print/basis.html", context, filename=f"{name}.pdf")
    return render(request, "payment/basis.html", context)


@aggregate_view(NOTE, roles=PAYMENT_ROLES)
@require_POST
def amount(request):
    if not _can_enter_amounts(request.user):
        messages.error(request, "Bara analytiker kan lägga in belopp per dag.")
        return redirect("payment:overview")
    form = AmountForm(request.POST)
    if not form.is_valid():
        return _page(request, amount_form=form, status=400)
    data = form.cleaned_data
    services.set_amount(
        data["year"], data["amount"], source=data["source"], entered_by=request.user.get_username()
    )
    messages.success(request, f"Beloppet för {data['year']} är sparat.")
    return redirect("payment:overview")
