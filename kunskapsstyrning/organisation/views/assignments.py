"""Mina uppdrag: a member's assignments across every kind of group, and a private calendar feed."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from ..ical import AllDayEvent, calendar
from ..models import CalendarFeed, Membership
from ..models.periods import is_active, today
from ..selectors import person_assignments


class MyAssignmentsView(LoginRequiredMixin, TemplateView):
    template_name = "organisation/my_assignments.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = getattr(self.request.user, "person", None)
        on = today()
        current, upcoming, past = [], [], []
        if person is not None:
            for membership in person_assignments(person, on=on):
                if is_active(membership, on):
                    current.append(membership)
                elif membership.start_date > on:
                    upcoming.append(membership)
                else:
                    past.append(membership)
        feed = CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).first() if person else None
        context.update(
            person=person,
            current=current,
            upcoming=upcoming,
            past=past,
            feed_url=self.request.build_absolute_uri(reverse("organisation:calendar_feed", args=[feed.token]))
            if feed
            else None,
        )
        return context


class CalendarFeedManageView(LoginRequiredMixin, View):
    """POST: create a new feed URL (revoking any old one) or revoke the current one."""

    def post(self, request):
        person = getattr(request.user, "person", None)
        if person is None:
            raise Http404
        with transaction.atomic():
            CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=timezone.now())
            if request.POST.get("action") == "create":
                CalendarFeed.objects.create(person=person)
                messages.success(request, _("En ny kalenderadress är skapad. Den gamla slutar fungera."))
            else:
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
