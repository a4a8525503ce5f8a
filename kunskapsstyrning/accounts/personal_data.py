"""The registerutdrag: everything the portal holds about one person, from every app.

The structure's own data (the person record, memberships, their roster history) and the audit
log are collected here; the apps above register their sections in
organisation.registry.personal_data (see DataSection there). The audit part is generic: every
pghistory event of the person's row, and of every row whose `person` field is the person, in
any app, so a new app's audited models are covered without code here.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kunskapsstyrning.organisation.models import Membership, Person, RosterChange
from kunskapsstyrning.organisation.registry import DataSection, registry


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def person_section(person: Person) -> list[DataSection]:
    account = person.user
    rows = [
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "title": person.title,
            "employer": person.employer,
            "gender": person.get_gender_display(),
            "email": person.email,
            "phone": person.phone,
            "username": account.get_username() if account else "",
            "last_login": _value(account.last_login) if account else None,
        }
    ]
    columns = {
        "first_name": _("Förnamn"),
        "last_name": _("Efternamn"),
        "title": _("Titel"),
        "employer": _("Arbetsgivare"),
        "gender": _("Kön"),
        "email": _("E-post"),
        "phone": _("Telefon"),
        "username": _("Användarnamn"),
        "last_login": _("Senaste inloggning"),
    }
    return [DataSection("person", _("Personuppgifter"), columns, rows)]


def membership_sections(person: Person) -> list[DataSection]:
    memberships = list(
        Membership.objects.filter(person=person)
        .select_related(
            "group",
            "represents_healthcare_region",
            "represents_region",
            "represents_municipality",
            "represents_organisation",
        )
        .order_by("start_date", "pk")
    )
    rows = [
        {
            "group": m.group.name,
            "role": m.get_role_display(),
            "represents": str(m.represents) if m.represents else "",
            "start_date": _value(m.start_date),
            "end_date": _value(m.end_date),
            "note": m.note,
        }
        for m in memberships
    ]
    history = RosterChange.objects.filter(membership__person=person).select_related("group").order_by("at", "pk")
    changes = [
        {"at": _value(c.at), "group": c.group.name, "action": c.get_action_display(), "summary": c.summary}
        for c in history
    ]
    return [
        DataSection(
            "memberships",
            _("Uppdrag"),
            {
                "group": _("Grupp"),
                "role": _("Roll"),
                "represents": _("Företräder"),
                "start_date": _("Från"),
                "end_date": _("Till"),
                "note": _("Anmärkning"),
            },
            rows,
        ),
        DataSection(
            "membership_history",
            _("Historik för uppdragen"),
            {"at": _("Tidpunkt"), "group": _("Grupp"), "action": _("Åtgärd"), "summary": _("Ändring")},
            changes,
        ),
    ]


def audited_models() -> list[tuple[type, type]]:
    """(tracked model, its pghistory event model) pairs of every app that names a person."""
    from pghistory.models import Event

    pairs = []
    for model in apps.get_models():
        if issubclass(model, Event):
            tracked = model.pgh_tracked_model
            if tracked is Person or any(
                getattr(f, "related_model", None) is Person and f.name == "person" for f in tracked._meta.fields
            ):
                pairs.append((tracked, model))
    return pairs


def events_of(person: Person, event_model) -> Q:
    return Q(pgh_obj_id=person.pk) if event_model.pgh_tracked_model is Person else Q(person_id=person.pk)


def audit_section(person: Person) -> list[DataSection]:
    rows = []
    for tracked, event_model in audited_models():
        skip = {"pgh_id", "pgh_obj", "pgh_context", "pgh_created_at", "pgh_label"}
        fields = [f for f in event_model._meta.concrete_fields if f.name not in skip]
        for event in event_model.objects.filter(events_of(person, event_model)).order_by("pgh_created_at", "pgh_id"):
            data = {
                f.verbose_name.capitalize() if f.verbose_name else f.name: _value(f.value_from_object(event))
                for f in fields
            }
            rows.append(
                {
                    "at": _value(event.pgh_created_at),
                    "table": str(tracked._meta.verbose_name),
                    "event": event.pgh_label,
                    "data": json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder),
                }
            )
    rows.sort(key=lambda r: r["at"])
    return [
        DataSection(
            "audit_log",
            _("Granskningslogg"),
            {"at": _("Tidpunkt"), "table": _("Uppgift"), "event": _("Händelse"), "data": _("Sparade värden")},
            rows,
        )
    ]


def collect(person: Person) -> list[DataSection]:
    """Every section, in the site language (the copy is a document, not a page)."""
    with translation.override(settings.LANGUAGE_CODE):
        sections = person_section(person) + membership_sections(person)
        for provider in registry.personal_data:
            sections.extend(provider(person))
        sections.extend(audit_section(person))
    return sections


def as_json(person: Person, sections: list[DataSection]) -> str:
    document = {
        "registerutdrag": {
            "portal": "Kunskapsstyrningsportalen",
            "created": _value(timezone.now()),
            "person_id": person.pk,
        },
        **{s.key: [{k: _value(v) for k, v in row.items()} for row in s.rows] for s in sections},
    }
    return json.dumps(document, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)


def printable(sections: list[DataSection]) -> list[tuple[str, list[list[tuple[str, Any]]]]]:
    """For the PDF: per section, its records as (heading, value) pairs in column order."""
    return [
        (s.title, [[(label, _value(row.get(key))) for key, label in s.columns.items()] for row in s.rows])
        for s in sections
    ]
