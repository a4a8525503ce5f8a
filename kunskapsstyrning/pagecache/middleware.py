"""The page cache middleware: anonymous GET/HEAD pages from the cache, and HTTP validators.

Placed right after WhiteNoise, before the session: a hit costs the version query and a cache
read, nothing else. See the package docstring for why the version makes it exact.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags

from . import release, version

#: Headers the stored page keeps (the rest are the request's: Date, the validators we add).
DROPPED_HEADERS = {"date", "etag", "last-modified", "cache-control", "x-page-cache", "set-cookie"}
#: Vary values a stored page may carry: the key covers what they stand for.
ALLOWED_VARY = {"cookie", "accept-language", "accept-encoding"}


def _language(request) -> str:
    # As SwedishFirstLocaleMiddleware: only the language cookie counts, never Accept-Language.
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def anonymous_cookies_only(request) -> bool:
    """No cookie but the CSRF and language cookies: no session, no messages, no log-in."""
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return set(request.COOKIES) <= allowed


def exempt(request) -> bool:
    """The view opted out (decorators.never_page_cached, or a class with `page_cache_exempt`),
    or no view answers the path: the request pays nothing for the cache, not even the version
    query. Resolving costs tens of microseconds; the version query costs a round trip."""
    try:
        func = resolve(request.path_info).func
    except Resolver404:
        return True
    view_class = getattr(func, "cls", None) or getattr(func, "view_class", None)
    return getattr(func, "page_cache_exempt", False) or getattr(view_class, "page_cache_exempt", False)


def cacheable_request(request) -> bool:
    request.get_host()  # a host not in ALLOWED_HOSTS is a 400 before anything asks the database
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and anonymous_cookies_only(request)
        and "HTTP_AUTHORIZATION" not in request.META
        # Inside an open transaction (the tests' wrapping one, ATOMIC_REQUESTS) a page may show
        # rows that are not committed and may never be: such a request neither reads nor stores.
        and not connection.in_atomic_block
        and not exempt(request)
    )


def page_key(request, current: version.Version) -> str:
    parts = [
        release.release(),
        str(current),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        _language(request),
        timezone.localdate().isoformat(),  # "current" changes at midnight in Stockholm
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def storable(request, response) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
        # The page holds a CSRF token: it belongs to this visitor's cookie, not to everyone.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and response.get("Content-Type", "").startswith("text/html")
        and vary <= ALLOWED_VARY
    )


def _validators(response, key: str, current: version.Version) -> None:
    response["ETag"] = f'W/"{key[:32]}"'
    # Informational: a page also changes at midnight. If-Modified-Since alone is not answered
    # with 304 (two changes within one second share a Last-Modified); If-None-Match is exact.
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    response["Last-Modified"] = http_date(max(current.changed_at, midnight).timestamp())
    # Anyone may keep it, but must ask again before each use: exact, and a 304 is cheap.
    patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self._uncached(request, self.get_response(request))
        current = version.current()
        if current is None:
            return self._uncached(request, self.get_response(request))
        key = page_key(request, current)
        etag = f'W/"{key[:32]}"'
        # Weak comparison (RFC 9110 13.1.2): the client's tag with or without W/.
        wanted = {tag.removeprefix("W/") for tag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))}
        if etag.removeprefix("W/") in wanted:
            # The key names the content exactly: no need to look it up, let alone render it.
            response = HttpResponseNotModified()
            _validators(response, key, current)
            response["X-Page-Cache"] = "hit"
            return response
        cache = caches[settings.PAGE_CACHE]
        stored = cache.get(f"page:{key}")
        if stored is not None:
            headers, content = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            _validators(response, key, current)
            response["X-Page-Cache"] = "hit"
            return response

        response = self.get_response(request)
        if not storable(request, response):
            return self._uncached(request, response)
        headers = [(k, v) for k, v in response.items() if k.lower() not in DROPPED_HEADERS]
        cache.set(f"page:{key}", (headers, response.content), settings.PAGE_CACHE_TIMEOUT)
        if current.needs_fold:
            version.fold()
        _validators(response, key, current)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _uncached(request, response):
        # What this middleware does not vouch for no shared cache may keep.
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        patch_vary_headers(response, ("Cookie",))
        return response
