"""People in every role around one vårdförlopp, on the real structure (the NAG the structure
loads for Hjärtsvikt, under NPO Hjärt- och kärlsjukdomar, and the loaded SKS)."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser

from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models import Group
from kunskapsstyrning.organisation.models.periods import today
from svf import services
from svf.choices import SectionKind
from tests.factories import MembershipFactory, PersonFactory, UserFactory, make_support_staff

NAG = "nag-vardforlopp-hjartsvikt"
NPO = "npo-hjart-och-karlsjukdomar"
START = datetime.date(2020, 1, 1)

SECTIONS = {
    SectionKind.SCOPE: "Exempeltext – inte ett kliniskt råd. Omfattning.",
    SectionKind.ENTRY_EXIT: "Exempeltext – inte ett kliniskt råd.\n\n- Ingång\n- Utgång",
    SectionKind.COSTS: "Exempeltext om kostnader.",
}
STEPS = [
    ("Ingång", "Exempel: vården bedömer.", "Exempel: personen söker vård."),
    ("Bedömning", "Exempel: vården planerar.", "Exempel: personen deltar."),
    ("Uppföljning", "Exempel: vården följer upp.", ""),
]


@dataclass
class Cast:
    nag_member: object
    process_leader: object
    nag_chair: object
    sks_member: object
    support: object
    npo_member: object
    outsider: object
    anonymous: object

    def by_role(self) -> dict:
        return {
            "ledamot i NAG": self.nag_member,
            "processledare i NAG": self.process_leader,
            "ordförande i NAG": self.nag_chair,
            "ledamot i SKS": self.sks_member,
            "stödfunktionen": self.support,
            "ledamot i NPO": self.npo_member,
            "utomstående": self.outsider,
            "anonym": self.anonymous,
        }


def person_in(group, role, username):
    user = UserFactory(username=username)
    MembershipFactory(person=PersonFactory(user=user), group=group, role=role, start_date=START)
    return user


@pytest.fixture
def nag(db):
    return Group.objects.get(slug=NAG)


@pytest.fixture
def npo(db):
    return Group.objects.get(slug=NPO)


@pytest.fixture
def cast(nag, npo) -> Cast:
    sks = Group.objects.get(kind=GroupKind.SKS)
    return Cast(
        nag_member=person_in(nag, Role.MEMBER, "nag-ledamot"),
        process_leader=person_in(nag, Role.PROCESS_LEADER, "nag-processledare"),
        nag_chair=person_in(nag, Role.CHAIR, "nag-ordforande"),
        sks_member=person_in(sks, Role.MEMBER, "sks-ledamot"),
        support=make_support_staff(UserFactory(username="stodfunktion-test")),
        npo_member=person_in(npo, Role.MEMBER, "npo-ledamot"),
        outsider=UserFactory(username="utomstaende"),
        anonymous=AnonymousUser(),
    )


def make_pathway(nag, npo, name="Hjärtsvikt (test)", content=True):
    pathway = services.pathway_create(name=name, working_group=nag, responsible_npos=[npo])
    if content:
        services.version_update(version=services.open_version(pathway), sections=dict(SECTIONS), steps=list(STEPS))
    return pathway


@pytest.fixture
def pathway(nag, npo):
    return make_pathway(nag, npo)


def send(pathway, by=None, **kwargs):
    return services.transition(
        pathway=pathway,
        action="send_to_consultation",
        by=by,
        opens_on=kwargs.pop("opens_on", today() - datetime.timedelta(days=30)),
        closes_on=kwargs.pop("closes_on", today() - datetime.timedelta(days=1)),
        **kwargs,
    )


#: The next step along the main path from each state, and who takes it.
NEXT = {
    "paborjad": ("send_to_consultation", "process_leader"),
    "pa_remiss": ("end_consultation", "process_leader"),
    "bearbetning": ("decide", "sks_member"),
    "beslutad": ("publish", "support"),
    "publicerad": ("start_revision", "nag_chair"),
    "under_revidering": ("send_to_consultation", "process_leader"),
}


def walk_to(pathway, state, cast):
    """Move a pathway along the main path to `state`, each step by the one who may take it."""
    for _ in range(len(NEXT) + 1):
        if pathway.state == state:
            break
        action, who = NEXT[pathway.state]
        user = getattr(cast, who)
        if action == "send_to_consultation":
            pathway = send(pathway, by=user)
        else:
            pathway = services.transition(pathway=pathway, action=action, by=user, decided_on=today())
    assert pathway.state == state
    return pathway
