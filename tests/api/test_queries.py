"""No query growth on list endpoints: the exact count, pinned per endpoint, with 2 and with 20 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models import HealthcareRegion
from tests.api.conftest import bearer
from tests.clock import frozen
from tests.factories import (
    GroupFactory,
    GroupRelationFactory,
    HostingFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, frozen]

#: Queries per request with a token: 1 for the token (its last use is recorded once a minute,
#: and was on the warm-up request), 1 for the ETag's aggregate, then the page itself.
QUERIES = {
    "/api/v1/sjukvardsregioner/": 5,
    "/api/v1/regioner/": 3,
    "/api/v1/grupper/?page_size=500": 5,
    "/api/v1/grupper/npo-akut-vard/": 16,
    "/api/v1/uppdrag/?page_size=500": 3,
    # + the rule behind visible_to (support staff? groups led, appointed, member of): 5, whatever the rows.
    "/api/v1/personer/?page_size=500": 8,
    "/api/v1/mina-uppdrag/": 4,
    "/api/v1/grupper/npo-akut-vard/kontakter/": 14,
}


def _grow(npo, person, n):
    hr = HealthcareRegion.objects.first()
    for _ in range(n):
        nag = GroupFactory(kind=GroupKind.NAG)
        GroupRelationFactory(from_group=nag, to_group=npo)
        HostingFactory(group=GroupFactory(), healthcare_region=hr)
        MembershipFactory(group=npo, represents_healthcare_region=hr)
        MembershipFactory(group=nag, person=person, role=Role.EXPERT)


@pytest.mark.parametrize("url", QUERIES)
def test_list_endpoints_run_a_constant_number_of_queries(api, npo, url):
    user = UserFactory()
    person = PersonFactory(user=user)
    MembershipFactory(group=npo, person=person, role=Role.PROCESS_LEADER)
    headers = bearer(user)
    counts = []
    for rows in (2, 18):
        _grow(npo, person, rows)
        assert api.get(url, **headers).status_code == 200  # records the token's use
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url, **headers).status_code == 200
        counts.append(len(queries))
    assert counts == [QUERIES[url], QUERIES[url]]
