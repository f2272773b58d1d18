"""The SIP pages. Thin: every change is a service call (services.py) that writes its own audit
row; every page is gated with purpose sip (`person_view`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from navet.access.audit import actor_for, record_many
from navet.access.decorators import person_view, search_view, to_login
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.messaging.errors import MessagingError
from navet.organisation.roles import CARE_ROLES, role_of
from navet.plans import config, ics, selectors, services
from navet.plans.compare import compare, compare_contents
from navet.plans.coordinated import coordinated_plan
from navet.plans.errors import CannotFinalise, EditConflict, PlanError
from navet.plans.follow_up import is_overdue
from navet.plans.forms import (
    ConsentForm,
    HandOverForm,
    InviteExternalForm,
    InviteUnitForm,
    MeetingForm,
    MinutesForm,
    NewPlanForm,
    PlanForm,
    RelativeForm,
    SecrecyForm,
    StageForm,
    WithdrawForm,
)
from navet.plans.models import STAGE_ORDER, CoordinatedPlan, PlanConsent, PlanMeeting, Stage

SIP = Purpose.SIP


def _plan(person, plan_id) -> CoordinatedPlan:
    return get_object_or_404(
        CoordinatedPlan.objects.select_related("coordinator_unit", "initiating_unit"),
        pk=plan_id,
        person=person,
    )


def _actor(request):
    return request.navet_access.actor


def _to_plan(plan):
    return redirect("plans:detail", person_id=plan.person_id, plan_id=plan.pk)


def form_page(
    request, person, plan, form, *, title="", intro="", status=200, template=None, context=None
):
    return render(
        request,
        template or "plans/form.html",
        {
            "person": person,
            "plan": plan,
            "form": form,
            "title": title,
            "intro": intro,
            **(context or {}),
        },
        status=status,
    )


def ui_key(request, data) -> str:
    """The service's idempotency key: the form's own key per user (a double submit is one)."""
    return f"ui:{request.user.pk}:{data['key']}"


def submit(
    request,
    person,
    plan,
    form,
    act,
    *,
    done=None,
    to=None,
    errors=PlanError,
    error_field=None,
    **page,
):
    """The shape every SIP and agreement form page shares. A valid POST runs
    `act(cleaned_data)`, the service call; on success the user goes on with `done` (a text, or a
    function of what `act` returned) to `to(result)` (default: the plan); a refusal goes back on
    the form, status 400, with nothing saved."""
    if request.method == "POST" and form.is_valid():
        try:
            result = act(form.cleaned_data)
        except errors as error:
            form.add_error(error_field, error.message)
        else:
            if done:
                messages.success(request, done(result) if callable(done) else done)
            return to(result) if to else _to_plan(plan or result)
    return form_page(request, person, plan, form, status=400 if form.errors else 200, **page)


@search_view("the open SIPs of the user's units; every person on the page is logged")
def worklist(request):
    if not request.user.is_authenticated:
        return to_login(request)
    if role_of(request.user) not in CARE_ROLES:
        raise PermissionDenied
    plans = list(selectors.worklist(request.user)[:200])
    record_many(
        _actor_for(request),
        action=AuditAction.SEARCH,
        person_ids=sorted({p.person_id for p in plans}),
        object_type="sip_list",
        purpose=SIP,
    )
    today = timezone.localdate()
    overdue = [p for p in plans if is_overdue(p, today)]
    overdue.sort(key=lambda p: (p.coordinator_id != request.user.pk, p.follow_up_date))
    return render(
        request, "plans/worklist.html", {"plans": plans, "overdue": overdue, "today": today}
    )


def _actor_for(request):
    return actor_for(request.user, request)


@person_view(SIP, object_type="sip_list")
def person_plans(request, person):
    plans = list(person.sip_plans.select_related("coordinator_unit"))
    context = {
        "person": person,
        "plans": plans,
        "agreements": list(person.documented_agreements.select_related("unit")),
        "care": coordinated_plan(person),
    }
    return render(request, "plans/person_plans.html", context)


@person_view(SIP, object_type="sip")
def new_plan(request, person):
    return submit(
        request,
        person,
        None,
        NewPlanForm(request.POST or None),
        lambda data: services.initiate(
            actor=_actor(request),
            user=request.user,
            person=person,
            need=data["need"],
            key=ui_key(request, data),
        ),
        done="SIP:en är startad. Du är samordnare.",
        title="Starta SIP",
        intro="Den som startar en SIP är samordnare tills uppdraget lämnas över.",
    )


def _detail(request, person, plan, *, blockers=None, status=200):
    version = plan.current_version()
    context = {
        "person": person,
        "plan": plan,
        "version": version,
        "stages": _stages(plan),
        "consents": list(plan.consents.select_related("disclosing_provider")),
        "invitations": list(plan.invitations.select_related("unit", "inbox_item", "meeting")),
        "meetings": list(plan.meetings.all()),
        "relatives": list(plan.relatives.select_related("relative")),
        "secrecy": list(plan.secrecy_decisions.all()),
        "versions": list(plan.versions.order_by("-number")),
        "missing": services.finalise_blockers(plan),
        "blockers": blockers,
        "is_child": services.is_child(plan),
        "video": config.video_provider(),
        "stage_form": StageForm(initial={"stage": _next_stage(plan)}),
        "withdraw_form": WithdrawForm(),
        "elements_missing": services.missing_elements(version),
        "follow_ups": list(plan.follow_ups.all()),
        "overdue": is_overdue(plan),
        "agreements": list(plan.agreements.filter(ended_at__isnull=True)),
    }
    return render(request, "plans/detail.html", context, status=status)


def _next_stage(plan):
    i = STAGE_ORDER.index(plan.stage)
    return STAGE_ORDER[min(i + 1, len(STAGE_ORDER) - 1)]


def _stages(plan):
    events = {}
    for event in plan.stage_events.all():
        events.setdefault(event.stage, event)
    current = STAGE_ORDER.index(plan.stage)
    return [
        {
            "label": Stage(code).label,
            "event": events.get(code),
            "current": i == current,
            "done": i < current,
        }
        for i, code in enumerate(STAGE_ORDER)
    ]


@person_view(SIP, object_type="sip")
def detail(request, person, plan_id):
    return _detail(request, person, _plan(person, plan_id))


@person_view(SIP, object_type="sip")
def edit(request, person, plan_id):
    plan = _plan(person, plan_id)
    current = plan.current_version()
    conflict = None
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                services.save_version(
                    actor=_actor(request),
                    user=request.user,
                    plan=plan,
                    base_version=form.cleaned_data["version"],
                    data=form.content(),
                    key=f"ui:{request.user.pk}:{form.cleaned_data['key']}",
                )
            except EditConflict as error:
                conflict = error
                data = request.POST.copy()
                data["version"] = str(error.theirs.number)
                form = PlanForm(data)
                form.is_valid()
                form.add_error(None, error.message)
            except PlanError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Planen är sparad som en ny version.")
                return _to_plan(plan)
    else:
        form = PlanForm(initial=PlanForm.initial_from(current, plan.version))
    return render(
        request,
        "plans/edit.html",
        {
            "person": person,
            "plan": plan,
            "form": form,
            "conflict": conflict,
            "conflict_rows": conflict_rows(conflict) if conflict else None,
        },
        status=409 if conflict else (400 if form.errors else 200),
    )


def conflict_rows(conflict: EditConflict):
    """Both texts, field by field: the version saved meanwhile and what this user wrote."""
    return compare_contents(services.content_of(conflict.theirs), conflict.mine)


@person_view(SIP, object_type="sip")
def versions(request, person, plan_id):
    plan = _plan(person, plan_id)
    all_versions = list(plan.versions.order_by("number"))
    by_number = {v.number: v for v in all_versions}

    def pick(name, default):
        try:
            return by_number.get(int(request.GET.get(name, "")), default)
        except ValueError:
            return default

    newest = all_versions[-1] if all_versions else None
    older = all_versions[-2] if len(all_versions) > 1 else None
    a, b = pick("a", older), pick("b", newest)
    return render(
        request,
        "plans/versions.html",
        {
            "person": person,
            "plan": plan,
            "versions": all_versions,
            "a": a,
            "b": b,
            "rows": compare(a, b) if b is not None else [],
        },
    )


@person_view(SIP, object_type="sip")
def consent(request, person, plan_id):
    plan = _plan(person, plan_id)

    def record(data):
        return services.record_consent(
            actor=_actor(request),
            user=request.user,
            plan=plan,
            key=ui_key(request, data),
            disclosing_provider=data["disclosing_provider"],
            recipient_providers=list(data["recipient_providers"]),
            given_by=data["given_by"],
            method=data["method"],
            valid_to=data["valid_to"],
            guardian_name=data["guardian_name"],
            child_view=data["child_view"],
            note=data["note"],
        )

    return submit(
        request,
        person,
        plan,
        ConsentForm(request.POST or None),
        record,
        done="Samtycket är registrerat.",
        title="Registrera samtycke",
        intro=(
            "Samtycket gäller en organisations uppgifter och de organisationer som får ta del av "
            "dem, och en bestämd tid. För ett barn lämnar vårdnadshavarna samtycket och barnets "
            "egen uppfattning skrivs in."
        ),
    )


@person_view(SIP, object_type="sip")
@require_POST
def withdraw(request, person, plan_id, consent_id):
    plan = _plan(person, plan_id)
    plan_consent = get_object_or_404(PlanConsent, pk=consent_id, plan=plan)
    form = WithdrawForm(request.POST)
    method = form.cleaned_data["method"] if form.is_valid() else "in_person"
    services.withdraw_plan_consent(
        actor=_actor(request), user=request.user, plan_consent=plan_consent, method=method
    )
    messages.warning(
        request, "Samtycket är återkallat. Uppgifterna får inte längre delas med stöd av det."
    )
    return _to_plan(plan)


@person_view(SIP, object_type="sip")
def invite(request, person, plan_id):
    plan = _plan(person, plan_id)
    return submit(
        request,
        person,
        plan,
        InviteUnitForm(request.POST or None, plan=plan),
        lambda data: services.invite_unit(
            actor=_actor(request),
            user=request.user,
            plan=plan,
            unit=data["to_unit"],
            meeting=data["meeting"],
            key=ui_key(request, data),
        ),
        done=lambda invitation: f"Inbjudan är skickad till {invitation.unit.name}.",
        errors=(PlanError, MessagingError),
        error_field="to_unit",
        title="Bjud in en enhet",
        intro="Inbjudan hamnar i enhetens inkorg, och enheten blir deltagare i SIP:en.",
    )


@person_view(SIP, object_type="sip")
def invite_external(request, person, plan_id):
    plan = _plan(person, plan_id)
    return submit(
        request,
        person,
        plan,
        InviteExternalForm(request.POST or None),
        lambda data: services.invite_external(
            actor=_actor(request),
            user=request.user,
            plan=plan,
            key=ui_key(request, data),
            kind=data["kind"],
            name=data["name"],
            organisation=data["organisation"],
            contact=data["contact"],
        ),
        done="Den externa deltagaren är registrerad.",
        title="Extern deltagare",
        intro=(
            "Skola/elevhälsa (där länets överenskommelse tillåter det), Försäkringskassan, "
            "Arbetsförmedlingen med flera deltar med kontaktuppgifter, utan inloggning."
        ),
    )


@person_view(SIP, object_type="sip_meeting")
def meeting(request, person, plan_id):
    plan = _plan(person, plan_id)
    return submit(
        request,
        person,
        plan,
        MeetingForm(request.POST or None, initial={"mode": "video"}),
        lambda data: services.schedule_meeting(
            actor=_actor(request),
            user=request.user,
            plan=plan,
            key=ui_key(request, data),
            mode=data["mode"],
            starts_at=data["starts_at"],
            place=data["place"],
            participants=data["participants"],
        ),
        done="Mötet är bokat.",
        title="Boka SIP-möte",
        template="plans/meeting_form.html",
        context={"video": config.video_provider()},
    )


@person_view(SIP, object_type="sip_meeting")
def minutes(request, person, plan_id, meeting_id):
    plan = _plan(person, plan_id)
    the_meeting = get_object_or_404(PlanMeeting, pk=meeting_id, plan=plan)
    form = MinutesForm(
        request.POST or None,
        initial={"participants": the_meeting.participants, "minutes": the_meeting.minutes},
    )
    return submit(
        request,
        person,
        plan,
        form,
        lambda data: services.record_minutes(
            actor=_actor(request),
            user=request.user,
            meeting=the_meeting,
            minutes=data["minutes"],
            participants=data["participants"],
        ),
        done="Minnesanteckningarna är sparade.",
        title="Minnesanteckningar från mötet",
    )


@person_view(SIP, object_type="sip_meeting")
def calendar_file(request, person, plan_id, meeting_id):
    plan = _plan(person, plan_id)
    the_meeting = get_object_or_404(PlanMeeting, pk=meeting_id, plan=plan)
    text = ics.plan_meeting_ics(the_meeting)
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ics.filename_for(the_meeting)}"'
    return response


@person_view(SIP, object_type="sip")
@require_POST
def stage(request, person, plan_id):
    plan = _plan(person, plan_id)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.advance(
                actor=_actor(request),
                user=request.user,
                plan=plan,
                stage=form.cleaned_data["stage"],
                note=form.cleaned_data["note"],
            )
        except PlanError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Steget är registrerat.")
    return _to_plan(plan)


def _blocker_links(plan, missing):
    """Each missing part with a link to where it is filled in."""
    args = {"person_id": plan.person_id, "plan_id": plan.pk}
    edit = reverse("plans:edit", kwargs=args)
    anchors = [
        ("samtycke", reverse("plans:consent", kwargs=args)),
        ("varje insats", f"{edit}#id_principal_1"),
        ("insatser", f"{edit}#id_what_1"),
        ("någon annan", f"{edit}#id_others_measures"),
        ("övergripande", f"{edit}#id_lead_principal"),
    ]
    return [(text, next((url for word, url in anchors if word in text), edit)) for text in missing]


@person_view(SIP, object_type="sip")
@require_POST
def finalise(request, person, plan_id):
    plan = _plan(person, plan_id)
    try:
        services.finalise(actor=_actor(request), user=request.user, plan=plan)
    except CannotFinalise as error:
        return _detail(
            request, person, plan, blockers=_blocker_links(plan, error.missing), status=400
        )
    except PlanError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Planen är fastställd.")
    return _to_plan(plan)


@person_view(SIP, object_type="sip")
def relative(request, person, plan_id):
    plan = _plan(person, plan_id)

    def done(row):
        return f"Registrerat: {row.relative.name} {'deltar' if row.takes_part else 'deltar inte'}."

    return submit(
        request,
        person,
        plan,
        RelativeForm(request.POST or None, person=person),
        lambda data: services.record_relative(
            actor=_actor(request),
            user=request.user,
            plan=plan,
            relative=data["relative"],
            appropriate=data["appropriate"],
            person_objects=data["person_objects"],
            note=data["note"],
        ),
        done=done,
        title="Närstående i SIP",
        intro="Närstående deltar bara när det är lämpligt och personen inte motsätter sig det.",
    )


@person_view(SIP, object_type="sip")
def secrecy(request, person, plan_id):
    plan = _plan(person, plan_id)
    return submit(
        request,
        person,
        plan,
        SecrecyForm(request.POST or None, plan=plan),
        lambda data: services.record_secrecy_decision(
            actor=_actor(request),
            user=request.user,
            plan=plan,
            withheld=data["withheld"],
            reason=data["reason"],
            parts=data["parts"],
            interventions=data.get("interventions", ()),
        ),
        done="Beslutet är registrerat.",
        title="Barnets egen sekretess (OSL 12:3)",
        intro=(
            "Ett beslut att uppgifter i planen inte lämnas ut till vårdnadshavarna, när barnet "
            "har nått en sådan ålder och mognad att det bör bestämma själv. Det som väljs här "
            "visas inte för vårdnadshavarna under Mina barn och finns inte med i deras "
            "exemplar; väljs hela planen ser de inte att den finns."
        ),
    )


@person_view(SIP, object_type="sip")
def hand_over(request, person, plan_id):
    plan = _plan(person, plan_id)
    form = HandOverForm(
        request.POST or None,
        units=services.participating_units(plan),
        exclude_user_id=plan.coordinator_id,
    )
    return submit(
        request,
        person,
        plan,
        form,
        lambda data: services.hand_over(
            actor=_actor(request), user=request.user, plan=plan, to_user=data["to_user"]
        ),
        done=lambda handed: f"{handed.coordinator_name} är nu samordnare.",
        error_field="to_user",
        title="Lämna över samordningen",
        intro=(
            "Den som startade SIP:en är samordnare tills uppdraget lämnas över till en "
            "medarbetare på en deltagande enhet."
        ),
    )
