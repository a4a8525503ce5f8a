"""Demo recommendations: the titles and publishing dates the 2019 newsletter names (seeds), placed
under the NPOs that steer their ämnesområden, with versions under way in every workflow state.

Every text here is marked "Exempeltext – inte ett kliniskt råd" and says nothing clinical. The
placement of a title under an ämnesområde and NPO, the earlier publishing date and the coming
dates are demo choices (noted on the rows), not facts from the sources. Idempotent: a second run
finds the demo ämnesområden and does nothing.
"""

import datetime

from django.db import transaction

from kunskapsstyrning.organisation.models import Group, HealthcareRegion
from kunskapsstyrning.organisation.models.periods import today

from . import services
from .choices import ChangeKind, SectionKind, State
from .models import PublishingDate, Recommendation, SubjectArea

EXAMPLE = "**Exempeltext – inte ett kliniskt råd.** "
NEWSLETTER = "Utskick från kunskapsstyrningssystemet hösten 2019 (seeds)."

#: (ämnesområde, slug, steering NPO slug, responsible sjukvårdsregion slug)
AREAS = [
    ("Barn och ungdomar", "barn-och-ungdomar", "npo-barn-och-ungdomars-halsa", "sydostra"),
    ("Infektioner", "infektioner", "npo-infektionssjukdomar", "stockholm-gotland"),
    ("Rygg och leder", "rygg-och-leder", "npo-rorelseorganens-sjukdomar", "vastra"),
    ("Smärta", "smarta", "npo-rehabilitering-habilitering-och-forsakringsmedicin", "sydostra"),
    ("Hjärta och kärl", "hjarta-och-karl", "npo-hjart-och-karlsjukdomar", "mellansverige"),
]

EARLIER = datetime.date(2018, 5, 15)  # demo: the earlier publication of the renamed and merged titles
AUG, SEP, OCT = datetime.date(2019, 8, 20), datetime.date(2019, 9, 17), datetime.date(2019, 10, 15)


def _sections(title: str) -> dict[str, str]:
    return {
        SectionKind.CARE_LEVEL: EXAMPLE + f"Här beskrivs vårdnivå och remissrutiner för ”{title}” i ett demosyfte.",
        SectionKind.CONDITION: EXAMPLE + "Avsnittet visar hur en beskrivning av hälsotillståndet kan se ut.",
        SectionKind.ASSESSMENT: EXAMPLE + "- Första punkten i en påhittad lista.\n- Andra punkten.",
        SectionKind.TREATMENT: EXAMPLE + "Texten är bara till för att prova portalen.",
        SectionKind.FOLLOW_UP: EXAMPLE + "Uppföljningen beskrivs inte här.",
    }


def _date(day: datetime.date, note: str) -> PublishingDate:
    return PublishingDate.objects.get_or_create(date=day, defaults={"note": note})[0]


def _walk(version, to: str, publishing_date=None, on=None):
    path = ["submit", "approve_round_1", "end_round_1", "approve_round_2", "end_round_2", "approve", "plan"]
    for action in path:
        if version.state == to:
            break
        version = services.transition(
            version=version, action=action, second_round_kind="remiss", publishing_date=publishing_date, on=on
        )
    return version


def _new(area, title, populations=("vuxna",), icd=(), ksh=()):
    nag = Group.objects.get(slug=f"nag-kunskapsstod-{area.steering_npo.slug.removeprefix('npo-')}")
    return services.recommendation_create(
        subject_area=area,
        owning_group=nag,
        title=title,
        sections=_sections(title),
        target_populations=populations,
        icd10_codes=icd,
        ksh97p_codes=ksh,
    )


def _publish(rec_or_version, publishing_date, **change):
    """Plan the recommendation's open version (edited with `change`) and publish its date."""
    version = rec_or_version if hasattr(rec_or_version, "number") else rec_or_version.versions.get(state=State.DRAFT)
    if change:
        services.version_update(version=version, **change)
    _walk(version, State.PLANNED, publishing_date, on=publishing_date.date)
    return version


def _revise(rec: Recommendation, **change):
    version = services.version_open(recommendation=rec)
    if change:
        services.version_update(version=version, **change)
    return version


def _coming(month: int, day: int) -> datetime.date:
    on = today()
    candidate = datetime.date(on.year, month, day)
    return candidate if candidate > on else datetime.date(on.year + 1, month, day)


