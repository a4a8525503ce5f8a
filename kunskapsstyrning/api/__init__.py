"""The REST API's common parts (/api/v1/): tokens, authentication, throttles, errors, cursor
pagination, conditional requests, the OpenAPI schema and its Swedish documentation page.

Domain endpoints live in each app's own `api/` package and are built from these pieces: a
serializer, a viewset on `viewsets.ApiReadViewSet` (or with writes) and one router line in that
app's `api/urls.py`, which `urls.py` here includes. This package imports no domain app except
in urls.py, where the apps' url modules are listed.
"""
