"""The API's docs page with Swagger UI served by the app itself: nothing is loaded from a CDN.

django-ninja ships the Swagger UI bundle in its package (ninja/static/ninja/)
but only uses it when "ninja" is in INSTALLED_APPS; otherwise its docs page
loads Swagger UI from cdn.jsdelivr.net, which an offline government intranet
cannot reach. This page uses the same files, read from the installed ninja
package and served from /api/docs/assets/.
"""

import json
from pathlib import Path

import ninja
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe
from ninja.openapi.docs import Swagger

ASSET_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui-init.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
    "favicon.png": "image/png",
}


@require_safe
def asset(request, name: str):
    """One of the Swagger UI files of the installed django-ninja (a fixed list, nothing else)."""
    if name not in ASSETS:
        raise Http404(name)
    response = FileResponse((ASSET_DIR / name).open("rb"), content_type=ASSETS[name])
    response["Cache-Control"] = f"public, max-age={24 * 3600}"
    return response


class LocalSwagger(Swagger):
    """Swagger UI from the app's own URLs; the online validator (validator.swagger.io) is turned off."""

    def __init__(self) -> None:
        super().__init__(settings={"validatorUrl": None, "docExpansion": "list", "defaultModelsExpandDepth": 0})

    def render_page(self, request, api, **kwargs):
        swagger_settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        settings_json = json.dumps(swagger_settings).replace("<", "\\u003c")  # safe inside <script>
        context = {"swagger_settings": settings_json, "api": api}
        return render(request, "api/docs.html", context)
