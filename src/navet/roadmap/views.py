"""The roadmap's pages: thin views over selectors and services.

Every view is declared `no_personal_data` for the access enumeration test: roadmap data are plans,
forums and follow-ups, not data about residents (staff names appear as members and recorders).
Reading needs staff of one of the county's principals; changing needs the forum secretary role
(`permissions.can_edit`).
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from navet.access.decorators import no_personal_data, to_login
from navet.roadmap import compare as version_compare
from navet.roadmap import selectors, services, timeline
from navet.roadmap.errors import RoadmapError
from navet.roadmap.figures import latest_values
from navet.roadmap.forms import (
    ActivityForm,
    AdoptForm,
    AreaForm,
    CommentForm,
    CompareForm,
    ConsultationForm,
    FilterForm,
    FollowUpForm,
    LockOnlyForm,
    MeetingForm,
    RevisionForm,
    TargetForm,
    TargetValueForm,
    VersionForm,
)
from navet.roadmap.models import (
    Activity,
    Forum,
    Meeting,
    PriorityArea,
    Roadmap,
    RoadmapVersion,
    Target,
    VersionStatus,
)
from navet.roadmap.permissions import can_edit, can_read, county_codes_of, readable_roadmaps

NOTE = "roadmap: plans, forums and follow-ups; staff names only, no data about residents"


def roadmap_view(*, edit: bool = False):
    """Logged in, staff of the county's principals (and a forum secretary for `edit`); the view
    gets the Roadmap instead of `roadmap_id`."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, roadmap_id: int, *args, **kwargs):
            if not request.user.is_authenticated:
                return to_login(request)
            roadmap = get_object_or_404(Roadmap.objects.select_related("county"), pk=roadmap_id)
            if not can_read(request.user, roadmap):
                raise PermissionDenied
            request.roadmap_can_edit = can_edit(request.user, roadmap)
            if edit and not request.roadmap_can_edit:
                raise PermissionDenied
            return view(request, roadmap, *args, **kwargs)

        return no_personal_data(NOTE)(wrapped)

    return decorate


def _version(roadmap: Roadmap, number) -> RoadmapVersion:
    if number in (None, ""):
        version = services.current_version(roadmap)
        if version is None:
            raise Http404
        return version
    try:
        return roadmap.versions.get(number=int(number))
    except (ValueError, RoadmapVersion.DoesNotExist) as error:
        raise Http404 from error


def _context(request, roadmap: Roadmap, version: RoadmapVersion | None, tab: str, **extra):
    current = services.current_version(roadmap)
    return {
        "roadmap": roadmap,
        "version": version,
        "current": current,
        "tab": tab,
        "can_edit": request.roadmap_can_edit,
        "versions": list(roadmap.versions.order_by("-number")),
        **extra,
    }


def _render(request, template: str, context: dict, *, partial: str | None = None):
    """A full page, or only `partial` for an htmx request (filters swap the results)."""
    if partial and request.htmx and not request.htmx.history_restore_request:
        response = render(request, partial, context)
    else:
        response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- Reading ------------------------------------------------------------------------------------


@no_personal_data(NOTE)
def roadmap_list(request):
    if not request.user.is_authenticated:
        return to_login(request)
    if not county_codes_of(request.user):
        raise PermissionDenied  # residents and accounts without a staff assignment
    roadmaps = readable_roadmaps(request.user).select_related("county")
    rows = [(r, services.current_version(r)) for r in roadmaps]
    return render(request, "roadmap/list.html", {"rows": rows})


@roadmap_view()
def overview(request, roadmap):
    version = _version(roadmap, request.GET.get("version"))
    form = FilterForm(request.GET or None, roadmap=roadmap)
    filters = form.filters()
    data = selectors.overview(version, filters, today=timezone.localdate())
    context = _context(
        request, roadmap, version, "overview", form=form, overview=data, filters=filters
    )
    return _render(
        request, "roadmap/overview.html", context, partial="roadmap/includes/overview_partial.html"
    )


