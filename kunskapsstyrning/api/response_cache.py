"""API answers for keys kept in the page cache, keyed by the content version (pagecache/).

A GET of a list or a detail with an API key is looked up by a middleware placed right after the
page cache's, before sessions, authentication and DRF: one query finds the key and reads the
version, and a stored answer (or a 304 against its ETag) goes back without authentication
classes, permissions, throttles, the validator's aggregate or the serializer. A miss runs the
whole stack and stores its 200 with all its headers. The key of an answer is the key's id and
owner, the version with personal changes, the path with its parameters, the language (the
cookie, as SwedishFirstLocaleMiddleware has it), the Accept header, today's date in Stockholm
and the code release: what a response depends on. A permission, a row, a revoked key or an
inactive owner changes the version or fails the lookup, so nothing stored is ever shown when
the view would answer otherwise.

Not throttled: an answer from here costs less than the throttle's own bookkeeping would. The
key's last use is still recorded, at most once a minute, as the authentication class does.
Sessions (the browser) and anonymous readers take the normal way.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.http import parse_http_date_safe
from rest_framework.authentication import get_authorization_header

from kunskapsstyrning.pagecache import release, version
from kunskapsstyrning.pagecache.middleware import language

from .authentication import KEYWORDS
from .models import ApiToken, hash_secret
from .schema import API_VERSION
from .services import token_touch

#: Headers a stored answer does not keep (the request's own, or none of a cached answer's).
DROPPED_HEADERS = {"date", "set-cookie", "x-page-cache"}
CACHED_ACTIONS = ("list", "retrieve")
NOT_MODIFIED_HEADERS = {"ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Language"}


@functools.cache
def _lookup_sql() -> str:
    """TokenAuthentication's look-up (ApiToken.objects.active() of an active owner) written out
    once: the ORM's compiler would cost more than the rest of a hit. tests/api/
    test_response_cache.py refuses a revoked key and an inactive owner through it."""
    tokens = connection.ops.quote_name(ApiToken._meta.db_table)
    users = connection.ops.quote_name(ApiToken._meta.get_field("owner").related_model._meta.db_table)
    return (
        f"SELECT t.id, t.owner_id, t.last_used_at FROM {tokens} t JOIN {users} u ON u.id = t.owner_id "  # noqa: S608
        "WHERE t.key_hash = %s AND t.revoked_at IS NULL AND u.is_active"
    )


def _token_and_version(request):
    header = get_authorization_header(request).split()
    if len(header) != 2 or header[0].lower().decode("latin-1") not in KEYWORDS:
        return None, None
    try:
        secret = header[1].decode("ascii")
    except UnicodeDecodeError:
        return None, None
    current, row = version.current_with(_lookup_sql(), [hash_secret(secret)])
    if row is None:
        return None, current  # unknown or revoked: the view says so, with its message
    pk, owner_id, last_used_at = row
    token_touch(ApiToken(pk=pk, owner_id=owner_id, last_used_at=last_used_at))
    return (pk, owner_id), current


def _key(request, token: tuple[int, int], current: version.Version) -> str:
    parts = [
        API_VERSION,
        release.release(),
        current.with_personal,
        f"{token[0]}:{token[1]}",
        request.get_full_path(),
        language(request),
        request.headers.get("Accept", ""),
        timezone.localdate().isoformat(),
    ]
    return "api:" + hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _not_modified(request, etag: str, last_modified: str) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    modified = parse_http_date_safe(last_modified)
    return since is not None and modified is not None and modified <= since


def _cached_view(request) -> bool:
    return _cached_path(get_urlconf() or settings.ROOT_URLCONF, request.path_info)


@functools.lru_cache(maxsize=4096)
def _cached_path(urlconf: str, path: str) -> bool:
    """A list or detail of an API viewset that opts in (ApiViewSetMixin.response_cache).

    Remembered per process: the answer depends on the code alone (the URLconf), and resolving
    cost a fifth of a hit."""
    try:
        func = resolve(path, urlconf).func
    except Resolver404:
        return False
    view_class, actions = getattr(func, "cls", None), getattr(func, "actions", None) or {}
    return bool(getattr(view_class, "response_cache", False) and actions.get("get") in CACHED_ACTIONS)


def _candidate(request) -> bool:
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method == "GET"
        and "HTTP_AUTHORIZATION" in request.META
        and not connection.in_atomic_block  # uncommitted rows (tests, ATOMIC_REQUESTS): never
        and _cached_view(request)
    )


def _conditional(request) -> bool:
    return "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META


def _not_modified_answer(headers: dict):
    response = HttpResponseNotModified()
    # What RFC 9110 (15.4.5) asks a 304 to repeat; setting a header costs its validation.
    for name, value in headers.items():
        if name in NOT_MODIFIED_HEADERS:
            response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def _answer(cache, request, key: str):
    """A 304 from the small validators entry alone (a list of 500 rows is not read to say it
    did not change), otherwise the stored body; None if nothing is stored."""
    if _conditional(request):
        validators = cache.get(f"{key}:v")
        if validators is None:
            return None
        if _not_modified(request, validators.get("ETag", ""), validators.get("Last-Modified", "")):
            return _not_modified_answer(validators)
    stored = cache.get(key)
    if stored is None:
        return None
    headers, body = stored
    response = HttpResponse(body)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def _storable(response) -> bool:
    return response.status_code == 200 and not response.streaming and not response.cookies


class ApiResponseCacheMiddleware:
    """Right after the page cache's middleware: see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _candidate(request):
            return self.get_response(request)
        token, current = _token_and_version(request)
        if token is None or current is None:
            return self.get_response(request)  # the view refuses it, with its message
        key = _key(request, token, current)
        cache = caches[settings.PAGE_CACHE]
        answer = _answer(cache, request, key)
        if answer is not None:
            return answer
        response = self.get_response(request)
        if _storable(response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in DROPPED_HEADERS]
            validators = {k: v for k, v in headers if k in NOT_MODIFIED_HEADERS}
            entries = {key: (headers, response.content), f"{key}:v": validators}
            cache.set_many(entries, settings.PAGE_CACHE_PRIVATE_TIMEOUT)  # one round trip
            response["X-Page-Cache"] = "miss"
        return response
