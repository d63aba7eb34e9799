"""Who is calling: a script with `Authorization: Bearer <token>`, a logged-in page, or an anonymous reader.

Two auth lists are used by the endpoints:

- ANYONE (public reads): a valid token, the session, or nobody (an
  AnonymousUser, whom `restrict` shows only published tasks);
- SIGNED_IN (every write, and reads of internal records): a valid token, or
  the session (with its CSRF token on unsafe methods); nobody gets 401.

A request that presents an Authorization header is judged by it alone: a
bad, malformed or expired token is 401 even on read endpoints, so a script
never silently falls back to what the public sees.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from .models import ApiToken

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`, a token made with `create_api_token` or POST /api/me/tokens."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if not header:
            return None  # not a token request: let the session (or anonymity) decide
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise AuthenticationError(401, "Authorization 头应为：Bearer <令牌>")
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.find(token)
        if found is None or not found.user.is_active:
            raise AuthenticationError(401, "令牌无效")
        if found.expired:
            raise AuthenticationError(401, "令牌已过期")
        found.touch()
        request.user = found.user
        request.api_token = found
        return found.user


class SessionCookie(APIKeyCookie):
    """The logged-in session of the pages; unsafe methods need the CSRF token (X-CSRFToken header)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, anonymous: bool) -> None:
        self.anonymous = anonymous
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Any:
        if "Authorization" in request.headers:
            return None  # BearerToken has judged it
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if request.method not in SAFE_METHODS and check_csrf(request) is not None:
                raise HttpError(403, "CSRF 校验失败：请在 X-CSRFToken 头中提供 CSRF 令牌")
            return user
        return AnonymousUser() if self.anonymous else None

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:  # pragma: no cover - __call__ decides
        return None


ANYONE = [BearerToken(), SessionCookie(anonymous=True)]

# Keyword arguments of a public read endpoint; `{}` among the security requirements is OpenAPI for "or none".
PUBLIC = {"auth": ANYONE, "openapi_extra": {"security": [{}]}}
SIGNED_IN = [BearerToken(), SessionCookie(anonymous=False)]


def caller(request: HttpRequest):
    """The user the request acts as (an AnonymousUser for anonymous readers)."""
    user = getattr(request, "auth", None)
    return user if user is not None else AnonymousUser()
