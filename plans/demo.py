"""Demo activity plans for the real groups, loaded by `manage.py load_demo` (idempotent).

Every title starts with "Demo:" and every description says it is an invented example: the
texts show what a plan looks like and are not the groups' real plans, nor clinical advice.
Last year's plans are approved by SKS, this year's partly approved, partly drafts, and one has
a revision under way.
"""

import datetime

from django.db import transaction

from kunskapsstyrning.organisation.models import Group
from kunskapsstyrning.organisation.models.periods import today

from . import services
from .choices import InitiativeKind as K
from .choices import InitiativeStatus as S
from .models import PlanYear

DEMO_NOTE = "Påhittat exempel för demonstration av portalen; inte gruppens verkliga plan."

#: slug → (title, kind) pairs. The subjects echo the kind of work the sources name (child
#: obesity, food-allergy routines, assessing cognitive decline), not decisions of the groups.
DEMO_INITIATIVES: dict[str, list[tuple[str, str]]] = {
    "npo-barn-och-ungdomars-halsa": [
        ("Förebyggande och behandling av fetma hos barn", K.KNOWLEDGE_SUPPORT),
        ("Rutiner vid födoämnesallergi i förskola och skola", K.KNOWLEDGE_SUPPORT),
        ("Uppföljning av barnhälsovårdens besöksprogram", K.FOLLOW_UP),
    ],
    "npo-aldres-halsa-och-palliativ-vard": [
        ("Utredning av kognitiv svikt i primärvården", K.CARE_PATHWAY),
        ("Läkemedelsgenomgångar för äldre", K.KNOWLEDGE_SUPPORT),
    ],
    "npo-hjart-och-karlsjukdomar": [
        ("Vidareutveckling av vårdförloppet hjärtsvikt", K.CARE_PATHWAY),
        ("Indikatorer för kritisk benischemi", K.FOLLOW_UP),
        ("Utbildningsdag om sekundärprevention", K.COMPETENCE),
    ],
    "npo-nervsystemets-sjukdomar": [
        ("Revidering av vårdförloppet stroke och TIA", K.CARE_PATHWAY),
        ("Ordnat införande av ny behandling vid migrän", K.ORDERED_INTRODUCTION),
    ],
    "npo-lung-och-allergisjukdomar": [
        ("Kunskapsstöd om astma hos vuxna", K.KNOWLEDGE_SUPPORT),
        ("Uppföljning av vårdförloppet KOL", K.FOLLOW_UP),
    ],
    "npo-njur-och-urinvagssjukdomar": [("Revidering av nationellt vårdprogram kronisk njursjukdom", K.CARE_PROGRAMME)],
    "npo-rorelseorganens-sjukdomar": [
        ("Vårdprogram för distal radiusfraktur, revidering", K.CARE_PROGRAMME),
        ("Kunskapsstöd om ländryggsbesvär", K.KNOWLEDGE_SUPPORT),
    ],
    "npo-psykisk-halsa": [
        ("Vård- och insatsprogram om självskadebeteende, uppdatering", K.CARE_PROGRAMME),
        ("Kompetensstöd om ADHD för primärvården", K.COMPETENCE),
    ],
    "npo-levnadsvanor": [("Stöd för samtal om levnadsvanor", K.KNOWLEDGE_SUPPORT)],
    "npo-tandvard": [("Kartläggning av tandvård för äldre i särskilt boende", K.OTHER)],
    "nsg-kvalitetsregister": [("Samordning av registerdata till vårdförloppens indikatorer", K.FOLLOW_UP)],
    "nsg-uppfoljning-och-analys": [("Analys av omotiverad variation mellan regionerna", K.FOLLOW_UP)],
    "nsg-metoder-for-kunskapsstod": [("Mallar och metodstöd för kunskapsstöd", K.OTHER)],
    "nsg-patientsakerhet": [("Verktyg för NPO:ernas patientsäkerhetsarbete", K.OTHER)],
}

#: Which groups co-operate on an initiative (by slug), for a few of them.
COOPERATION = {
    "Förebyggande och behandling av fetma hos barn": ["npo-levnadsvanor"],
    "Utredning av kognitiv svikt i primärvården": ["npo-nervsystemets-sjukdomar"],
    "Samordning av registerdata till vårdförloppens indikatorer": ["nsg-uppfoljning-och-analys"],
}

STATUS_CYCLE = (S.ONGOING, S.PLANNED, S.DONE, S.PLANNED, S.ONGOING)


@transaction.atomic
def load_demo_plans() -> None:
    this_year = today().year
    groups = {g.slug: g for g in Group.objects.filter(slug__in=DEMO_INITIATIVES)}
    if PlanYear.objects.filter(group__in=groups.values()).exists():
        return
    for n, (slug, items) in enumerate(DEMO_INITIATIVES.items()):
        group = groups.get(slug)
        if group is None:  # a renamed or missing group: leave it out
            continue
        _plan(group, this_year - 1, items, approve_on=datetime.date(this_year - 2, 12, 10), status=S.DONE)
        plan = _plan(group, this_year, items, approve_on=datetime.date(this_year - 1, 12, 9) if n % 3 else None)
        if n == 1:  # one revision under way, so the revision history has something to show
            revision = services.plan_revise(
                plan=plan, change_note="Demo: en insats tillkommer efter halvårsavstämning."
            )
            services.initiative_create(
                plan=revision,
                title="Demo: Kompletterande kartläggning inför revidering",
                kind=K.OTHER,
                description=f"Demotext. {DEMO_NOTE}",
            )


def _plan(group: Group, year: int, items, *, approve_on: datetime.date | None, status: str | None = None) -> PlanYear:
    plan = services.plan_create(group=group, year=year)
    cooperating = {g.slug: g for g in Group.objects.filter(slug__in={s for v in COOPERATION.values() for s in v})}
    for i, (title, kind) in enumerate(items):
        services.initiative_create(
            plan=plan,
            title=f"Demo: {title}",
            kind=kind,
            status=status or STATUS_CYCLE[i % len(STATUS_CYCLE)],
            description=f"Demotext om insatsens syfte och leverans. {DEMO_NOTE}",
            cooperating_groups=[cooperating[s] for s in COOPERATION.get(title, []) if s in cooperating],
        )
    if approve_on is not None:
        services.plan_submit(plan=plan)
        plan = services.plan_approve(plan=plan, decided_on=approve_on, decision_reference="Demo: SKS protokoll")
    return plan
