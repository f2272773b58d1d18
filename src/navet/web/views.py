"""Thin views: ask the access gate, call a selector, render a template."""

import logging

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect

from navet.access.services import can_search_residents, can_view_person
from navet.organisation.models import County
from navet.organisation.roles import CARE_ROLES, Role
from navet.residents import selectors
from navet.residents.models import Person
from navet.residents.services import QueryKind, parse_person_query
from navet.web.forms import LoginForm
from navet.web.navigation import (
    COUNTY_ROLES,
    VERSION,
    placeholders_for,
    resident_of,
    start_heading,
    user_context,
)

logger = logging.getLogger(__name__)


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's rule): a link or a prefetch cannot log anyone out."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "Du är utloggad.")
        return response


@login_required
def start(request):
    today = timezone.localdate()
    who = user_context(request, on=today)
    role = who.role
    context = {
        "heading": start_heading(role),
        "placeholders": placeholders_for(role),
        "who": who,
    }
    if role in CARE_ROLES:
        template = "web/start/care.html"
        if role == Role.UNIT_HEAD and who.unit is not None:
            context["unit_facts"] = selectors.unit_facts(who.unit, on=today)
    elif role in COUNTY_ROLES:
        template = "web/start/county.html"
        county = who.unit.municipality.county if who.unit else County.objects.first()
        if county is not None:
            context["county_facts"] = selectors.county_facts(county, on=today)
    elif role == Role.SECURITY_OFFICER:
        template = "web/start/security.html"
    elif role == Role.RESIDENT:
        template = "web/start/resident.html"
        context.update(_own_data(request.user, today))
    else:
        template = "web/start/no_role.html"
    return render(request, template, context)


def _to_login(request):
    """To the login page; an htmx request (a live search after the session ended) sends the whole
    window there, back to the page it came from, instead of swapping the login form into a part."""
    if request.htmx:
        page = request.htmx.current_url_abs_path or request.path
        return HttpResponseClientRedirect(redirect_to_login(page).url)
    return redirect_to_login(request.get_full_path())


def _own_data(user, today) -> dict:
    person = resident_of(user)
    if person is None or not can_view_person(user, person):
        return {"person": None}
    return {
        "person": person,
        "residence": selectors.current_residence(person, on=today),
        "contacts": selectors.listing_and_contacts(person, on=today),
    }


@login_required
def my_contacts(request):
    """The resident's own listing and named contacts, current and earlier."""
    person = resident_of(request.user)
    if person is None or not can_view_person(request.user, person):
        raise PermissionDenied
    return render(
        request, "web/residents/my_contacts.html", _own_data(request.user, timezone.localdate())
    )


def resident_search(request):
    if not request.user.is_authenticated:
        return _to_login(request)
    if not can_search_residents(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    query = parse_person_query(request.GET.get("q"), reference_date=today)
    page = None
    if query.kind in (QueryKind.IDENTIFIER, QueryKind.NAME):
        persons = selectors.search_persons(query, on=today)
        paginator = Paginator(persons, selectors.SEARCH_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("sida"))
    context = {"query": query, "page": page}
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "web/residents/_search_response.html", context)
    else:
        response = render(request, "web/residents/search.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def resident_detail(request, pk: int):
    if not can_search_residents(request.user):
        raise PermissionDenied
    person = get_object_or_404(Person, pk=pk)
    if not can_view_person(request.user, person):
        raise PermissionDenied
    overview = selectors.person_overview(person, on=timezone.localdate())
    return render(request, "web/residents/detail.html", {"overview": overview, "person": person})


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


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
