"""Browser tests: the real app on a live server, driven by Debian's Chromium through Playwright.

The live server runs the *same* ``app`` fixture object (and so the same private test database) in a
background thread; the autouse ``_fresh_database`` fixture from tests/conftest.py still gives every
test a clean slate. Browser tests never skip silently: without Chromium they fail, unless
``TOEGANG_SKIP_BROWSER=1`` says to skip them on purpose.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect, sync_playwright
from werkzeug.serving import make_server

from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # No network on the build machines: keep Chromium from phoning home and flooding refusals.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEFAULT_TIMEOUT_MS = 10_000

_E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/e2e as ``e2e`` (so ``-m "not e2e"`` leaves them out)."""
    for item in items:
        if _E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    """The test app served over HTTP on a free local port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="toegang-live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if os.environ.get("TOEGANG_SKIP_BROWSER") == "1":
        pytest.skip("TOEGANG_SKIP_BROWSER=1: browsertests overgeslagen")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests need Debian's chromium package "
            "(make system-deps-test). Set TOEGANG_SKIP_BROWSER=1 to skip them deliberately.",
            pytrace=False,
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_page(chromium: Browser, live_server: str) -> Iterator[Callable[[], Page]]:
    """A factory for pages, each in its own fresh browser context (own cookies, own session)."""
    contexts = []

    def make() -> Page:
        context = chromium.new_context(locale="nl-NL", base_url=live_server)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[[], Page]) -> Page:
    """A page in a new browser context (locale nl-NL) for this test only."""
    return new_page()


def login(page: Page, live_server: str, username: str, password: str = PASSWORD, *,
          expect_success: bool = True) -> None:
    """Log in through the real login form, by its labels, as a user would."""
    page.goto(f"{live_server}/inloggen")
    page.get_by_label("Gebruikersnaam", exact=True).fill(username)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen", exact=True).click()
    if expect_success:
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def _describe(violation: dict[str, Any]) -> str:
    lines = [f"- {violation['id']} ({violation.get('impact') or 'unknown'}): {violation.get('help', '')}"]
    for node in violation.get("nodes", []):
        target = " ".join(str(t) for t in node.get("target", []))
        lines.append(f"    at {target}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail with a readable list if axe-core finds WCAG 2.0/2.1 level A or AA violations on the page.

    axe-playwright-python injects its bundled axe.min.js (no network) through ``page.evaluate``, i.e.
    over the DevTools protocol, which the page's ``script-src 'self'`` CSP does not block; so the
    contexts keep the real CSP (no ``bypass_csp``) and the tests see the pages as users do.
    """
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    violations = results.response["violations"]
    if violations:
        report = "\n".join(_describe(v) for v in violations)
        pytest.fail(f"{len(violations)} WCAG A/AA violation(s) on {page.url}:\n{report}", pytrace=False)
