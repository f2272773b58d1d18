"""The second factor: set up a TOTP app once (QR code), then enter a code after the password."""

import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from navet.access.decorators import no_personal_data


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Kod från din app",
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return "/"
    return target


def _check(device, form) -> bool:
    return form.is_valid() and device.verify_token(form.cleaned_data["token"].strip())


@no_personal_data("second-factor code")
@login_required
def otp_verify(request):
    devices = list(devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect("access:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        device = next((d for d in devices if _check(d, form)), None)
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error(None, "Koden stämmer inte. Vänta på nästa kod och försök igen.")
    return render(request, "access/otp_verify.html", {"form": form, "next": _next(request)})


@no_personal_data("second-factor setup")
@login_required
def otp_setup(request):
    if request.user.is_verified():
        return redirect(_next(request))
    if any(devices_for_user(request.user, confirmed=True)):
        return redirect("access:otp_verify")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Navet"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        if _check(device, form):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, "Tvåstegsverifieringen är aktiverad.")
            return redirect(_next(request))
        form.add_error(None, "Koden stämmer inte. Kontrollera att klockan i telefonen går rätt.")
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    context = {
        "form": form,
        "next": _next(request),
        "qr": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
        "secret": base64.b32encode(device.bin_key).decode().rstrip("="),
    }
    return render(request, "access/otp_setup.html", context)
