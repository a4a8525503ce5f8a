"""The row-level audit log: django-pghistory events written by PostgreSQL triggers.

Every tracked model gets an event table (`<Model>Event`) with a copy of the row on insert,
update and delete, and the request's user and URL as context (HistoryMiddleware). Because the
triggers are in the database, a raw `QuerySet.update()`, a bulk write or a shell session is
recorded as well; the services' own actor fields and RosterChange stay the domain's history.

Personal data: event tables hold copies of people's rows (names, e-mail, phone). Pseudonymisation
and erasure must cover the event tables too, not only the live rows.
"""

import pghistory


def audited(*, exclude_from_update: tuple[str, ...] = ()):
    """`@pghistory.track()` with insert, update and delete events.

    `exclude_from_update` names bookkeeping fields (a version counter) whose change alone is not
    worth an event; the event still stores their value when something else changes.
    """
    update = (
        pghistory.UpdateEvent(condition=pghistory.AnyChange(exclude=list(exclude_from_update), exclude_auto=True))
        if exclude_from_update
        else pghistory.UpdateEvent(condition=pghistory.AnyChange(exclude_auto=True))
    )
    return pghistory.track(pghistory.InsertEvent(), update, pghistory.DeleteEvent())


def audit_context(**metadata):
    """Context (e.g. the management command) stored with every event written inside the block."""
    return pghistory.context(**metadata)


def register_event_admins(site, app_label: str) -> None:
    """Show an app's event tables read-only in the admin (pghistory's EventModelAdmin allows no
    add, change or delete); support staff get the view permission with the app's others."""
    from django.apps import apps
    from pghistory.admin import EventModelAdmin
    from pghistory.models import Event

    for model in apps.get_app_config(app_label).get_models():
        if issubclass(model, Event) and not site.is_registered(model):
            site.register(model, EventModelAdmin)
