"""Static files under the development settings (runserver, WhiteNoise with finders): a path that
climbs out of the static folders is a 404, never a crash."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

URLS = [
    "/static/..%2f..%2fetc/passwd",
    "/static/%2e%2e/",
    "/static/%2e%2e",
    "/static/..",
    "/static/../manage.py",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%5c..%5cetc%5cpasswd",
    "/static/%00",
    "/static/%c0%ae%c0%ae/",
]

# Serve each URL through the exact WSGI handler `manage.py runserver` uses, with PATH_INFO
# unquoted as its request handler does; an exception here is a 500 in the browser.
SCRIPT = """
import json, sys, urllib.parse, wsgiref.util
import django
django.setup()
from django.core.management import get_commands, load_command_class

command = load_command_class(get_commands()["runserver"], "runserver")
options = vars(command.create_parser("manage.py", "runserver").parse_args([]))  # runserver's defaults
handler = command.get_handler(**options)
result = {}
for url in json.loads(sys.argv[1]):
    environ = {}
    wsgiref.util.setup_testing_defaults(environ)
    environ.update(PATH_INFO=urllib.parse.unquote(url, "iso-8859-1"), HTTP_HOST="127.0.0.1", SERVER_NAME="127.0.0.1")
    status = []
    try:
        handler(environ, lambda s, h, exc_info=None: status.append(s))
        result[url] = status[0].split()[0]
    except Exception as exc:
        result[url] = f"500 {type(exc).__name__}"
print(json.dumps(result))
"""


@pytest.mark.parametrize("settings_module", ["kunskapsstyrning.settings.local"])
def test_path_traversal_in_a_static_url_is_a_404(tmp_path, settings_module):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")},
        "DJANGO_SETTINGS_MODULE": settings_module,
        # Never connected to: the static handler needs no database.
        "DATABASE_URL": "postgres://portal@127.0.0.1:9/inget",
        "DEBUG": "true",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps([*URLS, "/static/css/site.css"])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    assert statuses.pop("/static/css/site.css") == "200"  # real files are still served
    assert statuses == dict.fromkeys(URLS, "404"), statuses
