"""Bench-only middleware (bench/settings.py): which gunicorn worker answered.

Keep-alive connections stay on the worker that accepted them, so a load run can land mostly on
one worker and measure half the server. bench/wrk.lua counts this header per worker and
bench/run.py reports the split. Outermost in the middleware list, so that responses a cache
middleware answers are counted too.
"""

import os

from django.http import HttpRequest, HttpResponse

HEADER = "X-Bench-Worker"


def worker_pid(get_response):
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response[HEADER] = str(os.getpid())  # looked up per request: gunicorn forks after import
        return response

    return middleware
