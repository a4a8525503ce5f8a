"""The page cache middleware: GET/HEAD pages from the cache, and HTTP validators.

Placed right after WhiteNoise, before the session: an anonymous hit costs the version query and
a cache read, a logged-in hit the session's query too, nothing else. See the package docstring
for why the version makes it exact.
"""

import datetime
import functools
import hashlib
import json
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags

from . import release, version

#: Headers the stored page keeps (the rest are the request's: Date, the validators we add).
DROPPED_HEADERS = {"date", "etag", "last-modified", "cache-control", "x-page-cache", "set-cookie"}
#: What is stored: pages, and the Atom feed of what was published (content, like a page).
STORED_TYPES = ("text/html", "application/atom+xml")
#: Vary values a stored page may carry: the key covers what they stand for.
ALLOWED_VARY = {"cookie", "accept-language", "accept-encoding"}


def language(request) -> str:
    # As SwedishFirstLocaleMiddleware: only the language cookie counts, never Accept-Language.
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def anonymous_cookies_only(request) -> bool:
    """No cookie but the CSRF and language cookies: no session, no messages, no log-in."""
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return set(request.COOKIES) <= allowed


def exempt(request) -> bool:
    """The view opted out (decorators.never_page_cached, or a class with `page_cache_exempt`),
    the admin (it reads its own log), or no view answers the path: the request pays nothing for
    the cache, not even the version query."""
    return _exempt_path(get_urlconf() or settings.ROOT_URLCONF, request.path_info)


@functools.lru_cache(maxsize=4096)
def _exempt_path(urlconf: str, path: str) -> bool:
    # Remembered per process: the answer depends on the code alone, and resolving costs about
    # as much as the rest of a hit.
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return True
    func = match.func
    view_class = getattr(func, "cls", None) or getattr(func, "view_class", None)
    return bool(
        "admin" in match.app_names
        or getattr(func, "page_cache_exempt", False)
        or getattr(view_class, "page_cache_exempt", False)
    )


def _eligible(request) -> bool:
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in request.META
        # Inside an open transaction (the tests' wrapping one, ATOMIC_REQUESTS) a page may show
        # rows that are not committed and may never be: such a request neither reads nor stores.
        and not connection.in_atomic_block
    )


def cacheable_request(request) -> bool:
    """An anonymous request the shared cache may answer."""
    request.get_host()  # a host not in ALLOWED_HOSTS is a 400 before anything asks the database
    return _eligible(request) and anonymous_cookies_only(request) and not exempt(request)


def session_identity(request) -> tuple[str, version.Version] | None:
    """For a logged-in request the private cache may answer: a digest of its session's key and
    whole content (who, which second factor, …) and the version, read in one query; otherwise
    None.

    Anything kept in the session that changes what a page shows changes the digest, so it
    needs no rule of its own. A session holding messages is not cached: they are shown once."""
    request.get_host()
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME, settings.SESSION_COOKIE_NAME}
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not (session_key and set(request.COOKIES) <= allowed and _eligible(request)) or exempt(request):
        return None
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    if hasattr(store, "get_model_class"):  # sessions in the database: one statement with the version
        table = connection.ops.quote_name(store.get_model_class()._meta.db_table)
        # As SessionStore.load(): a live session's data, or nothing (then the view decides).
        live = f"SELECT session_key, session_data FROM {table} WHERE session_key = %s AND expire_date > %s"  # noqa: S608
        current, row = version.current_with(live, [session_key, timezone.now()])
        data = store.decode(row[1]) if row else {}
    else:
        data = store.load()  # {} for an unknown or expired key
        current = version.current()
    if current is None or SESSION_KEY not in data or SessionStorage.session_key in data:
        return None
    content = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(f"{session_key}\x1f{content}".encode()).hexdigest(), current


def page_key(request, current: version.Version, identity: str | None = None) -> str:
    parts = [
        release.release(),
        str(current),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        language(request),
        timezone.localdate().isoformat(),  # "current" changes at midnight in Stockholm
    ]
    if identity is not None:
        # A logged-in page: its session, the personal tables, and the CSRF secret its forms'
        # tokens are made from (a token stays valid while the cookie's secret does).
        parts += [identity, current.with_personal, request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def storable(request, response, *, private: bool = False) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and (not response.cookies or private and _only_csrf_renewed(request, response))
        and not response.has_header("Set-Cookie")
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        # An anonymous page with a CSRF token belongs to this visitor's cookie, not to everyone;
        # a logged-in page is keyed by that cookie.
        and (private or not request.META.get("CSRF_COOKIE_USED"))
        # A logged-in page is stored only if the view said nothing: private there may mean
        # never_page_cached on a class's dispatch.
        and not (private and cache_control)
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and response.get("Content-Type", "").startswith(STORED_TYPES)
        and vary <= ALLOWED_VARY
        and not (private and _messages_shown_or_kept(request))
    )


def _only_csrf_renewed(request, response) -> bool:
    """The CSRF middleware sends the cookie again with every page that uses it, to renew its
    expiry: the same value is no new cookie (a new value, as after a log-in, is)."""
    name = settings.CSRF_COOKIE_NAME
    sent = response.cookies.get(name)
    return set(response.cookies) == {name} and sent.value == request.COOKIES.get(name)


def _messages_shown_or_kept(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and bool(storage._queued_messages or storage.used)


def _validators(response, key: str, current: version.Version, *, private: bool = False) -> None:
    response["ETag"] = f'W/"{key[:32]}"'
    # Informational: a page also changes at midnight. If-Modified-Since alone is not answered
    # with 304 (two changes within one second share a Last-Modified); If-None-Match is exact.
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    response["Last-Modified"] = http_date(max(current.changed_at, midnight).timestamp())
    # Anyone (only the browser, for a logged-in page) may keep it, but must ask again before
    # each use: exact, and a 304 is cheap.
    if private:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        identity = None
        if cacheable_request(request):
            current = version.current()
        else:
            logged_in = session_identity(request)
            if logged_in is None:
                return self._uncached(request, self.get_response(request))
            identity, current = logged_in
        private = identity is not None
        if current is None:
            return self._uncached(request, self.get_response(request))
        key = page_key(request, current, identity)
        etag = f'W/"{key[:32]}"'
        # Weak comparison (RFC 9110 13.1.2): the client's tag with or without W/.
        wanted = {tag.removeprefix("W/") for tag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))}
        if etag.removeprefix("W/") in wanted:
            # The key names the content exactly: no need to look it up, let alone render it.
            response = HttpResponseNotModified()
            _validators(response, key, current, private=private)
            response["X-Page-Cache"] = "hit"
            return response
        cache = caches[settings.PAGE_CACHE]
        stored = cache.get(f"page:{key}")
        if stored is not None:
            headers, content = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            _validators(response, key, current, private=private)
            response["X-Page-Cache"] = "hit"
            return response

        response = self.get_response(request)
        if not storable(request, response, private=private):
            return self._uncached(request, response)
        if private and not getattr(getattr(request, "user", None), "is_authenticated", False):
            return self._uncached(request, response)  # the session did not hold (a new password)
        headers = [(k, v) for k, v in response.items() if k.lower() not in DROPPED_HEADERS]
        timeout = settings.PAGE_CACHE_PRIVATE_TIMEOUT if private else settings.PAGE_CACHE_TIMEOUT
        cache.set(f"page:{key}", (headers, response.content), timeout)
        if current.needs_fold:
            version.fold()
        _validators(response, key, current, private=private)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _uncached(request, response):
        # What this middleware does not vouch for no shared cache may keep.
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        patch_vary_headers(response, ("Cookie",))
        return response
