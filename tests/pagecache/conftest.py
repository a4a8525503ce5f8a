"""Page-cache tests commit: the version moves only when a transaction does (a test inside the
usual rolled-back transaction never uses the cache), so every test here is transactional."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client

from kunskapsstyrning.organisation import aggregates
from kunskapsstyrning.organisation.models import Aggregate
from kunskapsstyrning.pagecache import version


@pytest.fixture(autouse=True)
def empty_page_cache():
    caches[settings.PAGE_CACHE].clear()


@pytest.fixture(autouse=True)
def aggregate_rows_exist():
    """As after the first night: a write's recomputation request then only updates bookkeeping
    columns, which the version ignores, so a test counts the transactions it writes itself."""
    Aggregate.objects.bulk_create([Aggregate(kind=k.name, key="") for k in aggregates.kinds()], ignore_conflicts=True)


def number() -> int:
    return version.current().number


def text(response) -> str:
    return response.content.decode()


class Visitor:
    """An anonymous browser: asks for a page and says whether it was rendered or cached."""

    def __init__(self, **cookies):
        self.client = Client()
        for name, value in cookies.items():
            self.client.cookies[name] = value

    def get(self, url, **headers):
        response = self.client.get(url, headers=headers)
        assert response.status_code in (200, 304), (url, response.status_code)
        return response

    def miss(self, url):
        response = self.get(url)
        assert response["X-Page-Cache"] == "miss", url
        return response

    def hit(self, url, django_assert_num_queries):
        with django_assert_num_queries(1):  # the version, nothing else
            response = self.get(url)
        assert response["X-Page-Cache"] == "hit", url
        return response


@pytest.fixture
def visitor():
    return Visitor()


@pytest.fixture
def cached(visitor, django_assert_num_queries):
    """`cached(url, shows)`: the page renders once with `shows` on it, then comes from the cache."""

    def check(url, shows=None, hides=None):
        first = visitor.miss(url)
        if shows:
            assert shows in text(first)
        if hides:
            assert hides not in text(first)
        second = visitor.hit(url, django_assert_num_queries)
        assert second.content == first.content
        return first

    return check


@pytest.fixture
def after_write(visitor):
    """`after_write(url, shows)`: the next request renders again and shows the change."""

    def check(url, shows=None, hides=None):
        response = visitor.miss(url)
        if shows:
            assert shows in text(response)
        if hides:
            assert hides not in text(response)
        return response

    return check