@roadmap_view()
def timeline_view(request, roadmap):
    version = _version(roadmap, request.GET.get("version"))
    form = FilterForm(request.GET or None, roadmap=roadmap)
    filters = form.filters()
    activities = list(
        selectors.apply_filters(selectors.version_activities(version), filters)
        .select_related("area", "owner_forum")
        .prefetch_related("principals", "subareas")
        .order_by("area__order", "area__pk", "order", "pk")
    )
    subarea_names = {form.cleaned_data["subarea"].name} if filters.subarea_id else None
    data = timeline.build(
        version, activities, today=timezone.localdate(), subarea_names=subarea_names
    )
    context = _context(
        request,
        roadmap,
        version,
        "timeline",
        form=form,
        timeline=data,
        filters=filters,
        activities=activities,
    )
    return _render(
        request, "roadmap/timeline.html", context, partial="roadmap/includes/timeline_partial.html"
    )


@roadmap_view()
def activity_detail(request, roadmap, activity_id: int):
    activity = get_object_or_404(
        Activity.objects.select_related("roadmap_version", "area", "owner_forum").prefetch_related(
            "principals", "subareas"
        ),
        pk=activity_id,
        roadmap_version__roadmap=roadmap,
    )
    version = activity.roadmap_version
    targets = selectors.targets_for(activity)
    figures = latest_values(
        [t.indicator_id for t in targets if t.indicator_id], county_code=roadmap.county_id
    )
    form = None
    if request.roadmap_can_edit and version.status == VersionStatus.ADOPTED:
        form = FollowUpForm(
            initial={
                "lock_version": activity.lock_version,
                "status": activity.status,
                "judgement": activity.judgement,
            }
        )
    last = selectors.last_follow_ups(version).get(activity.key)
    note = selectors.attention(
        activity,
        today=timezone.localdate(),
        last=last,
        stall_weeks=selectors.stall_weeks_for(roadmap),
        adopted_on=version.adopted_on,
    )
    context = _context(
        request,
        roadmap,
        version,
        "overview",
        activity=activity,
        history=list(selectors.history(activity)),
        targets=[(t, figures.get(t.indicator_id)) for t in targets],
        form=form,
        attention=note,
    )
    return render(request, "roadmap/activity.html", context)


@roadmap_view()
def governance(request, roadmap):
    forums = roadmap.forums.select_related("parent", "subarea").prefetch_related("members")
    context = _context(
        request,
        roadmap,
        services.current_version(roadmap),
        "governance",
        forums=forums,
        reporting=roadmap.reporting_lines.select_related("from_forum", "to_forum"),
    )
    return render(request, "roadmap/governance.html", context)


@roadmap_view()
def forum_detail(request, roadmap, forum_id: int):
    forum = get_object_or_404(
        Forum.objects.select_related("parent", "subarea").prefetch_related("members"),
        pk=forum_id,
        roadmap=roadmap,
    )
    watch = selectors.forum_watch(forum, today=timezone.localdate())
    meetings = forum.meetings.prefetch_related("agenda", "follow_ups")[:24]
    context = _context(
        request,
        roadmap,
        watch.version,
        "governance",
        forum=forum,
        watch=watch,
        meetings=meetings,
        meeting_form=MeetingForm(initial={"held_on": timezone.localdate()})
        if request.roadmap_can_edit
        else None,
    )
    return render(request, "roadmap/forum.html", context)


@roadmap_view()
def meeting_detail(request, roadmap, meeting_id: int):
    meeting = get_object_or_404(
        Meeting.objects.select_related("forum"), pk=meeting_id, forum__roadmap=roadmap
    )
    context = _context(
        request,
        roadmap,
        services.current_version(roadmap),
        "governance",
        **_meeting(request, meeting),
    )
    return render(request, "roadmap/meeting.html", context)


