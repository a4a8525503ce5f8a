"""The site's pages plus a few made to show what the page cache must not keep."""

from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import path

from kunskapsstyrning.pagecache.decorators import never_page_cached
from kunskapsstyrning.urls import urlpatterns as site

COUNTER = {"n": 0}


def _page(text: str) -> HttpResponse:
    COUNTER["n"] += 1
    return HttpResponse(f"<!doctype html><title>{text}</title><p>{text} {COUNTER['n']}</p>")


def plain(request):
    return _page("vanlig")


@never_page_cached
def opted_out(request):
    return _page("undantagen")


def sets_cookie(request):
    response = _page("kaka")
    response.set_cookie("valfri", "1")
    return response


def uses_csrf(request):
    return _page(f"formulär {get_token(request)}")


def with_message(request):
    messages.info(request, "Ett meddelande som visas en gång")
    return redirect("/katalog/")


def not_html(request):
    COUNTER["n"] += 1
    return HttpResponse(f"text {COUNTER['n']}", content_type="text/plain")


urlpatterns = [
    path("test/vanlig/", plain),
    path("test/undantagen/", opted_out),
    path("test/kaka/", sets_cookie),
    path("test/csrf/", uses_csrf),
    path("test/text/", not_html),
    path("test/meddelande/", with_message),
    *site,
]
