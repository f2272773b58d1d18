"""The log review pages: the review worklist, one review, and the log search, with CSV and PDF
exports. The security officer sees everyone's log, a unit head the log of their own unit's users
(`request.navet_review_scope`). Every person shown is logged as a read for log review; every
export is logged as an export per person in it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from navet.access import exports, review
from navet.access.audit import record_many
from navet.access.decorators import log_review_view
from navet.access.errors import AccessError
from navet.access.forms import LogSearchForm, OutcomeForm, SampleForm, TargetedForm
from navet.access.models import AuditAction, LogReview, ReviewKind
from navet.access.models.review import ReviewStatus
from navet.access.purposes import Purpose
from navet.access.selectors import LogQuery, persons_by_id, search_log


def _log_shown(request, person_ids, action=AuditAction.READ, detail="") -> None:
    ids = sorted({pk for pk in person_ids if pk})
    if ids:
        record_many(
            request.navet_actor,
            action=action,
            person_ids=ids,
            purpose=Purpose.LOG_REVIEW,
            detail=detail,
        )


def _scoped_review(request, review_id: int) -> LogReview:
    item = get_object_or_404(LogReview, pk=review_id)
    if not request.navet_review_scope.covers(item.subject_user_id):
        raise Http404  # another unit's case: as if it did not exist
    return item


def _reviews(request):
    reviews = request.navet_review_scope.reviews(LogReview.objects.select_related("reviewed_by"))
    status = request.GET.get("status", ReviewStatus.OPEN)
    if status in ReviewStatus.values:
        reviews = reviews.filter(status=status)
    kind = request.GET.get("typ", "")
    if kind in ReviewKind.values:
        reviews = reviews.filter(kind=kind)
    return reviews.order_by("-created_at", "-pk"), status, kind


@log_review_view
def review_list(request):
    reviews, status, kind = _reviews(request)
    reviews = list(reviews[:200])
    persons = persons_by_id(r.person_id for r in reviews)
    _log_shown(request, persons)
    today = timezone.localdate()
    context = {
        "reviews": [(r, persons.get(r.person_id)) for r in reviews],
        "status": status,
        "kind": kind,
        "statuses": ReviewStatus.choices,
        "kinds": ReviewKind.choices,
        "sample_form": SampleForm(initial={"month": today.replace(day=1)}),
        "targeted_form": TargetedForm(initial={"start": today, "end": today}),
        "query": urlencode({"status": status, "typ": kind}),
        "scope": request.navet_review_scope,
    }
    return render(request, "access/review_list.html", context)


@log_review_view
def review_list_csv(request):
    reviews, _, _ = _reviews(request)
    reviews = list(reviews)
    _log_shown(request, (r.person_id for r in reviews), AuditAction.EXPORT, "granskningar, CSV")
    response = HttpResponse(exports.reviews_csv(reviews), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="loggranskningar.csv"'
    return response


@log_review_view
@require_POST
def create_sample(request):
    form = SampleForm(request.POST)
    if form.is_valid():
        made = review.create_systematic_sample(
            month=form.cleaned_data["month"],
            created_by=request.user.get_username(),
            scope=request.navet_review_scope,
        )
        messages.success(request, f"Stickprovet omfattar {len(made)} användare.")
    else:
        messages.error(request, "Ange en månad (ÅÅÅÅ-MM).")
    return redirect("access:review_list")


@log_review_view
@require_POST
def run_targeted(request):
    form = TargetedForm(request.POST)
    if not form.is_valid():
        errors = [e for errs in form.errors.values() for e in errs]
        messages.error(request, " ".join(errors) or "Ange en period.")
        return redirect("access:review_list")
    created = review.run_targeted_checks(
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        created_by=request.user.get_username(),
        scope=request.navet_review_scope,
    )
    messages.success(request, f"De riktade kontrollerna gav {sum(created.values())} nya ärenden.")
    return redirect("access:review_list")


@log_review_view
def review_detail(request, review_id: int):
    item = _scoped_review(request, review_id)
    form = OutcomeForm(request.POST or None, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        try:
            review.complete_review(
                actor=request.navet_actor,
                user=request.user,
                review_id=item.pk,
                version=form.cleaned_data["version"],
                outcome=form.cleaned_data["outcome"],
                notes=form.cleaned_data["notes"],
                action_taken=form.cleaned_data["action_taken"],
            )
        except AccessError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Granskningen är dokumenterad.")
            return redirect("access:review_detail", review_id=item.pk)
    events = review.review_events(item)
    persons = persons_by_id([item.person_id, *(e.person_id for e in events)])
    _log_shown(request, persons)
    context = {
        "review": item,
        "person": persons.get(item.person_id),
        "events": [(e, persons.get(e.person_id)) for e in events],
        "form": form,
    }
    return render(request, "access/review_detail.html", context, status=400 if form.errors else 200)


@log_review_view
def review_pdf(request, review_id: int):
    item = _scoped_review(request, review_id)
    events = review.review_events(item, limit=5000)
    persons = persons_by_id([item.person_id, *(e.person_id for e in events)])
    _log_shown(request, persons, AuditAction.EXPORT, f"loggranskning {item.pk}, PDF")
    response = HttpResponse(
        exports.review_pdf(item, events, persons), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="loggranskning-{item.pk}.pdf"'
    return response


# The search arrives only by POST, so the identity number searched for never lands in a URL, the
# browser's history or a proxy's access log; the next page and the exports post the same fields.
def _search_fields(request) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, value in request.POST.items()
        if name not in ("csrfmiddlewaretoken", "efter")
    ]


def _log_query(request) -> tuple[LogSearchForm, LogQuery | None]:
    form = LogSearchForm(request.POST if request.method == "POST" else None)
    if request.method != "POST" or not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, LogQuery(
        person=data["person"],
        user=data["user"],
        unit=data["unit"],
        start=data["start"],
        end=data["end"],
        action=data["action"],
        scope=request.navet_review_scope,
    )


@log_review_view
def log_search(request):
    form, query = _log_query(request)
    rows, cursor = [], ""
    if query is not None:
        try:
            rows, cursor = search_log(query, after=request.POST.get("efter", ""))
        except (ValueError, ValidationError):
            form.add_error(None, "Sidan i sökresultatet är ogiltig. Sök igen.")
    persons = persons_by_id(e.person_id for e in rows)
    _log_shown(request, persons)
    context = {
        "form": form,
        "searched": query is not None,
        "rows": [(e, persons.get(e.person_id)) for e in rows],
        "cursor": cursor,
        "search_fields": _search_fields(request),
        "scope": request.navet_review_scope,
    }
    return render(request, "access/log_search.html", context)


EXPORT_LIMIT = 10_000


def _export_rows(request):
    _, query = _log_query(request)
    if query is None:
        return None, {}
    rows = list(query.queryset()[:EXPORT_LIMIT])
    persons = persons_by_id(e.person_id for e in rows)
    return rows, persons


@log_review_view
def log_search_csv(request):
    rows, persons = _export_rows(request)
    if rows is None:
        return redirect("access:log_search")
    _log_shown(request, persons, AuditAction.EXPORT, "loggsökning, CSV")
    response = HttpResponse(
        exports.events_csv(rows, persons), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="loggsokning.csv"'
    return response


@log_review_view
def log_search_pdf(request):
    rows, persons = _export_rows(request)
    if rows is None:
        return redirect("access:log_search")
    _log_shown(request, persons, AuditAction.EXPORT, "loggsökning, PDF")
    pdf = exports.events_pdf("Loggsökning", rows, persons)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="loggsokning.pdf"'
    return response
