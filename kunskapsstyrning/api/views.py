"""Pages of the API app: the owner's access tokens and the documentation in Swedish."""

import functools

import yaml
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from . import services
from .forms import TokenCreateForm
from .models import ApiToken
from .schema import SCHEMA_FILE

METHOD_ORDER = ("get", "post", "put", "patch", "delete")


class TokenListView(LoginRequiredMixin, TemplateView):
    """The logged-in user's tokens: list, create (the secret shown once), revoke. Only one's own:
    support staff see and revoke only theirs here too."""

    #: Shows when each key was last used, which the page cache does not count as a change.
    page_cache_exempt = True

    template_name = "api/tokens.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = ApiToken.objects.filter(owner=self.request.user)
        context.setdefault("form", TokenCreateForm())
        return context

    def post(self, request, *args, **kwargs):
        form = TokenCreateForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        token, secret = services.token_create(
            owner=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
        )
        # Shown on this response only; the page after a reload no longer has it.
        return self.render_to_response(self.get_context_data(new_token=token, secret=secret), status=201)


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        token = get_object_or_404(ApiToken, pk=pk, owner=request.user)
        services.token_revoke(token=token, by=request.user)
        messages.success(request, _("Nyckeln %(name)s är återkallad och fungerar inte längre.") % {"name": token.name})
        return redirect("api-pages:tokens")


@functools.cache
def _schema(mtime: float) -> dict:
    with open(SCHEMA_FILE, encoding="utf-8") as file:
        return yaml.safe_load(file)


def _resolve(schema: dict, node):
    if isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return schema["components"]["schemas"].get(name, {}), name
    return node or {}, None


def _type_of(schema: dict, node) -> str:
    node, name = _resolve(schema, node)
    if name:
        return name
    if "enum" in node:
        return " | ".join(str(v) for v in node["enum"] if v is not None)
    if node.get("type") == "array":
        return f"[{_type_of(schema, node.get('items'))}]"
    if "allOf" in node:
        return " & ".join(_type_of(schema, n) for n in node["allOf"])
    if "oneOf" in node:
        return " | ".join(_type_of(schema, n) for n in node["oneOf"])
    return node.get("format") or node.get("type") or ""


def not_found(request, *args, **kwargs):
    return JsonResponse(
        {"code": "not_found", "message": _("Det som efterfrågades finns inte."), "fields": {}}, status=404
    )


def schema_file(request):
    """The committed OpenAPI schema, as tested: the contract, not a fresh rendering of the code."""
    response = HttpResponse(SCHEMA_FILE.read_bytes(), content_type="application/vnd.oai.openapi; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="openapi.yaml"'
    return response


class DocumentationView(TemplateView):
    """The OpenAPI schema read as a page: every endpoint, parameter and field, server-rendered
    from the committed schema file (no JavaScript, so the strict CSP holds)."""

    template_name = "api/documentation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        schema = _schema(SCHEMA_FILE.stat().st_mtime)
        operations = []
        for path, item in schema.get("paths", {}).items():
            for method in METHOD_ORDER:
                if (op := item.get(method)) is None:
                    continue
                parameters = [
                    {**p, "type": _type_of(schema, p.get("schema"))}
                    for p in op.get("parameters", [])
                    if p.get("in") != "header"
                ]
                body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
                ok = next((code for code in op.get("responses", {}) if code.startswith("2")), None)
                operations.append(
                    {
                        "id": op.get("operationId"),
                        "method": method.upper(),
                        "path": path,
                        "tag": (op.get("tags") or [""])[0],
                        "description": op.get("description", ""),
                        "parameters": parameters,
                        "body": _resolve(schema, body)[1] if body else None,
                        "success": ok,
                        "response": _response_name(schema, op, ok),
                    }
                )
        components = []
        for name, component in sorted(schema.get("components", {}).get("schemas", {}).items()):
            if "properties" in component:
                required = set(component.get("required", []))
                fields = [
                    {
                        "name": field,
                        "type": _type_of(schema, spec),
                        "description": _resolve(schema, spec)[0].get("description", "") or spec.get("description", ""),
                        "required": field in required,
                        "read_only": spec.get("readOnly", False),
                    }
                    for field, spec in component["properties"].items()
                ]
                components.append({"name": name, "description": component.get("description", ""), "fields": fields})
            elif "enum" in component:
                components.append(
                    {"name": name, "description": component.get("description", ""), "enum": component["enum"]}
                )
        context.update(info=schema.get("info", {}), operations=operations, components=components)
        return context


def _response_name(schema: dict, op: dict, code: str | None) -> str | None:
    if code is None:
        return None
    content = op["responses"][code].get("content", {}).get("application/json", {})
    return _type_of(schema, content.get("schema")) if content else None
