"""The gate applied to views: one decorator (and one mixin) per kind of view, each leaving a
declaration (`view.navet_access`) that the enumeration test reads. Every view in Navet's URLconf
declares how it touches personal data; a view that takes a person (`person_id` in its URL) must
be a `person_view`.

- `person_view(purpose)`: the URL takes `person_id`; the gate decides; a read is logged before
  the view runs; a refusal renders the "why can't I see this" page (403) and is logged too.
- `own_data_view(object_type)`: the resident's own pages (purpose OWN_DATA).
- `guardian_view(object_type)`: a guardian's pages about a child in their custody; the URL takes
  `child_id` (purpose GUARDIAN; a refusal is the "why" page, 403, logged).
- `security_view`: the security officer's pages (log review capability).
- `log_review_view`: the log review pages: the security officer reviews everyone's log, a unit
  head their own unit's users' (`request.navet_review_scope`).
- `search_view`: lists of persons, gated by capability; the view logs what it shows.
- `aggregate_view(note)`: the follow-up dashboards: aggregated, small-cell-suppressed figures
  computed from a pseudonymised snapshot, for the analyst and county-leadership roles only.
- `no_personal_data(note)`: a view that shows no one's personal data (login, error pages).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django_htmx.http import HttpResponseClientRedirect

from navet.access.audit import Actor, actor_for, record
from navet.access.gate import Decision, can_access
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.organisation.roles import CARE_ROLES, FOLLOW_UP_ROLES, Role, role_of
from navet.residents.models import Person


@dataclass(frozen=True)
class AccessDeclaration:
    kind: str  # person | own | guardian | security | search | aggregate | none
    purpose: str = ""
    note: str = ""


@dataclass(frozen=True)
class Access:
    """What a gated view gets on `request.navet_access`."""

    person: Person
    decision: Decision
    actor: Actor


def _declare(view, declaration: AccessDeclaration):
    view.navet_access = declaration
    return view


def to_login(request):
    """To the login page; an htmx request sends the whole window there."""
    if getattr(request, "htmx", False):
        page = request.htmx.current_url_abs_path or request.path
        return HttpResponseClientRedirect(redirect_to_login(page).url)
    return redirect_to_login(request.get_full_path())


def why_response(request, person, decision: Decision):
    """The "why can't I see this" page, with the ways forward the user has."""
    # A guardian page offers staff no way forward (and so names no one): they use the SIP page.
    care = role_of(request.user) in CARE_ROLES and decision.purpose != Purpose.GUARDIAN
    context = {"person": person if care else None, "decision": decision, "care_role": care}
    return render(request, "access/why.html", context, status=403)


def gate(request, person, purpose, *, action=AuditAction.READ, object_type="person", also_when=()):
    """Ask the gate and log the answer; returns (Access, None) or (None, refusal response).

    `also_when`: refusal reasons for which the view still runs (the ways forward from a refusal:
    registering a relationship, emergency access); it then gets a Decision that shows nothing.
    """
    decision = can_access(request.user, person, purpose)
    actor = actor_for(request.user, request)
    if not decision.allowed:
        record(
            actor,
            action=AuditAction.DENIED,
            person_id=person.pk,
            object_type=object_type,
            object_id=person.pk,
            decision=decision,
        )
        if decision.reason not in also_when:
            return None, why_response(request, person, decision)
        access = Access(person=person, decision=decision, actor=actor)
        request.navet_access = access
        return access, None
    if request.method in ("GET", "HEAD") and action is not None:
        record(
            actor,
            action=action,
            person_id=person.pk,
            object_type=object_type,
            object_id=person.pk,
            decision=decision,
        )
    access = Access(person=person, decision=decision, actor=actor)
    request.navet_access = access
    return access, None


def person_view(
    purpose=Purpose.CARE, *, action=AuditAction.READ, object_type="person", also_when=()
):
    """Gate a function view whose URL takes `person_id`; the view gets the Person instead.

    GET reads are logged before the view runs. A POST view logs its change itself, in the
    transaction of the change, with `request.navet_access.actor`.
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, person_id, *args, **kwargs):
            if not request.user.is_authenticated:
                return to_login(request)
            person = get_object_or_404(Person, pk=person_id)
            _, refusal = gate(
                request,
                person,
                purpose,
                action=action,
                object_type=object_type,
                also_when=frozenset(also_when),
            )
            if refusal is not None:
                return refusal
            return view(request, person, *args, **kwargs)

        return _declare(wrapped, AccessDeclaration("person", str(purpose)))

    return decorate