def _meeting(request, meeting: Meeting) -> dict:
    recorded = {f.activity_id: f for f in meeting.follow_ups.select_related("activity")}
    can = request.roadmap_can_edit and meeting.held_on <= timezone.localdate()
    items = []
    for activity in meeting.agenda.select_related("area", "roadmap_version").order_by(
        "area__order", "order", "pk"
    ):
        follow_up = recorded.get(activity.pk)
        form = None
        if follow_up is None and can and activity.roadmap_version.status == VersionStatus.ADOPTED:
            form = _follow_up_form(activity)
        items.append({"activity": activity, "follow_up": follow_up, "form": form})
    return {
        "meeting": meeting,
        "forum": meeting.forum,
        "items": items,
        "done": len(recorded),
        "future": meeting.held_on > timezone.localdate(),
    }


def _follow_up_form(activity: Activity, data=None) -> FollowUpForm:
    return FollowUpForm(
        data,
        prefix_id=f"a{activity.pk}",
        initial={
            "lock_version": activity.lock_version,
            "status": activity.status,
            "judgement": activity.judgement,
        },
    )


@roadmap_view()
def versions(request, roadmap):
    all_versions = list(
        roadmap.versions.select_related("adopted_by", "approved_by", "based_on").order_by("-number")
    )
    open_version = next(
        (v for v in all_versions if v.status in (VersionStatus.DRAFT, VersionStatus.CONSULTATION)),
        None,
    )
    context = _context(
        request,
        roadmap,
        services.current_version(roadmap),
        "versions",
        all_versions=all_versions,
        open_version=open_version,
        comments=open_version.comments.select_related("principal", "area").order_by(
            "received_on", "pk"
        )
        if open_version
        else [],
        compare_form=CompareForm(None, versions=all_versions) if len(all_versions) > 1 else None,
    )
    if request.roadmap_can_edit and open_version is not None:
        lock = {"lock_version": open_version.lock_version}
        if open_version.status == VersionStatus.DRAFT:
            context["consultation_form"] = ConsultationForm(initial=lock)
        else:
            context["adopt_form"] = AdoptForm(
                initial={**lock, "adopted_on": timezone.localdate()}, roadmap=roadmap
            )
            context["comment_form"] = CommentForm(
                initial={"received_on": timezone.localdate()}, version=open_version
            )
            context["back_form"] = LockOnlyForm(initial=lock)
    if request.roadmap_can_edit and open_version is None:
        context["revision_form"] = RevisionForm()
    return render(request, "roadmap/versions.html", context)


@roadmap_view()
def compare_versions(request, roadmap):
    all_versions = list(roadmap.versions.order_by("number"))
    form = CompareForm(request.GET, versions=all_versions)
    if not form.is_valid():
        messages.error(request, "Välj två versioner att jämföra.")
        return redirect("roadmap:versions", roadmap_id=roadmap.pk)
    before = roadmap.versions.get(number=form.cleaned_data["a"])
    after = roadmap.versions.get(number=form.cleaned_data["b"])
    context = _context(
        request,
        roadmap,
        services.current_version(roadmap),
        "versions",
        comparison=version_compare.compare(before, after),
        compare_form=form,
    )
    return render(request, "roadmap/compare.html", context)


# --- Follow-up ----------------------------------------------------------------------------------


@roadmap_view(edit=True)
@require_POST
def meeting_new(request, roadmap, forum_id: int):
    forum = get_object_or_404(Forum, pk=forum_id, roadmap=roadmap)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.schedule_meeting(
                user=request.user,
                forum_id=forum.pk,
                request_key=form.cleaned_data["request_key"],
                held_on=form.cleaned_data["held_on"],
                title=form.cleaned_data["title"],
                notes=form.cleaned_data["notes"],
            )
        except RoadmapError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Mötet är skapat med forumets aktiviteter på dagordningen.")
            return redirect("roadmap:meeting", roadmap_id=roadmap.pk, meeting_id=meeting.pk)
    watch = selectors.forum_watch(forum, today=timezone.localdate())
    context = _context(
        request,
        roadmap,
        watch.version,
        "governance",
        forum=forum,
        watch=watch,
        meetings=forum.meetings.all()[:24],
        meeting_form=form,
    )
    return render(request, "roadmap/forum.html", context)