@transaction.atomic
def load_demo_recommendations() -> None:
    if SubjectArea.objects.filter(slug=AREAS[0][1]).exists():
        return
    areas = {}
    for name, slug, npo, region in AREAS:
        areas[slug] = SubjectArea.objects.create(
            name=name,
            slug=slug,
            steering_npo=Group.objects.get(slug=npo),
            healthcare_region=HealthcareRegion.objects.get(slug=region),
            description="Demo: ämnesområdets placering under NPO och sjukvårdsregion är ett exempel.",
        )
    barn, infektion, rygg, smarta, hjarta = (areas[a[1]] for a in AREAS)

    earlier = _date(EARLIER, "Demo: påhittat tidigare publiceringstillfälle.")
    aug, sep, octo = (_date(d, NEWSLETTER) for d in (AUG, SEP, OCT))

    # Published before 2019 under the titles the newsletter calls "tidigare titel".
    old = {
        "hjarta": _new(barn, "Hjärtsymtom hos barn och ungdomar", ("barn",)),
        "ischias": _new(rygg, "Lumbago-ischias – misstänkt lumbalt diskbråck", ("vuxna",), ("M51.1",)),
        "pid": _new(infektion, "Primär immunbrist (PID) hos vuxna", ("vuxna",), ("D84.9",)),
        "opioid": _new(smarta, "Långvarig icke cancerrelaterad smärta och opioidbehandling", ("vuxna",)),
        "centralt": _new(smarta, "Centralt störd smärtmodulering"),
        "neuropatisk": _new(smarta, "Neuropatisk smärta"),
        "analys": _new(smarta, "Smärtanalys"),
        "sepsis": _new(infektion, "Sepsis", ("vuxna", "barn"), ("A41.9",)),
        "lumbago": _new(rygg, "Lumbago", ("vuxna",), ("M54.5",), ("M54-P",)),
        "stenos": _new(rygg, "Lumbal spinal stenos", ("vuxna", "aldre"), ("M48.0",)),
    }
    for rec in old.values():
        _publish(rec, earlier)
    services.publishing_date_publish(publishing_date=earlier, on=EARLIER)

    # 20/8-19
    for title in ("Funktionell buksmärta hos barn", "Förstoppning hos barn"):
        _publish(_new(barn, title, ("barn",), ("K59.0",) if "Förstoppning" in title else ("R10.4",)), aug)
    services.publishing_date_publish(publishing_date=aug, on=AUG)

    # 17/9-19
    _publish(
        _revise(old["sepsis"]),
        sep,
        change_kind=ChangeKind.CLARIFIED,
        change_subject="syrgasbehandling",
        change_heading="Stegvis handläggning vid misstänkt sepsis",
        sections={**_sections("Sepsis"), SectionKind.TREATMENT: EXAMPLE + "Ett förtydligat demoavsnitt."},
    )
    _publish(_revise(old["lumbago"]), sep, change_kind=ChangeKind.REVISED)
    _publish(_revise(old["ischias"]), sep, title="Lumbago-ischias", change_kind=ChangeKind.RENAMED)
    _publish(_revise(old["stenos"]), sep, change_kind=ChangeKind.REVISED)
    _publish(_new(barn, "Blåsljud hos barn", ("barn",), ("R01.1",)), sep)
    _publish(
        _revise(old["hjarta"]), sep, title="Bröstsmärta och hjärtklappning hos barn", change_kind=ChangeKind.RENAMED
    )
    services.publishing_date_publish(publishing_date=sep, on=SEP)

    # 15/10-19
    _publish(_revise(old["pid"]), octo, title="Primär immunbrist", change_kind=ChangeKind.RENAMED)
    _publish(
        _new(smarta, "Långvarig smärta", ("vuxna",)),
        octo,
        change_kind=ChangeKind.MERGED,
        replaces=[old["centralt"], old["neuropatisk"], old["analys"]],
    )
    _publish(_revise(old["opioid"]), octo, title="Svår smärta och opioidbehandling", change_kind=ChangeKind.RENAMED)
    services.publishing_date_publish(publishing_date=octo, on=OCT)

    # Coming dates on the newsletter's days, and a revision under way in every state.
    coming = [_date(_coming(m, d), "Demo: kommande tillfälle.") for m, d in ((8, 20), (9, 17), (10, 15))]
    nearest = min(coming, key=lambda d: d.date)
    by_title = {r.title: r for r in Recommendation.objects.public()}
    states = [
        ("Lumbago", State.DRAFT),
        ("Funktionell buksmärta hos barn", State.NPO_APPROVAL),
        ("Förstoppning hos barn", State.REVIEW_1),
        ("Sepsis", State.NPO_APPROVAL_2),
        ("Lumbal spinal stenos", State.REVIEW_2),
        ("Blåsljud hos barn", State.NPO_APPROVAL_3),
        ("Bröstsmärta och hjärtklappning hos barn", State.APPROVED),
        ("Primär immunbrist", State.PLANNED),
    ]
    clarified = {
        "change_kind": ChangeKind.CLARIFIED,
        "change_subject": "remissvägar",
        "change_heading": "Vårdnivå, samverkan och remissrutiner",
    }
    for title, state in states:
        change = clarified if state == State.APPROVED else {"change_kind": ChangeKind.REVISED}
        version = _revise(by_title[title], **change)
        _walk(version, state, nearest)
        if state in (State.NPO_APPROVAL_3, State.REVIEW_2):
            services.version_set_target_date(version=version, publishing_date=nearest)
    # A draft where the demo login "ledamot" (a member of the working group) can write.
    _new(hjarta, "Demo: exempelrekommendation om hjärtsvikt", ("vuxna", "aldre"))