class PersonAccessMixin:
    """The same gate for class-based views: set `purpose`; `self.person` and
    `self.request.navet_access` are set before the handler runs."""

    purpose = Purpose.CARE
    audit_action = AuditAction.READ
    audit_object_type = "person"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return to_login(request)
        self.person = get_object_or_404(Person, pk=kwargs["person_id"])
        _, refusal = gate(
            request,
            self.person,
            self.purpose,
            action=self.audit_action,
            object_type=self.audit_object_type,
        )
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.navet_access = AccessDeclaration("person", str(cls.purpose))


def own_person(user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def own_data_view(object_type: str, *, action=AuditAction.READ):
    """The resident's own pages: the gate with purpose OWN_DATA; the view gets the Person."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return to_login(request)
            person = own_person(request.user)
            if person is None:
                raise PermissionDenied
            _, refusal = gate(
                request, person, Purpose.OWN_DATA, action=action, object_type=object_type
            )
            if refusal is not None:
                return refusal
            return view(request, person, *args, **kwargs)

        return _declare(wrapped, AccessDeclaration("own", Purpose.OWN_DATA))

    return decorate


def guardian_view(object_type: str, *, action=AuditAction.READ):
    """A guardian's pages about one child (`child_id` in the URL): the gate with purpose GUARDIAN
    decides (custody today, the child's age); the read is logged on the child, as done by the
    guardian; the view gets the child's Person."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, child_id, *args, **kwargs):
            if not request.user.is_authenticated:
                return to_login(request)
            child = get_object_or_404(Person, pk=child_id)
            _, refusal = gate(
                request, child, Purpose.GUARDIAN, action=action, object_type=object_type
            )
            if refusal is not None:
                return refusal
            return view(request, child, *args, **kwargs)

        return _declare(wrapped, AccessDeclaration("guardian", Purpose.GUARDIAN))

    return decorate


def security_view(view):
    """Pages for the security officer (log review); each logs the persons it shows."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return to_login(request)
        if role_of(request.user) != Role.SECURITY_OFFICER or not request.user.is_active:
            raise PermissionDenied
        request.navet_actor = actor_for(request.user, request)
        return view(request, *args, **kwargs)

    return _declare(wrapped, AccessDeclaration("security", Purpose.LOG_REVIEW))


def log_review_view(view):
    """Log review pages: the security officer (everyone's log) and a unit head (the log of their
    own unit's users). The view gets `request.navet_review_scope` (navet.access.review) and must
    keep to it; each logs the persons it shows."""
    from navet.access.review import review_scope

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return to_login(request)
        scope = review_scope(request.user)
        if scope is None:
            raise PermissionDenied
        request.navet_actor = actor_for(request.user, request)
        request.navet_review_scope = scope
        return view(request, *args, **kwargs)

    note = "security officer: every user's log; unit head: the log of their own unit's users"
    return _declare(wrapped, AccessDeclaration("security", Purpose.LOG_REVIEW, note))


def aggregate_view(note: str, *, roles=FOLLOW_UP_ROLES):
    """Pages of aggregated figures (follow-up): no person is shown, and the figures rest on at
    least the small-cell threshold of persons; still only for `roles` (by default the analyst
    and the county leadership). Anonymous users go to the login page, other roles get 403."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return to_login(request)
            if role_of(request.user) not in roles or not request.user.is_active:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _declare(wrapped, AccessDeclaration("aggregate", "follow_up", note))

    return decorate


def search_view(note: str):
    """A view that lists persons: the view itself filters with the gate's queryset filter and
    logs every person it shows."""

    def decorate(view):
        return _declare(view, AccessDeclaration("search", Purpose.CARE, note))

    return decorate


def declared(kind: str, note: str):
    """Declare a view's access by hand (`kind` as in AccessDeclaration), with why it is safe."""

    def decorate(view):
        return _declare(view, AccessDeclaration(kind, "", note))

    return decorate


def no_personal_data(note: str):
    def decorate(view):
        return _declare(view, AccessDeclaration("none", "", note))

    return decorate
