"""Pages of notices: the private calendar feed, Notiser, the e-mail preferences, Min sida and
the support function's reminder overview."""

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from kunskapsstyrning.organisation.models import Membership
from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.organisation.pagination import page_links, without
from kunskapsstyrning.organisation.permissions import is_support_staff
from kunskapsstyrning.organisation.rosterfiles import csv_bytes, neutralise

from . import kinds, selectors, services, tasks
from .choices import Delivery, EmailStatus
from .filtersets import NoticeFilterSet
from .ical import AllDayEvent, calendar
from .models import CalendarFeed, Notice, Preference
from .permissions import VIEW_REMINDERS


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


# --- Notiser, preferences, Min sida and the staff page ---------------------------------------


def _person_or_404(request):
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404
    return person


class NoticeListView(LoginRequiredMixin, ListView):
    """Notiser: the person's reminders, unread first."""

    template_name = "notices/notice_list.html"
    paginate_by = 25

    def get_queryset(self):
        person = getattr(self.request.user, "person", None)
        return selectors.notices_of(person) if person else Notice.objects.none()


class NoticeReadView(LoginRequiredMixin, View):
    """POST: mark one notice (pk) or all the person's notices read."""

    def post(self, request, pk: int | None = None):
        person = _person_or_404(request)
        count = services.notices_mark_read(person=person, ids=None if pk is None else [pk])
        if pk is not None and not count and not Notice.objects.filter(pk=pk, person=person).exists():
            raise Http404
        messages.success(request, _("Markerad som läst.") if pk else _("Alla notiser är markerade som lästa."))
        return redirect("notices:list")


class PreferencesView(LoginRequiredMixin, View):
    """Per kind: immediately, a daily digest, or off where the kind allows it."""

    template_name = "notices/preferences.html"

    def _rows(self, person, chosen: dict[str, str] | None = None):
        saved = dict(Preference.objects.filter(person=person).values_list("kind", "delivery"))
        rows = []
        for kind in kinds.all_kinds():
            options = [(v, label) for v, label in Delivery.choices if v != Delivery.OFF or kind.allow_off]
            current = (chosen or {}).get(kind.name) or saved.get(kind.name, Delivery.IMMEDIATELY)
            rows.append({"kind": kind, "options": options, "current": current})
        return rows

    def get(self, request):
        person = _person_or_404(request)
        return render(request, self.template_name, {"rows": self._rows(person)})

    def post(self, request):
        person = _person_or_404(request)
        chosen = {k.name: request.POST.get(f"kind-{k.name}", "") for k in kinds.all_kinds()}
        errors = {}
        with transaction.atomic():
            for name, delivery in chosen.items():
                if not delivery:
                    continue
                try:
                    services.preference_set(person=person, kind=name, delivery=delivery)
                except ValidationError as error:
                    errors[name] = error.messages[0]
            if errors:
                transaction.set_rollback(True)
        if errors:
            return render(
                request, self.template_name, {"rows": self._rows(person, chosen), "errors": errors}, status=400
            )
        messages.success(request, _("Dina val för påminnelser är sparade."))
        return redirect("notices:preferences")


class MyPageView(LoginRequiredMixin, TemplateView):
    """Min sida, where a person lands after logging in: what is theirs to do now (each app adds
    its own through notices.todos) and the newest notices. Support staff see the system-wide list."""

    template_name = "notices/my_page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = getattr(self.request.user, "person", None)
        system = is_support_staff(self.request.user)
        context.update(
            person=person,
            system=system,
            sections=selectors.my_todos(self.request.user, person, today(), system=system) if person or system else [],
            notices=list(selectors.notices_of(person)[:5]) if person else [],
        )
        return context


class ReminderOverviewView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """For the support function: what will go out (to whom, when) and what was decided and sent,
    filtered (NoticeFilterSet), exported as CSV with the same filters, failed ones resent."""

    permission_required = VIEW_REMINDERS
    template_name = "notices/reminder_overview.html"
    paginate_by = 50
    upcoming_days = 30
    upcoming_param = "kommande"  # the coming reminders' page number; "page" is the decided list's

    def get_queryset(self):
        base = Notice.objects.select_related("person").order_by("-created_at", "-pk")
        self.filterset = NoticeFilterSet(self.request.GET or None, queryset=base)
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else base

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        on = today()
        kind = self.filterset.form.cleaned_data.get("kind", "") if self.filterset.is_bound else ""
        # Every coming reminder is listed as a key (kind, object, send day), cheaply; titles and
        # recipients are asked only for the page shown.
        dues, truncated = selectors.upcoming_dues(
            on + datetime.timedelta(days=1), on + datetime.timedelta(days=self.upcoming_days), kind_name=kind or ""
        )
        coming = Paginator(dues, self.paginate_by).get_page(self.request.GET.get(self.upcoming_param))
        context.update(
            filterset=self.filterset,
            page_query=without(self.request.GET, "page", self.upcoming_param).urlencode(),
            pages=page_links(context["page_obj"], without(self.request.GET, "page")),
            upcoming=selectors.upcoming_rows(list(coming)),
            upcoming_page=coming,
            upcoming_pages=page_links(coming, without(self.request.GET, self.upcoming_param), self.upcoming_param),
            upcoming_total=len(dues),
            upcoming_truncated=truncated,
            upcoming_per_kind=selectors.UPCOMING_PER_KIND,
            upcoming_days=self.upcoming_days,
            resendable=(EmailStatus.GIVEN_UP, EmailStatus.RETRYING, EmailStatus.SENT, EmailStatus.CANCELLED),
        )
        return context


class ReminderExportView(ReminderOverviewView):
    def get(self, request, *args, **kwargs):
        with translation.override("sv"):
            rows = [[_("Beslutad"), _("Slag"), _("Mottagare"), _("Rubrik"), _("Tidpunkt"), _("E-poststatus"),
                     _("Försök"), _("Skickad"), _("Senaste fel")]]  # fmt: skip
            labels = {k.name: str(k.label) for k in kinds.all_kinds()}
            for n in self.get_queryset().iterator(chunk_size=2000):
                rows.append(
                    [
                        timezone.localtime(n.created_at).strftime("%Y-%m-%d %H:%M"),
                        labels.get(n.kind, n.kind),
                        n.person.full_name,
                        n.title,
                        n.deadline.isoformat(),
                        n.get_email_status_display(),
                        str(n.attempts),
                        timezone.localtime(n.sent_at).strftime("%Y-%m-%d %H:%M") if n.sent_at else "",
                        n.last_error,
                    ]
                )
        response = HttpResponse(
            csv_bytes([[neutralise(v) for v in row] for row in rows]), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(True, f"paminnelser-{today():%Y-%m-%d}.csv")
        return response


class ReminderResendView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = VIEW_REMINDERS

    def post(self, request, pk: int):
        notice = get_object_or_404(Notice, pk=pk)
        services.notice_resend(notice=notice, by=request.user)
        transaction.on_commit(tasks.send_due.delay)
        messages.success(request, _("Påminnelsen skickas igen."))
        return redirect("notices:reminders")
