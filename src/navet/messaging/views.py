"""The inbox pages: the list per unit, one item with its acknowledge and forward forms, writing a
message (to a unit, or about a person from their page), the header's live count and the e-mail
choice. Thin: access rules and changes live in selectors.py and services.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from navet.access.audit import actor_for, record, record_many
from navet.access.decorators import (
    declared,
    no_personal_data,
    person_view,
    search_view,
    to_login,
)
from navet.access.models import AuditAction
from navet.access.purposes import Purpose
from navet.messaging import config, services
from navet.messaging.errors import MessagingError
from navet.messaging.forms import FilterForm, ForwardForm, MessageForm, SubscriptionForm
from navet.messaging.kinds import MESSAGE
from navet.messaging.models import InboxItem, InboxSubscription
from navet.messaging.selectors import (
    READ_REASON,
    item_access,
    items_for_unit,
    may_use_inbox,
    unit_inboxes,
    unread_count,
)


def _capable(request):
    """None when the user may use an inbox, else the response (login page or 403)."""
    if not request.user.is_authenticated:
        return to_login(request)
    if not may_use_inbox(request.user):
        raise PermissionDenied
    return None


@search_view(
    "the items of the user's own units; every person an item on the page is about is logged"
)
def inbox(request):
    if (refusal := _capable(request)) is not None:
        return refusal
    boxes = unit_inboxes(request.user)
    selected = boxes[0] if boxes else None
    if boxes and (wanted := request.GET.get("enhet")):
        matching = [b for b in boxes if str(b.unit.id) == wanted]
        if not matching:
            raise PermissionDenied  # another unit's inbox
        selected = matching[0]
    filters = FilterForm(request.GET or None)
    page = None
    selected_id = selected.unit.id if selected else ""
    if selected is not None:
        items = items_for_unit(selected.unit.id, only_open=filters.only_open, kind=filters.kind)
        page = Paginator(items, config.page_size()).get_page(request.GET.get("sida"))
        _log_persons_shown(request, page.object_list)
    subscription = InboxSubscription.objects.filter(user=request.user).first()
    context = {
        "boxes": boxes,
        "selected": selected,
        "filters": filters,
        "page": page,
        "only_open": filters.only_open,
        "subscription_form": SubscriptionForm(
            initial={"email": bool(subscription and subscription.email)}
        ),
        "has_email": bool(request.user.email),
        "now": timezone.now(),
        "query": urlencode(
            [(k, v) for k, v in request.GET.items() if k != "sida"] or [("enhet", selected_id)]
        ),
    }
    return render(request, "messaging/inbox.html", context)


def _log_persons_shown(request, items) -> None:
    by_purpose: dict[str, list[int]] = {}
    for item in items:
        if item.person_id is not None:
            by_purpose.setdefault(item.purpose, []).append(item.person_id)
    actor = actor_for(request.user, request)
    for purpose, person_ids in by_purpose.items():
        record_many(
            actor,
            action=AuditAction.SEARCH,
            person_ids=sorted(set(person_ids)),
            object_type="inbox_list",
            purpose=purpose,
            reason=READ_REASON,
        )


def _item_for(request, item_id: int) -> InboxItem:
    """The item if the user may read it; a refusal about a person is logged, then 403."""
    item = get_object_or_404(
        InboxItem.objects.select_related("person", "to_unit", "sender_unit"), pk=item_id
    )
    access = item_access(request.user, item)
    if not access.allowed:
        if item.person_id is not None:
            record(
                actor_for(request.user, request),
                action=AuditAction.DENIED,
                person_id=item.person_id,
                object_type="inbox_item",
                object_id=item.pk,
                purpose=item.purpose,
                reason=access.reason,
            )
        raise PermissionDenied
    return item


def _log_read(request, item: InboxItem) -> None:
    if item.person_id is not None:
        record(
            actor_for(request.user, request),
            action=AuditAction.READ,
            person_id=item.person_id,
            object_type="inbox_item",
            object_id=item.pk,
            purpose=item.purpose,
            reason=READ_REASON,
        )


def _item_page(request, item: InboxItem, *, forward_form=None, status=200):
    _log_read(request, item)
    forwarded_to = item.forwards.select_related("to_unit").first() if item.forwarded_at else None
    context = {
        "item": item,
        "chain": item.chain(),
        "forwarded_to": forwarded_to,
        "escalations": list(item.escalations.select_related("to_unit")),
        "forward_form": forward_form or ForwardForm(current_unit_id=item.to_unit_id),
        "source_url": item.source_url(),
        "attachments": list(item.attachments.only("pk", "filename")),
        "now": timezone.now(),
        "original": item.escalation_of,
        "original_readable": item.escalation_of is not None
        and item_access(request.user, item.escalation_of).allowed,
    }
    return render(request, "messaging/item.html", context, status=status)


@declared(
    "inbox_item",
    "one item; staff of the receiving unit only (the item is the basis), every read logged",
)
def item_detail(request, item_id: int):
    if (refusal := _capable(request)) is not None:
        return refusal
    return _item_page(request, _item_for(request, item_id))


@declared(
    "inbox_item",
    "a file sent with one item; the same rule as reading the item, every download logged",
)
def attachment(request, item_id: int, attachment_id: int):
    if (refusal := _capable(request)) is not None:
        return refusal
    item = _item_for(request, item_id)
    attached = get_object_or_404(item.attachments, pk=attachment_id)
    _log_read(request, item)
    content_type = f"{attached.content_type}; charset=utf-8"
    response = HttpResponse(attached.content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{attached.filename}"'
    return response


@declared("inbox_item", "acknowledges an item of the user's own unit; the change is logged")
@require_POST
def acknowledge_item(request, item_id: int):
    if (refusal := _capable(request)) is not None:
        return refusal
    item = _item_for(request, item_id)
    try:
        services.acknowledge(item=item, user=request.user, actor=actor_for(request.user, request))
    except MessagingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Ärendet är kvitterat.")
    return redirect("messaging:item", item_id=item.pk)


@declared("inbox_item", "forwards an item of the user's own unit; the disclosure is logged")
@require_POST
def forward_item(request, item_id: int):
    if (refusal := _capable(request)) is not None:
        return refusal
    item = _item_for(request, item_id)
    form = ForwardForm(request.POST, current_unit_id=item.to_unit_id)
    if form.is_valid():
        try:
            new_item = services.forward(
                item=item,
                to_unit=form.cleaned_data["to_unit"],
                reason=form.cleaned_data["reason"],
                user=request.user,
                actor=actor_for(request.user, request),
            )
        except MessagingError as error:
            form.add_error("to_unit", error.message)
        else:
            messages.success(request, f"Ärendet är vidarebefordrat till {new_item.to_unit.name}.")
            return redirect(f"{reverse('messaging:inbox')}?enhet={item.to_unit_id}")
    item.refresh_from_db()
    return _item_page(request, item, forward_form=form, status=400)


def _send_message(request, form: MessageForm, person=None):
    """Send the form's message; returns the item, or None with the error on the form."""
    data = form.cleaned_data
    try:
        return services.send_item(
            to_unit=data["to_unit"],
            kind=MESSAGE.code,
            subject=data["subject"],
            body=data["body"],
            person=person,
            sender=request.user,
            idempotency_key=f"ui:{request.user.pk}:{data['key']}",
            purpose=Purpose.CARE,
            actor=actor_for(request.user, request),
        )
    except MessagingError as error:
        form.add_error("to_unit" if hasattr(error, "suggestions") else None, error.message)
        return None


