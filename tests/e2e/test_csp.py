"""Issue 7, item 14: the pages satisfy their own Content-Security-Policy in a real Chromium."""

import pytest

from kunskapsstyrning.organisation.demo import DEMO_PASSWORD, load_demo
from kunskapsstyrning.organisation.loaders import load_structure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""

PUBLIC = [
    "/",
    "/katalog/",
    "/katalog/?q=hj%C3%A4rt",
    "/grupper/npo-hjart-och-karlsjukdomar/",
    "/sjukvardsregioner/",
    "/logga-in/",
    "/admin/login/",
    "/finns-inte/",
]
LOGGED_IN = [
    "/mina-uppdrag/",
    "/grupper/nag-vardforlopp-hjartsvikt/",
    "/grupper/nag-vardforlopp-hjartsvikt/ledamotslista/",
    "/grupper/nag-vardforlopp-hjartsvikt/historik/",
]


def visit(page, path, problems):
    response = page.goto(path)
    assert response is not None
    assert "content-security-policy" in response.headers, path
    page.wait_for_load_state("load")
    for violation in page.evaluate("window.__cspViolations"):
        problems.append(f"{path}: {violation}")


def test_the_main_pages_cause_no_csp_violation(page):
    load_structure()
    load_demo()
    problems: list[str] = []
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )

    for path in PUBLIC:
        visit(page, path, problems)

    page.goto("/logga-in/")
    page.get_by_label("Användarnamn").fill("processledare")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/")
    for path in LOGGED_IN:
        visit(page, path, problems)
    # The editor's own form (a search, no JavaScript) under the policy too.
    page.goto("/grupper/nag-vardforlopp-hjartsvikt/ledamotslista/")
    page.get_by_label("Sök person (namn eller e-post)").fill("Demo")
    page.get_by_role("button", name="Sök", exact=True).click()
    page.wait_for_load_state("load")
    problems.extend(f"search: {v}" for v in page.evaluate("window.__cspViolations"))

    assert problems == []


def test_a_violation_would_be_seen(page):
    """The listener works: an inline script is refused and reported."""
    load_structure()
    problems: list[str] = []
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: problems.append(message.text))
    page.goto("/")
    page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.ran = 1";
                   document.body.appendChild(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran") is None
    assert page.evaluate("window.__cspViolations.length") >= 1
