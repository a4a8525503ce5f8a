"""The private calendar feed: made and revoked from Mina uppdrag, read by calendar apps."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from kunskapsstyrning.organisation.models import Membership
from kunskapsstyrning.organisation.models.periods import today

from . import services
from .ical import AllDayEvent, calendar
from .models import CalendarFeed


class CalendarFeedManageView(LoginRequiredMixin, View):
    """POST: create a new feed URL (revoking any old one) or revoke the current one."""

    def post(self, request):
        person = getattr(request.user, "person", None)
        if person is None:
            raise Http404
        if request.POST.get("action") == "create":
            services.calendar_feed_renew(person=person)
            messages.success(request, _("En ny kalenderadress är skapad. Den gamla slutar fungera."))
        else:
            services.calendar_feed_revoke(person=person)
            messages.success(request, _("Kalenderadressen är återkallad och slutar fungera direkt."))
        return redirect("organisation:my_assignments")


def calendar_feed(request, token: str):
    """The feed itself: the secret token in the URL is the only credential (calendar apps send
    no cookies), so it is long, random, unique and revocable."""
    feed = CalendarFeed.objects.filter(token=token, revoked_at__isnull=True).select_related("person").first()
    if feed is None:
        raise Http404
    memberships = Membership.objects.filter(person=feed.person, end_date__gte=today()).select_related("group")
    events = [
        AllDayEvent(
            uid=f"mandat-{m.pk}@kunskapsstyrningsportalen",
            day=m.end_date,
            summary=_("Mandatet som %(role)s i %(group)s slutar")
            % {"role": m.get_role_display().lower(), "group": m.group},
            url=request.build_absolute_uri(m.group.get_absolute_url()),
        )
        for m in memberships
    ]
    body = calendar(_("Mina uppdrag – %(name)s") % {"name": feed.person.full_name}, events)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=3600"
    return response
