"""Login hardening around every request: session expiry, the second factor for staff, and
headers that keep personal data out of caches and features out of reach."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from navet.organisation.roles import Role, role_of

LOGIN_AT = "navet_login_at"
LAST_SEEN = "navet_last_seen"
AUTH_METHOD = "navet_auth_method"
OTP_OPTIONAL_GROUP = "otp_optional"


def _to(request, url: str):
    # Runs before django-htmx's middleware: read the header itself.
    if request.headers.get("HX-Request") == "true":
        return HttpResponseClientRedirect(url)
    return redirect(url)


class SessionTimeoutMiddleware:
    """Log out after NAVET_SESSION_IDLE_MINUTES without a request, and SESSION_COOKIE_AGE after
    login whatever happens (an unattended screen on a ward must not stay logged in).

    A background request (a view that sets `request.navet_background`, e.g. the header's inbox
    count that htmx polls) is not activity: it never keeps an idle session alive, and once the
    session has run out its answer sends the whole page to the login form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        now = time.time()
        login_at = request.session.setdefault(LOGIN_AT, now)
        last_seen = request.session.get(LAST_SEEN, now)
        idle = settings.NAVET_SESSION_IDLE_MINUTES * 60
        if now - last_seen > idle or now - login_at > settings.SESSION_COOKIE_AGE:
            logout(request)
            messages.info(request, "Du har loggats ut eftersom sessionen tog slut.")
            return _to(request, redirect_to_login(_page_of(request)).url)
        response = self.get_response(request)
        background = getattr(request, "navet_background", False)
        # Not after a logout (the session is gone), not for background requests, and not on
        # every request (saving the session each time is not needed).
        if not background and request.user.is_authenticated and now - last_seen > 30:
            request.session[LAST_SEEN] = now
        return response


def _page_of(request) -> str:
    """The page to return to after login: for an htmx request the page that made it, not the
    fragment's URL."""
    if request.headers.get("HX-Request") == "true":
        from urllib.parse import urlsplit

        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        if current.path:
            return current.path + (f"?{current.query}" if current.query else "")
    return request.get_full_path()


def otp_required(user) -> bool:
    """Staff (any role but the resident's) and admins must use a second factor."""
    if not settings.NAVET_STAFF_OTP_REQUIRED:
        return False
    if user.groups.filter(name=OTP_OPTIONAL_GROUP).exists():
        return False
    role = role_of(user)
    return (role is not None and role != Role.RESIDENT) or user.is_staff or user.is_superuser


class SecondFactorMiddleware:
    """After the password: a user with a TOTP device must enter a code; staff without one must
    set one up (unless optional for them). OIDC logins bring their identity provider's strong
    authentication and pass."""

    EXEMPT_NAMES = ("web:login", "web:logout", "access:otp_verify", "access:otp_setup")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and request.session.get(AUTH_METHOD) != "oidc"
            and not self._exempt(request.path)
        ):
            from django_otp import user_has_device

            if user_has_device(user, confirmed=True):
                return _to(request, self._with_next(request, "access:otp_verify"))
            if otp_required(user):
                return _to(request, self._with_next(request, "access:otp_setup"))
        return self.get_response(request)

    def _exempt(self, path: str) -> bool:
        static = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
        if path.startswith(static) or path.startswith("/oidc/"):
            return True
        return any(path == reverse(name) for name in self.EXEMPT_NAMES)

    @staticmethod
    def _with_next(request, name: str) -> str:
        from urllib.parse import urlencode

        return f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"


class SecurityHeadersMiddleware:
    """Pages for a logged-in user may hold personal data: never store them in any cache.
    Turn off browser features Navet does not use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        )
        return response
