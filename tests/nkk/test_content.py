"""Markdown is rendered and sanitised on save: no XSS payload survives, and the diff escapes."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from nkk import services
from nkk.choices import SectionKind
from nkk.content import render_markdown
from nkk.diff import diff_text

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">klicka</a>',
    "[klicka](javascript:alert(1))",
    "[klicka](JaVaScRiPt:alert(1))",
    "[klicka](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klicka](vbscript:msgbox(1))",
    "![bild](javascript:alert(1))",
    "![bild](https://example.invalid/spår.png)",
    '<iframe src="https://example.invalid"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<body onload=alert(1)>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    "[x](&#106;avascript:alert(1))",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "<details open ontoggle=alert(1)>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<object data=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "[x](  javascript:alert(1))",
    "<p onclick=alert(1)>text</p>",
]
ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
    "s",
}


class Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML (text stays text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def dangers(html: str) -> list[str]:
    parser = Elements()
    parser.feed(html)
    problems = []
    for tag, attrs in parser.found:
        if tag not in ALLOWED_TAGS:
            problems.append(f"element {tag}")
        for name, value in attrs.items():
            if name.startswith("on") or name in ("style", "src", "srcdoc", "action", "formaction"):
                problems.append(f"{tag}[{name}]")
            if name == "href" and urlsplit((value or "").strip()).scheme.lower() not in ("http", "https", "mailto", ""):
                problems.append(f"href {value}")
    return problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_rendering(payload):
    html = render_markdown(payload)
    assert dangers(html) == [], (payload, html)


def test_the_checker_catches_what_it_should():
    assert dangers('<img src=x onerror=alert(1)><a href="javascript:x">y</a><script></script>') == [
        "element img",
        "img[src]",
        "img[onerror]",
        "href javascript:x",
        "element script",
    ]


def test_ordinary_markdown_keeps_its_structure():
    html = render_markdown("# Rubrik\n\nText med **fet** och [länk](https://example.invalid).\n\n- ett\n- två")
    assert "<h3>Rubrik</h3>" in html and "<strong>fet</strong>" in html and "<li>ett</li>" in html
    assert 'href="https://example.invalid"' in html and 'rel="noopener noreferrer"' in html


@pytest.mark.django_db
def test_sections_are_sanitised_on_save(area, nag):
    rec = services.recommendation_create(
        subject_area=area,
        owning_group=nag,
        title="Exempel",
        sections={SectionKind.TREATMENT: "Exempeltext <script>alert(1)</script> [x](javascript:alert(1))"},
    )
    section = rec.versions.get().sections.get()
    assert dangers(section.body_html) == []
    assert "<script" not in section.body_html and 'href="javascript:' not in section.body_html
    assert "<script>" in section.body_markdown  # the source is kept; only sanitised HTML is shown


def test_the_diff_marks_changes_and_escapes_everything():
    rows = diff_text("Ge <b>paracetamol</b>.\nOförändrad rad.", "Ge <script>ibuprofen</script>.\nOförändrad rad.")
    changed = [r for r in rows if r.changed]
    assert len(changed) == 1
    assert "<del>" in changed[0].left and "<ins>" in changed[0].right
    assert "<script" not in changed[0].right and "&lt;" in changed[0].right and "ibuprofen" in changed[0].right
    assert "<b>" not in changed[0].left
    assert not rows[1].changed
