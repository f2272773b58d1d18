"""The roadmap's reports: list and create, read and write the narrative, export to PDF and DOCX.

Readers of the roadmap read its reports; the follow-up roles (analyst, county leadership, forum
secretary) create them and write the narrative (`permissions.can_write_reports`). Reports hold
aggregate figures only, so the views are declared `no_personal_data` like the rest of the roadmap.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from navet.roadmap import report_services, reports, services
from navet.roadmap.errors import RoadmapError, StaleEdit
from navet.roadmap.forms import ReportForm, SectionForm
from navet.roadmap.models import Report, ReportKind
from navet.roadmap.permissions import can_write_reports
from navet.roadmap.views import _context, roadmap_view
from navet.web.printing import DOCX_CONTENT_TYPE, download, pdf_response


def _writer(request, roadmap) -> bool:
    return can_write_reports(request.user, roadmap)


def _default_period(kind: str):
    """The previous calendar year for the state grant, the current half-year for KD/RD."""
    today = timezone.localdate()
    if kind == ReportKind.STATE_GRANT:
        return today.replace(year=today.year - 1, month=1, day=1), today.replace(
            year=today.year - 1, month=12, day=31
        )
    if today.month <= 6:
        return today.replace(month=1, day=1), today.replace(month=6, day=30)
    return today.replace(month=7, day=1), today.replace(month=12, day=31)


@roadmap_view()
def report_list(request, roadmap):
    writer = _writer(request, roadmap)
    form = None
    if writer:
        start, end = _default_period(ReportKind.STATE_GRANT)
        initial = {"kind": ReportKind.STATE_GRANT, "period_start": start, "period_end": end}
        form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not writer:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = report_services.create_report(
                    user=request.user,
                    roadmap=roadmap,
                    kind=data["kind"],
                    title=data["title"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    request_key=data["request_key"],
                )
            except RoadmapError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Rapporten är skapad.")
                return redirect("roadmap:report", roadmap_id=roadmap.pk, report_id=report.pk)
    context = _context(
        request,
        roadmap,
        services.current_version(roadmap),
        "reports",
        reports=roadmap.reports.all(),
        form=form,
        writer=writer,
    )
    return render(request, "roadmap/reports.html", context)


def _report(roadmap, report_id: int) -> Report:
    return get_object_or_404(
        Report.objects.select_related("roadmap"), pk=report_id, roadmap=roadmap
    )


def _section_forms(content, data=None, failed_key: str = "") -> dict:
    forms = {}
    for section in content.sections:
        if section.section is None:
            continue
        bound = data if section.spec.key == failed_key else None
        form = SectionForm(
            bound,
            prefix=section.spec.key,
            initial={"text": section.section.text, "lock_version": section.section.lock_version},
        )
        form.fields["text"].label = f"Text: {section.spec.title}"  # one name per text box
        forms[section.spec.key] = form
    return forms


def _detail(request, roadmap, report, *, data=None, failed_key="", status=200):
    content = reports.build(report)
    writer = _writer(request, roadmap)
    forms = _section_forms(content, data, failed_key) if writer else {}
    sections = [(s, forms.get(s.spec.key)) for s in content.sections]
    context = _context(
        request,
        roadmap,
        services.current_version(roadmap),
        "reports",
        report=report,
        content=content,
        sections=sections,
        writer=writer,
    )
    return render(request, "roadmap/report.html", context, status=status)


@roadmap_view()
def report_detail(request, roadmap, report_id: int):
    return _detail(request, roadmap, _report(roadmap, report_id))


@roadmap_view()
@require_POST
def report_section(request, roadmap, report_id: int, key: str):
    report = _report(roadmap, report_id)
    if not _writer(request, roadmap):
        raise PermissionDenied
    form = SectionForm(request.POST, prefix=key)
    if not form.is_valid():
        return _detail(request, roadmap, report, data=request.POST, failed_key=key, status=400)
    data = form.cleaned_data
    try:
        report_services.save_section(
            user=request.user,
            report=report,
            key=key,
            text=data["text"],
            lock_version=data["lock_version"],
            request_key=data["request_key"],
        )
    except StaleEdit as error:
        # The text just written is shown again in the form, so nothing typed is lost.
        messages.error(request, error.message)
        return _detail(request, roadmap, report, data=request.POST, failed_key=key, status=409)
    except RoadmapError as error:
        messages.error(request, error.message)
        return redirect("roadmap:report", roadmap_id=roadmap.pk, report_id=report.pk)
    messages.success(request, "Texten är sparad.")
    url = reverse("roadmap:report", kwargs={"roadmap_id": roadmap.pk, "report_id": report.pk})
    return redirect(f"{url}#avsnitt-{key}")


def _filename(report: Report, suffix: str) -> str:
    return f"{slugify(report.title) or 'rapport'}.{suffix}"


@roadmap_view()
def report_pdf(request, roadmap, report_id: int):
    report = _report(roadmap, report_id)
    context = {"content": reports.build(report), "report": report, "roadmap": roadmap}
    return pdf_response("roadmap/print/report.html", context, filename=_filename(report, "pdf"))


@roadmap_view()
def report_docx(request, roadmap, report_id: int):
    from navet.roadmap.report_docx import render_docx

    report = _report(roadmap, report_id)
    return download(
        render_docx(reports.build(report)),
        filename=_filename(report, "docx"),
        content_type=DOCX_CONTENT_TYPE,
    )
