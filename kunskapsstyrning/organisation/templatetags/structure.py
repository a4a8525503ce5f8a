"""Small tags for names and hosts, used inside long loops, and the markup functions behind them.

They replace {% include %} of tiny templates: an include per row costs a template render, which
made the directory's rendering grow ten times slower than its queries at ten times the data.
The functions (`person_html`, `people_html`, `host_html`) are also called by views that build a
long table's cells once, in Python, instead of a dozen template nodes per row: every value they
put into markup is escaped, so their result is safe.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

#: The demo badge per language: two translations per badge, on every row of a long list, added up.
_BADGES: dict[str | None, str] = {}


def demo_badge() -> str:
    language = get_language()
    if (badge := _BADGES.get(language)) is None:
        badge = _BADGES[language] = '<span class="badge demo" title="{}">{}</span>'.format(
            escape(_("Påhittad person för demonstration")), escape(_("Demo"))
        )
    return badge


def person_html(person, show_contact: bool = False) -> SafeString:
    """A person's name, a Demo badge for fictitious people, and a mail link when allowed.

    `person` is a Person or anything with full_name, is_demo and email (selectors.NamedPerson)."""
    html = escape(person.full_name)
    if person.is_demo:
        html += " " + demo_badge()
    if show_contact and person.email:
        email = escape(person.email)
        html += f' <a href="mailto:{email}" class="contact">{email}</a>'
    return mark_safe(f'<span class="person">{html}</span>')  # noqa: S308  (every part escaped)


def people_html(people, show_contact: bool = False, separator: str = ", ") -> SafeString:
    """Several people, as `person_html`, joined by `separator` ("" when there are none)."""
    return mark_safe(separator.join(person_html(p, show_contact) for p in people))  # noqa: S308


def host_html(name: str, url: str | None) -> SafeString:
    """A host: a link for a sjukvårdsregion (its page's `url`), plain text for an organisation."""
    if url:
        return mark_safe(f'<a href="{escape(url)}">{escape(name)}</a>')  # noqa: S308
    return escape(name)


@register.simple_tag
def person_name(person, show_contact=False):
    """A person's name, a Demo badge for fictitious people, and a mail link when allowed."""
    return person_html(person, show_contact)


@register.simple_tag
def host_link(hosting):
    """The host of a hosting: a link for a sjukvårdsregion, plain text for an organisation."""
    if hosting is None:
        return ""
    if hosting.healthcare_region_id:
        region = hosting.healthcare_region
        return host_html(region.name, region.get_absolute_url())
    return escape(str(hosting.organisation))
