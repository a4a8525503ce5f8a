"""The calendar section of Mina uppdrag, through the structure's registry."""

from django.urls import reverse

from kunskapsstyrning.organisation.registry import Panel, registry

from .models import CalendarFeed


def _calendar_panel(request, person) -> dict:
    feed = CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).first()
    if feed is None:
        return {"feed_url": None}
    url = request.build_absolute_uri(reverse("notices:calendar_feed", args=[feed.token]))
    # webcal: makes the operating system offer to subscribe in the person's calendar program.
    return {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}


registry.add_personal_panel(Panel(template_name="notices/_personal_panel.html", context=_calendar_panel, order=20))
