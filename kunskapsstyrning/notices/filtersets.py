"""The staff page's filters, shared by the HTML list and its CSV export."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import kinds
from .choices import EmailStatus
from .models import Notice


def _kind_choices():
    return [(k.name, k.label) for k in kinds.all_kinds()]


class NoticeFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Slag"), choices=_kind_choices, empty_label=_("Alla slag"))
    email_status = django_filters.ChoiceFilter(
        label=_("E-poststatus"), choices=EmailStatus.choices, empty_label=_("Alla")
    )
    q = django_filters.CharFilter(label=_("Mottagare eller rubrik"), method="search")
    since = django_filters.DateFilter(label=_("Beslutad från"), field_name="created_at__date", lookup_expr="gte")
    until = django_filters.DateFilter(
        label=_("Beslutad till och med"), field_name="created_at__date", lookup_expr="lte"
    )

    class Meta:
        model = Notice
        fields = ("kind", "email_status")

    def search(self, queryset, name, value):
        q = Q(title__icontains=value)
        for word in value.split():
            q |= Q(person__first_name__icontains=word) | Q(person__last_name__icontains=word)
        return queryset.filter(q)
