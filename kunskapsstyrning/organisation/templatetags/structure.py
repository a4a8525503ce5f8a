"""Small tags for names and hosts, used inside long loops.

They replace {% include %} of tiny templates: an include per row costs a template render, which
made the directory's rendering grow ten times slower than its queries at ten times the data.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def person_name(person, show_contact=False):
    """A person's name, a Demo badge for fictitious people, and a mail link when allowed."""
    html = format_html("{}", person.full_name)
    if person.is_demo:
        html = format_html(
            '{} <span class="badge demo" title="{}">{}</span>',
            html,
            _("Påhittad person för demonstration"),
            _("Demo"),
        )
    if show_contact and person.email:
        html = format_html('{} <a href="mailto:{}" class="contact">{}</a>', html, person.email, person.email)
    return format_html('<span class="person">{}</span>', html)


@register.simple_tag
def host_link(hosting):
    """The host of a hosting: a link for a sjukvårdsregion, plain text for an organisation."""
    if hosting is None:
        return ""
    if hosting.healthcare_region_id:
        region = hosting.healthcare_region
        return format_html('<a href="{}">{}</a>', region.get_absolute_url(), region.name)
    return format_html("{}", hosting.organisation)
