"""The opt-out for a page that anonymous visitors see but that must not be cached."""

import functools

from django.utils.cache import patch_cache_control


def never_page_cached(view):
    """Answer with Cache-Control: private: neither the page cache nor a proxy keeps the page.

    For a page whose content depends on more than the data, the path, the language and today's
    date (the clock within the day, a random choice, the request's headers). Class-based
    views: `never_page_cached(View.as_view())` or `method_decorator(never_page_cached, "dispatch")`.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True)
        return response

    wrapped.page_cache_exempt = True  # the middleware skips even the version query
    return wrapped