# Regionala tillägg: a couple of regions' texts, marked as example text like everything above.
REGIONAL_EXAMPLE = "**Exempeltext – inte ett kliniskt råd, inte en verklig regional rutin.** "
DEMO_SUPPLEMENTS = [
    # (recommendation title, region name, section, text)
    (
        "Förstoppning hos barn",
        "Västerbotten",
        SectionKind.CARE_LEVEL,
        "Demo: här skulle regionen beskriva sina egna remissvägar, t.ex. vilken mottagning som tar emot.",
    ),
    (
        "Förstoppning hos barn",
        "Västerbotten",
        SectionKind.TREATMENT,
        "Demo: här skulle regionens läkemedelslista nämnas. Inga läkemedel anges i demodata.",
    ),
    (
        "Förstoppning hos barn",
        "Skåne",
        SectionKind.CARE_LEVEL,
        "Demo: ett påhittat exempel på hur ett regionalt tillägg om vårdnivå ser ut på sidan.",
    ),
    (
        "Lumbago-ischias",
        "Stockholm",
        SectionKind.FOLLOW_UP,
        "Demo: regionens egen uppföljningsrutin skulle stå här.",
    ),
]


@transaction.atomic
def load_demo_supplements() -> None:
    """Idempotent: a region's text that is already there is left alone."""
    from kunskapsstyrning.organisation.models import Region

    from .models import RegionalSupplement
    from .supplement_services import supplements_save

    for title, region_name, section, text in DEMO_SUPPLEMENTS:
        rec = Recommendation.objects.public().filter(title=title).first()
        region = Region.objects.filter(name=region_name).first()
        if rec is None or region is None:
            continue
        if RegionalSupplement.objects.filter(recommendation=rec, region=region, section=section).exists():
            continue
        supplements_save(recommendation=rec, region=region, texts={section: REGIONAL_EXAMPLE + text})


DEMO_CAMPAIGN = "Demo: revideringskampanj hösten 2019"


@transaction.atomic
def load_demo_campaign() -> None:
    """One fictitious revision campaign over the demo recommendations, like the one the 2019
    newsletter counted ("377 kunskapsstöd, 295 kvar att revidera"). Idempotent."""
    from .campaign_services import campaign_create
    from .models import Campaign

    if Campaign.objects.filter(name=DEMO_CAMPAIGN).exists() or not SubjectArea.objects.exists():
        return
    campaign_create(
        name=DEMO_CAMPAIGN,
        description=(
            "Demo: en påhittad kampanj för att visa hur läget följs per sjukvårdsregion och ämnesområde. "
            "Datumen och omfattningen är exempel, inte uppgifter från källorna."
        ),
        starts_on=datetime.date(2019, 9, 1),
        deadline=datetime.date(2019, 12, 31),
    )
