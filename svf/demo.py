"""Demo vårdförlopp, loaded by `manage.py load_demo` (idempotent).

The ten vårdförlopp SKS chose in 2019, each with its NPO and the NAG the structure loads for it,
carried through the real services: most are published under the names approved later
(”Hjärtsvikt – nydebuterad”, ”Stroke och TIA” …), one is under revision, one is being reworked
after its remiss, and KOL is on remiss now with a few answers from regions.

Dates of decisions and rounds before today are invented for the demonstration. Every text is
marked as example text: it shows the structure of a vårdförlopp (flow, action table, sections)
and says nothing clinical.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.models import Group, Region
from kunskapsstyrning.organisation.models.periods import today
from nkk.consultations import services as consultations
from nkk.consultations.choices import Position
from nkk.consultations.models import ConsultationRound

from . import services
from .choices import SectionKind
from .models import CarePathway

EXAMPLE = "*Exempeltext (demo): påhittad för att visa hur ett vårdförlopp är uppbyggt. Inte ett kliniskt råd.*"

#: (name SKS chose in 2019, responsible NPO, approved name or None, what the demo does with it)
PATHWAYS = [
    ("Hjärtsvikt", "Hjärt- och kärlsjukdomar", "Hjärtsvikt – nydebuterad", "published"),
    ("Kritisk ischemi", "Hjärt- och kärlsjukdomar", "Kritisk benischemi", "published"),
    ("Reumatoid artrit", "Reumatiska sjukdomar", "Etablerad reumatoid artrit", "published"),
    ("Schizofreni", "Psykisk hälsa", "Schizofreni – förstagångsinsjuknande", "published"),
    ("Stroke", "Nervsystemets sjukdomar", "Stroke och TIA", "published"),
    ("Höftartros", "Rörelseorganens sjukdomar", "Höftledsartros – primärvård", "published"),
    ("KOL", "Lung- och allergisjukdomar", None, "consultation"),
    ("Osteoporos", "Endokrina sjukdomar", "Osteoporos – sekundärprevention efter fraktur", "revising"),
    ("Sepsis", "Infektionssjukdomar", None, "rework"),
    (
        "Kognitiv svikt/demens",
        "Äldres hälsa och palliativ vård",
        "Kognitiv svikt vid misstänkt demenssjukdom",
        "published",
    ),
]

STEPS = [
    ("Ingång i vårdförloppet", "Vården identifierar personen enligt ingångskriterierna.", "Personen söker vård."),
    ("Bedömning", "Vården gör en samlad bedömning och dokumenterar den.", "Personen berättar om sina behov."),
    ("Gemensam plan", "Vården och personen gör en individuell plan tillsammans.", "Personen deltar i planeringen."),
    ("Uppföljning", "Vården följer upp planen vid överenskommen tidpunkt.", "Personen meddelar förändringar."),
]

#: A few answers to the round in progress: (region, position, text, [(section, comment)]).
ANSWERS = [
    ("Norrbotten", Position.SUPPORTS, "Demo: vi tillstyrker förslaget.", []),
    (
        "Skåne",
        Position.SUPPORTS_WITH_COMMENTS,
        "Demo: vi tillstyrker med synpunkter.",
        [("Steg B", "Demo: förtydliga vem som ansvarar för bedömningen i steg B.")],
    ),
    (
        "Gotland",
        Position.SUPPORTS_WITH_COMMENTS,
        "Demo: vi tillstyrker med en synpunkt på konsekvensbeskrivningen.",
        [("Konsekvensbeskrivning", "Demo: beskriv administrationen för små regioner.")],
    ),
]


def _content(name: str) -> dict:
    return {
        "sections": {
            SectionKind.SCOPE: f"{EXAMPLE}\n\nVårdförloppet {name} omfattar i exemplet de steg som flödet visar.",
            SectionKind.ENTRY_EXIT: f"{EXAMPLE}\n\n- Ingång: exempelkriterium.\n- Utgång: exempelkriterium.",
            SectionKind.PATIENT_CONTRACT: f"{EXAMPLE}\n\nPersonen och vården gör en individuell plan.",
            SectionKind.CROWDING_OUT: f"{EXAMPLE}\n\nExempel på hur undanträngning beskrivs.",
            SectionKind.COSTS: f"{EXAMPLE}\n\nExempel på hur kostnader beskrivs.",
            SectionKind.ADMINISTRATION: f"{EXAMPLE}\n\nExempel på hur administrationen beskrivs.",
        },
        "steps": [(title, f"{EXAMPLE}\n\n{care}", f"{EXAMPLE}\n\n{patient}") for title, care, patient in STEPS],
    }


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _remiss(pathway, opens_on, closes_on, *, on=None):
    services.transition(
        pathway=pathway,
        action="send_to_consultation",
        opens_on=opens_on,
        closes_on=closes_on,
        description="Demo: öppen remiss av vårdförloppet (påhittat exempel).",
        on=on,
    )


@transaction.atomic
def load_demo_pathways() -> None:
    groups = {g.name: g for g in Group.objects.filter(kind__in=[GroupKind.NPO, GroupKind.NAG])}
    on = today()
    for index, (name, npo_name, approved, plan) in enumerate(PATHWAYS):
        if CarePathway.objects.filter(slug=slugify(name)).exists():
            continue
        npo = groups.get(npo_name)
        pathway = services.pathway_create(
            name=name,
            working_group=groups.get(f"NAG vårdförlopp {name}"),
            responsible_npos=[npo] if npo else [],
            diagnosis_area=name,
            definition="Demo: en av de tio vårdförlopp som SKS valde 2019. Datum och texter är påhittade exempel.",
            is_demo=True,
        )
        services.version_update(version=services.open_version(pathway), **_content(name))
        if pathway.working_group is None:
            continue
        if plan == "consultation":
            _remiss(pathway, on - datetime.timedelta(days=14), on + datetime.timedelta(days=21))
            _answer(pathway)
            continue
        # The first remiss: 27 January – 6 March 2020, as the newsletter's example.
        _remiss(pathway, datetime.date(2020, 1, 27), datetime.date(2020, 3, 6), on=datetime.date(2020, 1, 20))
        services.transition(pathway=pathway, action="end_consultation", on=datetime.date(2020, 3, 20))
        if plan == "rework":
            continue
        version = services.open_version(pathway)
        services.version_update(version=version, title=approved, change_note="Demo: bearbetad efter remissen.")
        decided = datetime.date(2021, 3, 1) + datetime.timedelta(days=14 * index)
        services.transition(pathway=pathway, action="decide", decided_on=decided, on=decided)
        services.transition(pathway=pathway, action="publish", now=_at(decided + datetime.timedelta(days=30)))
        if plan == "revising":
            services.transition(pathway=CarePathway.objects.get(pk=pathway.pk), action="start_revision")


def _answer(pathway) -> None:
    round_ = ConsultationRound.objects.for_subject(pathway.versions.order_by("-number").first()).get()
    regions = {r.name: r for r in Region.objects.all()}
    for region_name, position, text, comments in ANSWERS:
        region = regions.get(region_name)
        recipient = round_.recipients.filter(region=region).first() if region else None
        if recipient is not None:
            consultations.answer_submit(recipient=recipient, position=position, text=text, comments=comments)
