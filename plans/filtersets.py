"""Filters of the national overview of initiatives, shared by the page and its exports."""

import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.models import Group
from kunskapsstyrning.organisation.ordering import swedish

from .choices import PLANNING_KINDS, InitiativeKind, InitiativeStatus, PlanState
from .models import Initiative

SORTS = {
    "grupp": (swedish("plan__group__name"), "plan__year", "position"),
    "rubrik": ("title",),
    "typ": ("kind", "title"),
    "status": ("status", "title"),
    "ar": ("-plan__year", swedish("plan__group__name"), "position"),
}


def _planning_groups(request):
    return Group.objects.filter(kind__in=PLANNING_KINDS).only("pk", "name", "slug").order_by(swedish("name"))


class PlainSelect(forms.Select):
    """A select with the markup of Django's template, written in Python: the template renders
    one included template per option, and the group filter has one option per planning group
    (hundreds at ten times the real volume, most of the overview's time)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)


class InitiativeFilterSet(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(field_name="plan__year", label=_("År"), empty_label=_("Alla år"), choices=())
    group = django_filters.ModelChoiceFilter(
        field_name="plan__group",
        queryset=_planning_groups,
        to_field_name="slug",
        label=_("Grupp"),
        empty_label=_("Alla grupper"),
        widget=PlainSelect,
    )
    kind = django_filters.ChoiceFilter(choices=InitiativeKind.choices, label=_("Typ"), empty_label=_("Alla typer"))
    status = django_filters.ChoiceFilter(
        choices=InitiativeStatus.choices, label=_("Status"), empty_label=_("Alla statusar")
    )
    plan_state = django_filters.ChoiceFilter(
        field_name="plan__state", choices=PlanState.choices, label=_("Planens status"), empty_label=_("Alla planer")
    )
    q = django_filters.CharFilter(method="search", label=_("Sök i rubrik och beskrivning"))
    sort = django_filters.ChoiceFilter(
        method="sort_by",
        label=_("Sortera efter"),
        empty_label=None,
        choices=[
            ("grupp", _("Grupp")),
            ("rubrik", _("Rubrik")),
            ("typ", _("Typ")),
            ("status", _("Status")),
            ("ar", _("År")),
        ],
    )

    class Meta:
        model = Initiative
        fields = ("year", "group", "kind", "status", "plan_state", "q", "sort")

    def __init__(self, data=None, *args, years=(), **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in years]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["grupp"]), "pk")
