"""Signal receivers: records that open care relationships, and logins for the audit log.

Bulk loads (the generator, imports) bypass signals: run `./navet manage sync_relationships`
after them.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from navet.access import audit, relationships
from navet.access.models import AuditAction


def record_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        relationships.sync_record(instance)


def record_deleted(sender, instance, **kwargs):
    relationships.end_for_deleted_record(instance)


def _logged_in(sender, request, user, **kwargs):
    import time

    from navet.access import middleware

    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[middleware.LOGIN_AT] = now
        request.session[middleware.LAST_SEEN] = now
        oidc = getattr(user, "backend", "").endswith("NavetOIDCBackend")
        request.session[middleware.AUTH_METHOD] = "oidc" if oidc else "password"
    audit.record(
        audit.actor_for(user, request),
        action=AuditAction.LOGIN,
        detail=getattr(user, "backend", "").rsplit(".", 1)[-1],
    )


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(audit.actor_for(user, request), action=AuditAction.LOGOUT)


def _login_failed(sender, credentials, request=None, **kwargs):
    actor = audit.actor_for(None, request)
    username = str(credentials.get("username", ""))[:150]
    audit.record(
        audit.Actor(None, username, ip=actor.ip, user_agent=actor.user_agent, path=actor.path),
        action=AuditAction.LOGIN_FAILED,
    )


def connect_login_audit() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="navet-audit-login")
    user_logged_out.connect(_logged_out, dispatch_uid="navet-audit-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="navet-audit-login-failed")
