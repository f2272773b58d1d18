"""The browser fixtures of navet/web/tests (Playwright on Debian's chromium), for the trust flow."""

from navet.web.tests.conftest import (  # noqa: F401 - fixtures are found by name
    _browser_db,
    allow_console_error,
    axe_violations,
    browser,
    browser_login,
    page,
)
