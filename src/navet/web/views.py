"""Thin views: ask the access gate, call a selector, render a template."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from navet.access.audit import actor_for, record_many
from navet.access.decorators import (
    declared,
    gate,
    no_personal_data,
    own_person,
    person_view,
    search_view,
    to_login,
)
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.access.selectors import with_relationship_flag
from navet.access.services import can_search_residents
from navet.followup.runs import latest_run
from navet.listing.selectors import resident_contacts
from navet.listing.worklists import start_summary
from navet.organisation.models import County
from navet.organisation.roles import CARE_ROLES, Role
from navet.residents import selectors
from navet.residents.services import QueryKind, parse_person_query
from navet.roadmap.selectors import summaries_for as roadmap_summaries
from navet.web.forms import LoginForm
from navet.web.navigation import (
    COUNTY_ROLES,
    LISTING_ROLES,
    VERSION,
    start_heading,
    user_context,
)

logger = logging.getLogger(__name__)


@no_personal_data("the login form")
class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    extra_context = {"oidc_enabled": settings.NAVET_OIDC_ENABLED}


@no_personal_data("logs out")
class LogoutView(auth_views.LogoutView):
    """POST only (Django's rule): a link or a prefetch cannot log anyone out."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "Du är utloggad.")
        return response


@declared("own", "staff see no one's data here; a resident's own data pass the gate (OWN_DATA)")
@login_required
def start(request):
    today = timezone.localdate()
    who = user_context(request, on=today)
    role = who.role
    context = {
        "heading": start_heading(role),
        "who": who,
    }
    if role in CARE_ROLES:
        template = "web/start/care.html"
        if role == Role.UNIT_HEAD and who.unit is not None:
            context["unit_facts"] = selectors.unit_facts(who.unit, on=today)
        if role in LISTING_ROLES:
            staff = who.assignment.staff if who.assignment else None
            context["listing_summary"] = start_summary(staff, on=today)
    elif role in COUNTY_ROLES:
        template = "web/start/county.html"
        county = who.unit.municipality.county if who.unit else County.objects.first()
        if county is not None:
            context["county_facts"] = selectors.county_facts(county, on=today)
        context["roadmaps"] = roadmap_summaries(request.user, today=today)
        context["followup_run"] = latest_run()
    elif role == Role.SECURITY_OFFICER:
        template = "web/start/security.html"
    elif role == Role.MUNICIPAL_FINANCE:
        template = "web/start/finance.html"
    elif role == Role.RESIDENT:
        template = "web/start/resident.html"
        context.update(_own_data(request, today))
    else:
        template = "web/start/no_role.html"
    return render(request, template, context)


def _own_data(request, today) -> dict:
    person = own_person(request.user)
    if person is None:
        return {"person": None}
    access, refusal = gate(request, person, Purpose.OWN_DATA, object_type="start_page")
    if refusal is not None:
        return {"person": None}
    return {
        "person": person,
        "residence": selectors.current_residence(person, on=today),
        "resident_contacts": resident_contacts(person, on=today, visible=access.decision.shows),
    }


@search_view("identity, municipality and health centre of each hit; every hit shown is logged")
def resident_search(request):
    if not request.user.is_authenticated:
        return to_login(request)
    if not can_search_residents(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    # The query arrives only by POST, so an identity number never lands in a URL, the browser's
    # history or a proxy's access log; a GET shows the empty form.
    form = request.POST if request.method == "POST" else {}
    query = parse_person_query(form.get("q"), reference_date=today)
    page = None
    if query.kind in (QueryKind.IDENTIFIER, QueryKind.NAME):
        persons = with_relationship_flag(selectors.search_persons(query, on=today), request.user)
        paginator = Paginator(persons, selectors.SEARCH_PAGE_SIZE)
        page = paginator.get_page(form.get("sida"))
        record_many(
            actor_for(request.user, request),
            action=AuditAction.SEARCH,
            person_ids=[p.pk for p in page.object_list],
            purpose=Purpose.CARE,
            detail=f"sökning ({query.kind.value})",
        )
    context = {"query": query, "page": page}
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "web/residents/_search_response.html", context)
    else:
        response = render(request, "web/residents/search.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@person_view(Purpose.CARE)
def resident_detail(request, person):
    access = request.navet_access
    overview = selectors.person_overview(
        person, on=timezone.localdate(), visible=access.decision.shows
    )
    context = {"overview": overview, "person": person, "decision": access.decision}
    return render(request, "web/residents/detail.html", context)


@no_personal_data("error page")
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@no_personal_data("error page")
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@no_personal_data("error page")
def server_error(request):
    """Rendered without the request: no context processors, no database, no session."""
    try:
        html = loader.get_template("500.html").render({"navet_version": VERSION})
    except Exception:  # the error page itself must never fail
        logger.exception("500.html could not be rendered")
        html = _PLAIN_500
    return HttpResponseServerError(html)


_PLAIN_500 = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Ett fel uppstod – Navet</title></head>
<body><main><h1>Ett fel uppstod</h1>
<p>Något gick fel hos oss. Försök igen om en stund.</p></main></body></html>"""
