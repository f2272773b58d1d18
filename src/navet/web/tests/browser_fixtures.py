"""Playwright fixtures for browser tests (mark them `@pytest.mark.browser`; PostgreSQL only).

Loaded once, from the root conftest, so one browser and one Playwright loop serve every app.

- `browser` (session): Debian's chromium (/usr/bin/chromium, or NAVET_CHROMIUM), headless.
- `page` (function): a fresh context and page on pytest-django's `live_server`, with relative URLs
  (`page.goto("/invanare/")`). Fails the test if the page logs a console error or a JavaScript
  error (a CSP violation, a missing static file …) unless the test allowed it with
  `allow_console_error(regex)`.
- `browser_login`: `browser_login(page, "allmanlakare")` logs in a demo user through the form.
- `axe_violations`: `axe_violations(page)` → WCAG 2.1 A/AA violations found by axe-core, as text.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("NAVET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-dev-shm-usage",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.fail(f"chromium is missing at {CHROMIUM}: apt-get install -y chromium")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
    # would otherwise be refused as "async unsafe".
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.fixture
def _browser_db(settings, transactional_db):
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("browser tests run on PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def allow_console_error():
    """allow_console_error(regex): this test expects a console error matching regex."""
    allowed: list[re.Pattern] = []

    def allow(pattern: str) -> None:
        allowed.append(re.compile(pattern))

    allow.patterns = allowed
    return allow


@pytest.fixture
def page(_browser_db, browser, live_server, allow_console_error):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(f"console: {message.text} @ {page.url}")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(f"javascript: {error} @ {page.url}"))
    # ERR_ABORTED is the browser cancelling a request because the page navigated on (a favicon
    # still loading when a test clicks a link), not a failure of ours.
    page.on(
        "requestfailed",
        lambda req: (
            None
            if "ERR_ABORTED" in (req.failure or "")
            else errors.append(f"request failed: {req.url} ({req.failure})")
        ),
    )
    yield page
    context.close()
    unexpected = [e for e in errors if not any(p.search(e) for p in allow_console_error.patterns)]
    if unexpected:
        pytest.fail("the browser reported errors:\n" + "\n".join(unexpected))


@pytest.fixture
def browser_login(demo_users):
    def login(page, username: str) -> None:
        page.goto("/logga-in/")
        page.get_by_label("Användarnamn").fill(username)
        page.get_by_label("Lösenord").fill(demo_users[username].password)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url(re.compile(r"/$"))

    return login


@pytest.fixture
def axe_violations():
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(page) -> str:
        results = axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        if results.violations_count == 0:
            return ""
        return f"{page.url}\n{results.generate_report()}"

    return run