@roadmap_view(edit=True)
@require_POST
def meeting_follow_up(request, roadmap, meeting_id: int, activity_id: int):
    """Record one agenda item's follow-up; htmx swaps just that item."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("forum"), pk=meeting_id, forum__roadmap=roadmap
    )
    activity = get_object_or_404(meeting.agenda.select_related("area"), pk=activity_id)
    form = _follow_up_form(activity, request.POST)
    follow_up = None
    if form.is_valid():
        try:
            follow_up = _record(request, activity, form, meeting_id=meeting.pk)
        except RoadmapError as error:
            form.add_error(None, error.message)
    if follow_up is None:
        activity.refresh_from_db()
    item = {"activity": activity, "follow_up": follow_up, "form": None if follow_up else form}
    if request.htmx:
        # The item shows its errors itself (htmx swaps only successful responses).
        return render(
            request,
            "roadmap/includes/agenda_item.html",
            {"roadmap": roadmap, "meeting": meeting, "item": item, "saved": bool(follow_up)},
        )
    if follow_up is not None:
        messages.success(request, f"Uppföljningen av ”{activity.title}” är sparad.")
        return redirect("roadmap:meeting", roadmap_id=roadmap.pk, meeting_id=meeting.pk)
    context = _context(
        request,
        roadmap,
        services.current_version(roadmap),
        "governance",
        **_meeting(request, meeting),
    )
    for entry in context["items"]:
        if entry["activity"].pk == activity.pk:
            entry["form"] = form
    return render(request, "roadmap/meeting.html", context)


def _record(request, activity: Activity, form: FollowUpForm, *, meeting_id=None):
    data = form.cleaned_data
    return services.record_follow_up(
        user=request.user,
        activity_id=activity.pk,
        lock_version=data["lock_version"],
        request_key=data["request_key"],
        status=data["status"],
        judgement=data["judgement"] or "",
        comment=data["comment"],
        decisions=data["decisions"],
        meeting_id=meeting_id,
    )


@roadmap_view(edit=True)
@require_POST
def activity_follow_up(request, roadmap, activity_id: int):
    """A follow-up between meetings, from the activity's page."""
    activity = get_object_or_404(Activity, pk=activity_id, roadmap_version__roadmap=roadmap)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            _record(request, activity, form)
        except RoadmapError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Uppföljningen är sparad.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("roadmap:activity", roadmap_id=roadmap.pk, activity_id=activity.pk)


# --- Editing a draft ----------------------------------------------------------------------------


def _draft_or_404(roadmap: Roadmap, number: int) -> RoadmapVersion:
    version = get_object_or_404(RoadmapVersion, roadmap=roadmap, number=number)
    if not version.editable:
        raise Http404
    return version


