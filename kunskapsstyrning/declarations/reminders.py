"""Reminders and to-dos of declarations of interest, registered with notices' kind registry:
a declaration about to expire (30 and 7 days before), and a member with no current declaration."""

import datetime

from django.db.models import Exists, Max, Min, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kunskapsstyrning.notices import kinds, todos
from kunskapsstyrning.notices.kinds import Due
from kunskapsstyrning.organisation.models import Membership, Person
from kunskapsstyrning.organisation.models.periods import active_on, today

from .choices import DECLARATION_VALID_DAYS
from .models import InterestDeclaration

VALID = datetime.timedelta(days=DECLARATION_VALID_DAYS)


def _members(on: datetime.date):
    return Membership.objects.filter(active_on(on), person_id=OuterRef("person_id"))


def _newest():
    """Declarations with no later one by the same person."""
    later = InterestDeclaration.objects.filter(
        person_id=OuterRef("person_id"), submitted_on__gt=OuterRef("submitted_on")
    )
    return InterestDeclaration.objects.exclude(Exists(later))


class DeclarationExpiring:
    name = "javsdeklaration_loper_ut"
    label = gettext_lazy("Jävsdeklaration som löper ut")
    default_lead_days = (30, 7)
    allow_off = True

    def due(self, start, end, lead_days):
        for lead in lead_days:
            # valid_until = submitted_on + VALID - 1 day; the deadline is valid_until.
            rows = (
                _newest()
                .filter(Exists(_members(today())))
                .filter(
                    submitted_on__gte=start + datetime.timedelta(days=lead + 1) - VALID,
                    submitted_on__lte=end + datetime.timedelta(days=lead + 1) - VALID,
                )
                .select_related("person")
            )
            for d in rows:
                yield Due(d, str(lead), d.valid_until, d.valid_until - datetime.timedelta(days=lead))

    def recipients(self, objects):
        still = set(
            _newest().filter(Exists(_members(today())), pk__in=[d.pk for d in objects]).values_list("pk", flat=True)
        )
        return {d.pk: {d.person_id} if d.pk in still else set() for d in objects}

    def title(self, obj, due):
        return _("Din jävsdeklaration gäller till och med %(date)s: lämna en ny") % {"date": due.deadline.isoformat()}

    def url(self, obj):
        return reverse("declarations:mine")


def _missing(on: datetime.date):
    """People with a current mandate and no current declaration, with the day it went missing:
    the day after the last one expired, or the start of their earliest current mandate."""
    return (
        Person.objects.filter(Exists(Membership.objects.filter(active_on(on), person_id=OuterRef("pk"))))
        .exclude(Exists(InterestDeclaration.objects.current(on).filter(person_id=OuterRef("pk"))))
        .annotate(
            last_submitted=Max("declarations__submitted_on"),
        )
        .annotate(
            first_start=Min("memberships__start_date"),
        )
    )


class DeclarationMissing:
    name = "javsdeklaration_saknas"
    label = gettext_lazy("Jävsdeklaration saknas")
    default_lead_days = (0,)
    allow_off = True

    def due(self, start, end, lead_days):
        # Only the key and the dates: a list of every member without a declaration can be long,
        # and a reader (the staff page) may stop early.
        rows = _missing(end).only("pk").order_by("pk").iterator(chunk_size=2000)
        for person in rows:
            if person.last_submitted:
                basis = person.last_submitted + VALID
            else:
                basis = person.first_start or end
            # Once per gap: the basis names it; a gap older than the window is reminded now.
            yield Due(person, f"saknas-{basis.isoformat()}", basis, min(max(basis, start), end))

    def recipients(self, objects):
        still = set(_missing(today()).filter(pk__in=[p.pk for p in objects]).values_list("pk", flat=True))
        return {p.pk: {p.pk} if p.pk in still else set() for p in objects}

    def title(self, obj, due):
        return _("Du har ingen aktuell jävsdeklaration: lämna en")

    def url(self, obj):
        return reverse("declarations:mine")


def _my_todos(user, person, on):
    if person is None or not _missing(on).filter(pk=person.pk).exists():
        return []
    return [todos.Todo(_("Lämna din jävsdeklaration"), reverse("declarations:mine"))]


def _system_todos(on):
    count = _missing(on).count()
    if not count:
        return []
    return [
        todos.Todo(
            _("%(count)s personer med aktuellt uppdrag saknar aktuell jävsdeklaration") % {"count": count},
            reverse("organisation:composition_overview"),
        )
    ]


kinds.register(DeclarationExpiring())
kinds.register(DeclarationMissing())
todos.register(todos.TodoSource(gettext_lazy("Jävsdeklaration"), mine=_my_todos, system=_system_todos, order=20))
