"""Site-wide pages: the start page, a health check and the log-in lockout page."""

import zoneinfo
from datetime import timedelta

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.generic import TemplateView

from .organisation.choices import GroupKind
from .organisation.models import Group, HealthcareRegion, Region

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict.fromkeys((GroupKind.NPO, GroupKind.NSG, GroupKind.NAG), 0)
        for kind in Group.objects.active().filter(kind__in=counts).values_list("kind", flat=True):
            counts[kind] += 1
        context.update(
            npo_count=counts[GroupKind.NPO],
            nsg_count=counts[GroupKind.NSG],
            nag_count=counts[GroupKind.NAG],
            healthcare_region_count=HealthcareRegion.objects.count(),
            region_count=Region.objects.count(),
        )
        return context


def health(request):
    """Liveness for the container: answers only when the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def lockout(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out log-in: a Swedish page that says when to try again.

    The lock lifts a cool-off after the last counted failure (attempts refused while locked are
    not counted), shown in Stockholm time.
    """
    username = get_client_username(request, credentials) or ""
    last = AccessAttempt.objects.filter(username=username).aggregate(last=Max("attempt_time"))["last"]
    cool_off = get_cool_off(request) or timedelta(0)
    until = timezone.localtime((last or timezone.now()) + cool_off, STOCKHOLM)
    return render(
        request,
        "registration/lockout.html",
        {"until": until, "minutes": int(cool_off.total_seconds() // 60)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
