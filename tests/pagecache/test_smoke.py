import pytest

from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_miss_then_hit(client, django_assert_num_queries):
    GroupFactory(name="Testgrupp A")
    first = client.get("/katalog/")
    assert first.status_code == 200, first.content
    print(first.headers)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):
        second = client.get("/katalog/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
