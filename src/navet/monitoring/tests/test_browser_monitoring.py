"""In a real browser: a device POSTs a FHIR Observation with its token to the live server; the
health centre's nurse sees the alert on the start page, opens it from the worklist and
acknowledges it with what was done. Every page is checked with axe (WCAG 2.1 AA)."""

import json
import re
import urllib.request

import pytest

from navet.monitoring.models import Alert
from navet.monitoring.tests.test_api import observation

pytestmark = pytest.mark.browser


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def post_observation(base_url, token, body) -> int:
    request = urllib.request.Request(  # noqa: S310 - the test's own live server
        f"{base_url}/api/fhir/Observation",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/fhir+json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310 - the test's live server
        return response.status


def test_a_device_alert_to_acknowledgement(
    page, browser_login, live_server, small_county, device_token, axe_violations
):
    elsa = small_county.persons["elsa"]
    assert post_observation(live_server.url, device_token, observation(elsa, value=88)) == 201
    assert post_observation(live_server.url, device_token, observation(elsa, value=88)) == 200

    browser_login(page, "distriktsskoterska")
    page.goto("/")
    page.get_by_role("link", name=re.compile("1 okvitterat larm")).click()
    expect_clean(page, axe_violations)
    page.get_by_role("link", name="Elsa Lindqvist").first.click()
    page.get_by_text("Syremättnad (SpO2) 88 %, under gränsen 92").first.wait_for()
    assert page.locator("svg[role=img]").count() >= 1
    expect_clean(page, axe_violations)
    page.get_by_label("Vad gjordes?").fill("Ringde Elsa; ökad syrgas enligt ordination")
    page.get_by_role("button", name="Kvittera larmet").click()
    page.get_by_text("Larmet är kvitterat.").wait_for()
    assert "ökad syrgas enligt ordination" in page.locator("main").inner_text()
    expect_clean(page, axe_violations)
    alert = Alert.objects.get()
    assert alert.acknowledged_by.username == "distriktsskoterska"
    page.goto("/")
    assert "Inga okvitterade larm" in page.locator("main").inner_text()
