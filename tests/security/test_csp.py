"""Issue 7, item 14: every page carries the Content-Security-Policy header."""

import pytest

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, *rest in parts for value in [rest[0] if rest else ""]}


@pytest.mark.parametrize("path", ["/", "/katalog/", "/logga-in/", "/finns-inte/"])
def test_the_policy_header_is_present_and_strict(client, path):
    policy = directives(client.get(path))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in client.get(path).headers["Content-Security-Policy"]