@no_personal_data("a form for a message to a unit; shows no one's data")
def compose(request):
    if (refusal := _capable(request)) is not None:
        return refusal
    form = MessageForm(request.POST or None)
    sent = request.method == "POST" and form.is_valid() and _send_message(request, form)
    if sent:
        messages.success(request, f"Meddelandet är skickat till {sent.to_unit.name}.")
        return redirect("messaging:inbox")
    status = 400 if request.method == "POST" else 200
    return render(request, "messaging/compose.html", {"form": form}, status=status)


@person_view(Purpose.CARE, object_type="inbox_compose")
def compose_about_person(request, person):
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and (item := _send_message(request, form, person)) is not None:
            messages.success(request, f"Meddelandet är skickat till {item.to_unit.name}.")
            return redirect("web:resident_detail", person_id=person.pk)
        # The page shows the person again: a read, logged as one.
        record(
            request.navet_access.actor,
            action=AuditAction.READ,
            person_id=person.pk,
            object_type="inbox_compose",
            object_id=person.pk,
            purpose=Purpose.CARE,
        )
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "person": person}
    return render(request, "messaging/compose.html", context, status=status)


@no_personal_data("the number of items waiting in the user's inboxes; no content")
def badge(request):
    """The header's live count, polled by htmx. Answers 204 (nothing to swap) while the count
    the page shows is still right, so the page and screen readers stay quiet; a poll is not
    activity that keeps the session alive (see SessionTimeoutMiddleware)."""
    request.navet_background = True
    if not request.user.is_authenticated:
        return to_login(request)
    if not may_use_inbox(request.user):
        return HttpResponse(status=204)
    try:
        shown = int(request.GET.get("visat", ""))
    except ValueError:
        shown = -1
    count = unread_count(request.user)
    if count == shown:
        return HttpResponse(status=204)
    context = {
        "inbox": inbox_context(request.user, count=count),
        "current": request.GET.get("aktuell") == "1",
        "announce": _announcement(count) if count > shown >= 0 else "",
    }
    return render(request, "messaging/includes/badge_response.html", context)


def _announcement(count: int) -> str:
    waiting = "1 ärende" if count == 1 else f"{count} ärenden"
    return f"Nytt i inkorgen: {waiting} att kvittera."


def inbox_context(user, *, count: int | None = None) -> dict:
    return {
        "count": unread_count(user) if count is None else count,
        "url": reverse("messaging:inbox"),
        "count_url": reverse("messaging:badge"),
        "poll_seconds": config.poll_seconds(),
    }


@no_personal_data("the user's own e-mail choice")
@require_POST
def subscription(request):
    if (refusal := _capable(request)) is not None:
        return refusal
    form = SubscriptionForm(request.POST)
    wanted = form.is_valid() and form.cleaned_data["email"]
    if wanted and not request.user.email:
        messages.error(
            request, "Ditt konto saknar e-postadress. Be din administratör lägga in den."
        )
        return redirect("messaging:inbox")
    InboxSubscription.objects.update_or_create(user=request.user, defaults={"email": wanted})
    messages.success(
        request,
        "Du får e-post när något nytt kommer." if wanted else "Du får ingen e-post om inkorgen.",
    )
    return redirect("messaging:inbox")
