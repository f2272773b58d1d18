"""The header's inbox count on every page of a user who has an inbox (care roles)."""

from navet.messaging.selectors import may_use_inbox


def inbox(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not may_use_inbox(user):
        return {}
    from navet.messaging.views import inbox_context

    return {"navet_inbox": inbox_context(user)}
