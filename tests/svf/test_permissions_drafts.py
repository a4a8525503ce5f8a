"""Who edits the draft and who sees the work: the NAG's members while the version is a draft."""

import pytest
from django.core.exceptions import ValidationError

from svf import services
from svf.choices import PathwayState as S
from svf.permissions import EDIT_DRAFT, VIEW_WORK

from .conftest import walk_to

pytestmark = pytest.mark.django_db


def test_nag_members_edit_drafts_and_no_one_else(pathway, cast):
    editors = {role for role, user in cast.by_role().items() if user.has_perm(EDIT_DRAFT, pathway)}
    assert editors == {"ledamot i NAG", "processledare i NAG", "ordförande i NAG"}
    with pytest.raises(ValidationError):
        services.version_update(version=services.open_version(pathway), by=cast.support, title="Nej")
    services.version_update(version=services.open_version(pathway), by=cast.nag_member, title="Ja")


def test_nothing_is_edited_on_remiss(pathway, cast):
    pathway = walk_to(pathway, S.CONSULTATION, cast)
    assert not cast.nag_member.has_perm(EDIT_DRAFT, pathway)


def test_who_sees_the_work(pathway, cast):
    seers = {role for role, user in cast.by_role().items() if user.has_perm(VIEW_WORK, pathway)}
    assert seers == {"ledamot i NAG", "processledare i NAG", "ordförande i NAG", "ledamot i SKS", "stödfunktionen"}
