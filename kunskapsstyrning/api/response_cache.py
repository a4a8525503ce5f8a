"""API answers for keys kept in the page cache, keyed by the content version (pagecache/).

A GET of a list or a detail with an API key is looked up before DRF does anything: one query
finds the key and reads the version, and a stored answer (or a 304 against its ETag) goes back
without authentication classes, permissions, throttles, the validator's aggregate or the
serializer. A miss runs the whole view and stores its 200. The key of an answer is the key's
id and owner, the version with personal changes, the path with its parameters, the language,
the Accept header, today's date in Stockholm and the code release: what a response depends on.
A permission, a row, a revoked key or an inactive owner changes the version or fails the
lookup, so nothing stored is ever shown when the view would answer otherwise.

Not throttled: an answer from here costs less than the throttle's own bookkeeping would. The
key's last use is still recorded, at most once a minute, as the authentication class does.
Sessions (the browser) and anonymous readers take the normal way.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.http import parse_http_date_safe
from rest_framework.authentication import get_authorization_header

from kunskapsstyrning.pagecache import release, version

from .authentication import KEYWORDS
from .models import ApiToken, hash_secret
from .schema import API_VERSION
from .services import token_touch

#: The response headers an answer keeps (the view's validators and what it varies on).
KEPT_HEADERS = ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Language")
CACHED_ACTIONS = ("list", "retrieve")


def _token_and_version(request):
    header = get_authorization_header(request).split()
    if len(header) != 2 or header[0].lower().decode("latin-1") not in KEYWORDS:
        return None, None
    try:
        secret = header[1].decode("ascii")
    except UnicodeDecodeError:
        return None, None
    tokens = (
        ApiToken.objects.active()
        .filter(key_hash=hash_secret(secret), owner__is_active=True)
        .values_list("pk", "owner_id", "last_used_at")
    )
    current, row = version.current_with(tokens)
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
        translation.get_language() or "",
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


def answer(view, request):
    """The stored answer to `request`, a 304, or None (then `keep` may store the view's)."""
    if (
        not settings.PAGE_CACHE_ENABLED
        or request.method != "GET"
        or view.action_map.get("get") not in CACHED_ACTIONS
        or connection.in_atomic_block  # uncommitted rows (tests, ATOMIC_REQUESTS): never
    ):
        return None
    token, current = _token_and_version(request)
    if token is None or current is None:
        return None
    key = _key(request, token, current)
    stored = caches[settings.PAGE_CACHE].get(key)
    if stored is None:
        request._api_cache_key = key
        return None
    headers, content_type, body = stored
    headers = dict(headers)
    if _not_modified(request, headers.get("ETag", ""), headers.get("Last-Modified", "")):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
    for name, value in headers.items():
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def keep(request, response) -> None:
    """Store the view's 200 under the key `answer` made (only a miss with a valid key has one)."""
    key = getattr(request, "_api_cache_key", None)
    if key is None or response.status_code != 200 or response.streaming:
        return
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
    caches[settings.PAGE_CACHE].set(
        key, (headers, response["Content-Type"], response.content), settings.PAGE_CACHE_PRIVATE_TIMEOUT
    )
    response["X-Page-Cache"] = "miss"
