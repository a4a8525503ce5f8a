"""A round consulting a group (any model instance will do: the engine is generic), owned by a
NAG, addressed to the 21 real regions; people in every role the rules know."""

import datetime
from types import SimpleNamespace

import pytest

from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models import Group, Region
from nkk.consultations import services
from nkk.consultations.choices import ConsultationKind
from tests.clock import TODAY
from tests.factories import GroupFactory, MembershipFactory, PersonFactory, UserFactory, make_support_staff

D = datetime.date


def person_user(**membership):
    user = UserFactory()
    person = PersonFactory(user=user)
    if membership:
        MembershipFactory(person=person, **membership)
    return user


@pytest.fixture(autouse=True)
def attachments_dir(settings, tmp_path):
    settings.CONSULTATION_ATTACHMENTS_DIR = tmp_path / "bilagor"
    return settings.CONSULTATION_ATTACHMENTS_DIR


@pytest.fixture
def world(db):
    """Owner NAG with a process leader and a member; Norrbotten's and Skåne's members of NSK-R;
    an NPO recipient with its chair; support staff; an outsider."""
    owner = GroupFactory(kind=GroupKind.NAG, name="NAG Testförlopp")
    nsk_r = Group.objects.get(kind=GroupKind.NSK_R)
    norrbotten = Region.objects.get(name="Norrbotten")
    skane = Region.objects.get(name="Skåne")
    npo = GroupFactory(kind=GroupKind.NPO, name="NPO Testområde")
    return SimpleNamespace(
        owner=owner,
        subject=owner,
        nsk_r=nsk_r,
        norrbotten=norrbotten,
        skane=skane,
        npo=npo,
        leader=person_user(group=owner, role=Role.PROCESS_LEADER),
        member=person_user(group=owner, role=Role.MEMBER),
        norrbotten_rep=person_user(group=nsk_r, represents_region=norrbotten),
        skane_rep=person_user(group=nsk_r, represents_region=skane),
        npo_chair=person_user(group=npo, role=Role.CHAIR),
        npo_member=person_user(group=npo, role=Role.MEMBER),
        staff=make_support_staff(),
        outsider=person_user(),
    )


OPENS, CLOSES = D(2026, 3, 2), D(2026, 3, 27)


def make_round(world, *, opens_on=OPENS, closes_on=CLOSES, **kwargs):
    return services.round_create(
        kind=kwargs.pop("kind", ConsultationKind.REMISS),
        subject=world.subject,
        owner_group=world.owner,
        opens_on=opens_on,
        closes_on=closes_on,
        **kwargs,
    )


@pytest.fixture
def open_round(world):
    """Open on the frozen date (2026-03-16): 2 March – 27 March 2026; the 21 regions, the NPO
    and a kommun as recipients."""
    assert D(2026, 3, 2) <= TODAY <= D(2026, 3, 27)
    return make_round(world, groups=[world.npo], organisations=["Testkommun"])


def recipient(round_, **lookup):
    return round_.recipients.get(**lookup)
