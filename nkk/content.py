"""Safe content: Markdown rendered with markdown-it-py and sanitised with nh3, on save.

Raw HTML in the Markdown is not rendered (markdown-it's `html` option off: it is shown as text),
and the rendered HTML is cleaned again with a short allow-list: no script or style, no event
handler or style attribute, links only to http, https and mailto (no javascript:, data: or
vbscript:), no images (a foreign image is a tracking pixel). Pages show only the stored,
sanitised HTML; the diff of two versions works on the Markdown source and escapes it.
"""

import nh3
from markdown_it import MarkdownIt

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
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """The Markdown source as sanitised HTML. Headings start at h3: the page owns h1 and h2."""
    tokens = _markdown.parse(source)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + 2, 6)
            token.tag = f"h{level}"
    return sanitise_html(_markdown.renderer.render(tokens, _markdown.options, {}))