@roadmap_view(edit=True)
def activity_edit(request, roadmap, number: int, activity_id: int | None = None):
    version = _draft_or_404(roadmap, number)
    activity = None
    if activity_id is not None:
        activity = get_object_or_404(Activity, pk=activity_id, roadmap_version=version)
    initial = {}
    if activity is not None:
        initial = {
            "lock_version": activity.lock_version,
            "area": activity.area_id,
            "title": activity.title,
            "description": activity.description,
            "owner_forum": activity.owner_forum_id,
            "owner_name": activity.owner_name,
            "principals": list(activity.principals.values_list("pk", flat=True)),
            "subareas": list(activity.subareas.values_list("pk", flat=True)),
            "starts_on": activity.starts_on,
            "ends_on": activity.ends_on,
        }
    elif request.GET.get("omrade"):
        initial["area"] = request.GET["omrade"]
    form = ActivityForm(request.POST or None, initial=initial, version=version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = services.ActivityFields(
            area_id=data["area"].pk,
            title=data["title"],
            description=data["description"],
            owner_forum_id=data["owner_forum"].pk if data["owner_forum"] else None,
            owner_name=data["owner_name"],
            principal_ids=tuple(p.pk for p in data["principals"]),
            subarea_ids=tuple(s.pk for s in data["subareas"]),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
        try:
            saved = services.save_activity(
                user=request.user,
                version_id=version.pk,
                fields=fields,
                activity_id=activity.pk if activity else None,
                lock_version=data["lock_version"] if activity else None,
                request_key=data["request_key"],
            )
        except RoadmapError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Aktiviteten är sparad.")
            return redirect("roadmap:activity", roadmap_id=roadmap.pk, activity_id=saved.pk)
    context = _context(request, roadmap, version, "overview", form=form, activity=activity)
    return render(request, "roadmap/activity_form.html", context)


@roadmap_view(edit=True)
def version_edit(request, roadmap, number: int):
    """The draft's own texts: title, vision, goal year, period, what the revision changes."""
    version = _draft_or_404(roadmap, number)
    fields = ["title", "vision_title", "vision", "goal_year", "period_start", "period_end"]
    initial = {name: getattr(version, name) for name in [*fields, "change_summary"]}
    initial["lock_version"] = version.lock_version
    form = VersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_version_text(
                user=request.user,
                version_id=version.pk,
                lock_version=data["lock_version"],
                change_summary=data["change_summary"],
                **{name: data[name] for name in fields},
            )
        except RoadmapError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Versionens uppgifter är sparade.")
            return redirect(_overview_url(roadmap, version))
    context = _context(request, roadmap, version, "overview", form=form)
    return render(request, "roadmap/version_form.html", context)


@roadmap_view(edit=True)
def area_edit(request, roadmap, number: int, area_id: int | None = None):
    version = _draft_or_404(roadmap, number)
    area = None
    initial = {}
    if area_id is not None:
        area = get_object_or_404(PriorityArea, pk=area_id, roadmap_version=version)
        initial = {
            "title": area.title,
            "description": area.description,
            "year": area.year,
            "goals": "\n".join(g.text for g in area.goals.all()),
        }
    form = AreaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_area(
                user=request.user,
                version_id=version.pk,
                request_key=data["request_key"],
                area_id=area.pk if area else None,
                title=data["title"],
                description=data["description"],
                year=data["year"],
                goals=[line.strip() for line in data["goals"].splitlines() if line.strip()],
            )
        except RoadmapError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Området är sparat.")
            return redirect(_overview_url(roadmap, version))
    context = _context(request, roadmap, version, "overview", form=form, area=area)
    return render(request, "roadmap/area_form.html", context)


def _overview_url(roadmap, version) -> str:
    return f"{reverse('roadmap:overview', args=[roadmap.pk])}?version={version.number}"


@roadmap_view(edit=True)
def target_new(request, roadmap, number: int):
    version = _draft_or_404(roadmap, number)
    activity = None
    if request.GET.get("aktivitet") or request.POST.get("activity"):
        activity = get_object_or_404(
            Activity,
            pk=request.GET.get("aktivitet") or request.POST.get("activity"),
            roadmap_version=version,
        )
    form = TargetForm(request.POST or None, initial={"kind": "indicator"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        indicator = data["indicator"] if data["kind"] == "indicator" else ""
        try:
            services.add_target(
                user=request.user,
                version_id=version.pk,
                request_key=data["request_key"],
                fields=services.TargetFields(
                    indicator_id=indicator,
                    name="" if indicator else data["name"],
                    unit=data["unit"],
                    unit_label=data["unit_label"],
                    direction=data["direction"],
                    target_value=data["target_value"],
                    target_year=data["target_year"],
                    target_text=data["target_text"],
                    note=data["note"],
                    activity_id=activity.pk if activity else None,
                ),
            )
        except RoadmapError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Målindikatorn är tillagd.")
            if activity is not None:
                return redirect("roadmap:activity", roadmap_id=roadmap.pk, activity_id=activity.pk)
            return redirect(_overview_url(roadmap, version))
    context = _context(request, roadmap, version, "overview", form=form, activity=activity)
    return render(request, "roadmap/target_form.html", context)


@roadmap_view(edit=True)
def target_value_new(request, roadmap, target_id: int):
    target = get_object_or_404(
        Target.objects.select_related("roadmap_version", "activity"),
        pk=target_id,
        roadmap_version__roadmap=roadmap,
    )
    form = TargetValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_target_value(
                user=request.user,
                target_id=target.pk,
                request_key=data["request_key"],
                period_label=data["period_label"],
                period_end=data["period_end"],
                value=data["value"],
                source=data["source"],
                note=data["note"],
            )
        except RoadmapError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Värdet är registrerat.")
            if target.activity_id:
                return redirect(
                    "roadmap:activity", roadmap_id=roadmap.pk, activity_id=target.activity_id
                )
            return redirect(_overview_url(roadmap, target.roadmap_version))
    context = _context(
        request, roadmap, target.roadmap_version, "overview", form=form, target=target
    )
    return render(request, "roadmap/value_form.html", context)


# --- The lifecycle ------------------------------------------------------------------------------


def _lifecycle(request, roadmap, action, *, success: str):
    try:
        action()
    except RoadmapError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("roadmap:versions", roadmap_id=roadmap.pk)


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


@roadmap_view(edit=True)
@require_POST
def version_consultation(request, roadmap, number: int):
    version = get_object_or_404(RoadmapVersion, roadmap=roadmap, number=number)
    form = ConsultationForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("roadmap:versions", roadmap_id=roadmap.pk)
    data = form.cleaned_data
    return _lifecycle(
        request,
        roadmap,
        lambda: services.open_consultation(
            user=request.user,
            version_id=version.pk,
            lock_version=data["lock_version"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
        ),
        success=f"Version {version.number} är skickad på remiss.",
    )


@roadmap_view(edit=True)
@require_POST
def version_back_to_draft(request, roadmap, number: int):
    version = get_object_or_404(RoadmapVersion, roadmap=roadmap, number=number)
    form = LockOnlyForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("roadmap:versions", roadmap_id=roadmap.pk)
    return _lifecycle(
        request,
        roadmap,
        lambda: services.return_to_draft(
            user=request.user, version_id=version.pk, lock_version=form.cleaned_data["lock_version"]
        ),
        success=f"Version {version.number} är ett utkast igen.",
    )


@roadmap_view(edit=True)
@require_POST
def version_comment(request, roadmap, number: int):
    version = get_object_or_404(RoadmapVersion, roadmap=roadmap, number=number)
    form = CommentForm(request.POST, version=version)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("roadmap:versions", roadmap_id=roadmap.pk)
    data = form.cleaned_data
    return _lifecycle(
        request,
        roadmap,
        lambda: services.record_comment(
            user=request.user,
            version_id=version.pk,
            request_key=data["request_key"],
            principal_id=data["principal"].pk,
            text=data["text"],
            received_on=data["received_on"],
            submitted_by=data["submitted_by"],
            area_id=data["area"].pk if data["area"] else None,
        ),
        success="Remissvaret är registrerat.",
    )


@roadmap_view(edit=True)
@require_POST
def version_adopt(request, roadmap, number: int):
    version = get_object_or_404(RoadmapVersion, roadmap=roadmap, number=number)
    form = AdoptForm(request.POST, roadmap=roadmap)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("roadmap:versions", roadmap_id=roadmap.pk)
    data = form.cleaned_data
    return _lifecycle(
        request,
        roadmap,
        lambda: services.adopt(
            user=request.user,
            version_id=version.pk,
            lock_version=data["lock_version"],
            forum_id=data["forum"].pk,
            adopted_on=data["adopted_on"],
            approved_by_id=data["approved_by"].pk if data["approved_by"] else None,
            approved_on=data["approved_on"],
        ),
        success=f"Version {version.number} är antagen.",
    )


@roadmap_view(edit=True)
@require_POST
def version_revise(request, roadmap):
    form = RevisionForm(request.POST)
    summary = form.cleaned_data["change_summary"] if form.is_valid() else ""
    try:
        draft = services.start_revision(
            user=request.user, roadmap_id=roadmap.pk, change_summary=summary
        )
    except RoadmapError as error:
        messages.error(request, error.message)
        return redirect("roadmap:versions", roadmap_id=roadmap.pk)
    messages.success(
        request,
        f"Version {draft.number} är skapad som utkast. Den antagna versionen gäller tills "
        "revideringen antas.",
    )
    return redirect(_overview_url(roadmap, draft))
