"""Start the test provider: migrate its database, create its users and the portal's client from
the environment, then serve on 127.0.0.1:$OIDC_PROVIDER_PORT until killed."""

import json
import os
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

import django


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import get_application_model

    call_command("migrate", verbosity=0)
    config = json.loads(os.environ["OIDC_PROVIDER_SETUP"])
    for user in config["users"]:
        get_user_model().objects.create_user(**user)
    get_application_model().objects.create(
        name="Kunskapsstyrningsportalen",
        client_id=config["client_id"],
        client_secret=config["client_secret"],
        client_type="confidential",
        authorization_grant_type="authorization-code",
        redirect_uris=config["redirect_uri"],
        algorithm="RS256",
        skip_authorization=True,
    )
    server = make_server(
        "127.0.0.1", int(os.environ["OIDC_PROVIDER_PORT"]), get_wsgi_application(), handler_class=QuietHandler
    )
    print("ready", flush=True)
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
