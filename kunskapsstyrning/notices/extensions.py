"""The calendar section of Mina uppdrag, through the structure's registry."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kunskapsstyrning.organisation.registry import DataSection, Panel, Pseudonymiser, registry

from .models import CalendarFeed, Digest, Notice, Preference


def _calendar_panel(request, person) -> dict:
    feed = CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).first()
    if feed is None:
        return {"feed_url": None}
    url = request.build_absolute_uri(reverse("notices:calendar_feed", args=[feed.token]))
    # webcal: makes the operating system offer to subscribe in the person's calendar program.
    return {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}


registry.add_personal_panel(Panel(template_name="notices/_personal_panel.html", context=_calendar_panel, order=20))


def _personal_data(person) -> list[DataSection]:
    """The person's calendar addresses (their secret keys included: they are the person's own,
    and the same addresses Mina uppdrag shows), for the registerutdrag."""
    rows = [
        {"token": f.token, "created_at": f.created_at, "revoked_at": f.revoked_at, "active": f.revoked_at is None}
        for f in CalendarFeed.objects.filter(person=person).order_by("created_at", "pk")
    ]
    columns = {
        "token": _("Hemlig nyckel"),
        "created_at": _("Skapad"),
        "revoked_at": _("Återkallad"),
        "active": _("Aktiv"),
    }
    notices = [
        {
            "title": n.title,
            "kind": n.kind,
            "deadline": n.deadline,
            "created_at": n.created_at,
            "read_at": n.read_at,
            "email_status": n.email_status,
            "sent_at": n.sent_at,
        }
        for n in Notice.objects.filter(person=person).order_by("created_at", "pk")
    ]
    notice_columns = {
        "title": _("Rubrik"),
        "kind": _("Slag"),
        "deadline": _("Tidpunkt"),
        "created_at": _("Beslutad"),
        "read_at": _("Läst"),
        "email_status": _("E-post"),
        "sent_at": _("Skickad"),
    }
    preferences = [
        {"kind": p.kind, "delivery": p.delivery} for p in Preference.objects.filter(person=person).order_by("kind")
    ]
    return [
        DataSection("calendar_feeds", _("Kalenderadresser"), columns, rows),
        DataSection("notices", _("Notiser och påminnelser"), notice_columns, notices),
        DataSection(
            "notice_preferences", _("Val för påminnelser"), {"kind": _("Slag"), "delivery": _("Leverans")}, preferences
        ),
    ]


registry.personal_data.append(_personal_data)
# A pseudonymised person's calendar addresses are deleted: a token is a way in, not history.
registry.pseudonymisers.append(Pseudonymiser(model=CalendarFeed, replacements={"token": ""}, delete=True))
# Their notices, digests and choices go too: titles name people and groups, and a reminder to
# someone who has left every group has no use. Notices to *others* that name the person (a process
# leader's "the mandate of … ends", "the nomination of … is accepted") keep their row, with the
# placeholder for the name in the title.
registry.pseudonymisers.append(Pseudonymiser(model=Notice, replacements={}, delete=True, names_in=("title",)))
for _model in (Digest, Preference):
    registry.pseudonymisers.append(Pseudonymiser(model=_model, replacements={}, delete=True))
