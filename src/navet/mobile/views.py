"""Pages of the mobile team. The team's lists (worklist, day plan, frequent attenders) show only
persons the user may see (accessible_persons) and log each one; the pages of one request are
`person_view`s. Thin: a form in, a service call, a redirect or the page again with the reason.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from navet.access.audit import actor_for, record, record_many
from navet.access.decorators import declared, person_view, to_login
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.access.relationships import day_start
from navet.access.selectors import accessible_persons
from navet.mobile import config, selectors, services
from navet.mobile.errors import MobileError
from navet.mobile.forms import CloseFollowUpForm, FollowUpForm, RequestForm, TriageForm, VisitForm
from navet.mobile.models import FollowUpStatus, JointFollowUp, MobileRequest, Status
from navet.organisation.models import CareUnit, Staff
from navet.organisation.roles import CARE_ROLES, role_of
from navet.residents.selectors import municipality_on

SEARCH_NOTE = "the team's persons, filtered by accessible_persons, each shown logged"


def _team(request):
    """(the chosen team or None, the user's teams, a refusal or None) for the team's lists."""
    if not request.user.is_authenticated:
        return None, [], to_login(request)
    if role_of(request.user) not in CARE_ROLES or not request.user.is_active:
        raise PermissionDenied
    teams = selectors.teams_of(request.user, on=timezone.localdate())
    chosen = next((t for t in teams if str(t.pk) == request.GET.get("team", "")), None)
    return chosen or (teams[0] if teams else None), teams, None


def _visible(request, person_ids) -> set[int]:
    """The persons of `person_ids` the user may see, each logged as shown."""
    ids = set(
        accessible_persons(request.user, Purpose.CARE)
        .filter(pk__in=set(person_ids))
        .values_list("pk", flat=True)
    )
    if ids:
        record_many(
            actor_for(request.user, request),
            action=AuditAction.SEARCH,
            person_ids=sorted(ids),
            purpose=Purpose.CARE,
            detail=f"mobilt team: {request.resolver_match.url_name}",
        )
    return ids


@declared("search", SEARCH_NOTE)
def worklist(request):
    team, teams, refusal = _team(request)
    if refusal is not None:
        return refusal
    context = {"team": team, "teams": teams}
    if team is not None:
        now = timezone.now()
        rows = selectors.open_requests(team)
        visits = selectors.recent_visits(team, since=now - timedelta(days=14))
        ids = [r.person_id for r in rows] + [v.request.person_id for v in visits]
        visible = _visible(request, ids)
        context |= {
            "arrangement": selectors.arrangement_of(team),
            "area": list(selectors.area_of(team)),
            "received": [r for r in rows if r.status == Status.RECEIVED and r.person_id in visible],
            "accepted": [r for r in rows if r.status == Status.ACCEPTED and r.person_id in visible],
            "visits": [
                (v, selectors.outcome_check(v, now=now))
                for v in visits
                if v.request.person_id in visible
            ],
            "hidden": len({r.person_id for r in rows} - visible),
        }
    return render(request, "mobile/worklist.html", context)


def _day(value: str) -> tuple[date, str]:
    today = timezone.localdate()
    if not value:
        return today, ""
    try:
        return date.fromisoformat(value), ""
    except ValueError:
        return today, "Datumet går inte att läsa. Ange det som ÅÅÅÅ-MM-DD; dagens plan visas."


@declared("search", SEARCH_NOTE)
def day_plan(request):
    team, teams, refusal = _team(request)
    if refusal is not None:
        return refusal
    day, error = _day(request.GET.get("dag", ""))
    context = {"team": team, "teams": teams, "day": day, "error": error}
    if team is not None:
        start = day_start(day)
        groups = selectors.day_plan(team, day=day, start=start, end=day_start(day + timedelta(1)))
        visible = _visible(request, [r.person_id for g in groups for r in g.requests])
        for group in groups:
            group.requests = [r for r in group.requests if r.person_id in visible]
        context |= {
            "groups": [g for g in groups if g.requests],
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
        }
    return render(request, "mobile/day_plan.html", context, status=400 if error else 200)


@declared("search", SEARCH_NOTE)
def frequent(request):
    team, teams, refusal = _team(request)
    if refusal is not None:
        return refusal
    context = {"team": team, "teams": teams}
    if team is not None:
        rows = selectors.frequent_attenders(team, now=timezone.now())
        open_cases = JointFollowUp.objects.filter(team=team, status=FollowUpStatus.OPEN)
        cases = {c.person_id: c for c in open_cases}
        visible = _visible(request, [r.person_id for r in rows] + list(cases))
        persons = {p.pk: p for p in accessible_persons(request.user).filter(pk__in=visible)}
        context |= {
            "rows": [
                (r, persons[r.person_id], cases.get(r.person_id))
                for r in rows
                if r.person_id in visible
            ],
            "hidden": len([r for r in rows if r.person_id not in visible]),
            "cases": [c for pk, c in cases.items() if pk in visible],
            "threshold": config.frequent_attender_threshold(),
        }
    return render(request, "mobile/frequent.html", context)


# --- One person --------------------------------------------------------------------------------


def _sending_unit(request) -> CareUnit | None:
    unit = request.navet_access.actor.unit
    return CareUnit.objects.filter(pk=unit.id).first() if unit else None


def _reread(request, person, object_type: str) -> None:
    """A page shown again after a refused POST shows the person: a read, logged as one."""
    record(
        request.navet_access.actor,
        action=AuditAction.READ,
        person_id=person.pk,
        object_type=object_type,
        object_id=person.pk,
        purpose=Purpose.CARE,
    )


@person_view(Purpose.CARE, object_type="mobile_request")
def new_request(request, person):
    today = timezone.localdate()
    teams = selectors.teams_for_person_municipality(municipality_on(person, today))
    from_unit = _sending_unit(request)
    channel = services.CHANNEL_OF_KIND.get(from_unit.kind if from_unit else "", "")
    form = RequestForm(request.POST or None, teams=teams, initial={"channel": channel})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = services.create_request(
                    key=f"ui:{request.user.pk}:{data['key']}",
                    team=data["team"],
                    person=person,
                    channel=data["channel"],
                    urgency=data["urgency"],
                    reason=data["reason"],
                    user=request.user,
                    from_unit=from_unit,
                    actor=request.navet_access.actor,
                )
            except MobileError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"Begäran är skickad till {made.team.name}.")
                return redirect("web:resident_detail", person_id=person.pk)
        _reread(request, person, "mobile_request")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "person": person}
    return render(request, "mobile/new_request.html", context, status=status)


def _team_staff(team: CareUnit):
    """Who can have gone on the visit: the team's staff today."""
    today = timezone.localdate()
    current = Q(assignments__valid_to__isnull=True) | Q(assignments__valid_to__gte=today)
    return Staff.objects.filter(current, assignments__unit=team).distinct()


def _detail(request, person, item: MobileRequest, *, triage=None, visit=None, status=200):
    mine = selectors.serves(request.user, item.team, on=timezone.localdate())
    context = {"person": person, "item": item, "mine": mine}
    if mine and item.status == Status.RECEIVED:
        context["triage_form"] = triage or TriageForm()
    if mine and item.status == Status.ACCEPTED:
        context["visit_form"] = visit or VisitForm(staff=_team_staff(item.team))
    if item.status == Status.VISITED:
        context["visit"] = item.visit
        context["check"] = selectors.outcome_check(item.visit, now=timezone.now())
    return render(request, "mobile/request.html", context, status=status)


def _own_request(request, person, request_id) -> MobileRequest:
    return get_object_or_404(
        MobileRequest.objects.select_related("team", "from_unit"), pk=request_id, person=person
    )


@person_view(Purpose.CARE, object_type="mobile_request")
def request_detail(request, person, request_id: int):
    return _detail(request, person, _own_request(request, person, request_id))


def _team_member(request, item: MobileRequest) -> None:
    if not selectors.serves(request.user, item.team, on=timezone.localdate()):
        raise PermissionDenied


@person_view(Purpose.CARE, object_type="mobile_request")
def triage(request, person, request_id: int):
    item = _own_request(request, person, request_id)
    if request.method != "POST":
        return redirect("mobile:request", person_id=person.pk, request_id=item.pk)
    _team_member(request, item)
    form = TriageForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.triage(
                item.pk,
                decision=data["decision"],
                planned_at=data["planned_at"],
                note=data["note"],
                user=request.user,
                actor=request.navet_access.actor,
            )
        except MobileError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Bedömningen är sparad.")
            return redirect("mobile:request", person_id=person.pk, request_id=item.pk)
    _reread(request, person, "mobile_request")
    item.refresh_from_db()
    return _detail(request, person, item, triage=form, status=400)


@person_view(Purpose.CARE, object_type="mobile_request")
def visit(request, person, request_id: int):
    item = _own_request(request, person, request_id)
    if request.method != "POST":
        return redirect("mobile:request", person_id=person.pk, request_id=item.pk)
    _team_member(request, item)
    form = VisitForm(request.POST, staff=_team_staff(item.team))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_visit(
                item.pk,
                visited_at=data["visited_at"],
                staff=list(data["staff"]),
                findings=data["findings"],
                actions=data["actions"],
                outcome=data["outcome"],
                user=request.user,
                actor=request.navet_access.actor,
            )
        except MobileError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Hembesöket är registrerat.")
            return redirect("mobile:request", person_id=person.pk, request_id=item.pk)
    _reread(request, person, "mobile_request")
    item.refresh_from_db()
    return _detail(request, person, item, visit=form, status=400)


# --- Joint follow-up of a frequent attender ------------------------------------------------------


def _follow_up_page(request, person, team, form=None, close_form=None, status=200):
    now = timezone.now()
    attender = selectors.frequent_attender(team, person, now=now)
    cases = JointFollowUp.objects.filter(team=team, person=person).order_by("-opened_at")
    current = next((c for c in cases if c.status == FollowUpStatus.OPEN), None)
    context = {
        "person": person,
        "team": team,
        "attender": attender,
        "current": current,
        "earlier": [c for c in cases if c is not current],
        "form": form or (FollowUpForm() if current is None else None),
        "close_form": close_form or (CloseFollowUpForm() if current else None),
    }
    return render(request, "mobile/follow_up.html", context, status=status)


@person_view(Purpose.CARE, object_type="mobile_follow_up")
def follow_up(request, person):
    teams = selectors.teams_of(request.user, on=timezone.localdate())
    if not teams:
        raise PermissionDenied
    team = teams[0]
    if request.method != "POST":
        return _follow_up_page(request, person, team)
    actor = request.navet_access.actor
    if "close" in request.POST:
        close_form = CloseFollowUpForm(request.POST)
        case = JointFollowUp.objects.filter(team=team, person=person, status="open").first()
        if close_form.is_valid() and case is not None:
            try:
                outcome = close_form.cleaned_data["outcome"]
                services.close_follow_up(case.pk, outcome=outcome, actor=actor)
            except MobileError as error:
                close_form.add_error(None, error.message)
            else:
                messages.success(request, "Uppföljningen är avslutad.")
                return redirect("mobile:follow_up", person_id=person.pk)
        elif case is None:
            close_form.add_error(None, "Det finns ingen pågående uppföljning att avsluta.")
        _reread(request, person, "mobile_follow_up")
        return _follow_up_page(request, person, team, close_form=close_form, status=400)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        attender = selectors.frequent_attender(team, person, now=timezone.now())
        try:
            services.open_follow_up(
                key=f"ui:{request.user.pk}:{form.cleaned_data['key']}",
                team=team,
                person=person,
                ed_visits=attender.ed_visits if attender else 0,
                contact=form.cleaned_data["contact"],
                plan=form.cleaned_data["plan"],
                user=request.user,
                actor=actor,
            )
        except MobileError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Den gemensamma uppföljningen är startad.")
            return redirect("mobile:follow_up", person_id=person.pk)
    _reread(request, person, "mobile_follow_up")
    return _follow_up_page(request, person, team, form=form, status=400)
