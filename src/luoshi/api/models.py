"""API tokens for scripts: only a hash is stored, the token itself is shown once when it is made."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

TOKEN_PREFIX = "ls_"
LAST_USED_RESOLUTION = timedelta(minutes=1)  # write last_used_at at most once a minute per token


def hash_token(raw: str) -> str:
    """SHA-256 of the token: tokens are long random strings, so a fast hash is enough and lookups stay indexed."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A named token a user makes for a script (`Authorization: Bearer <token>`); it acts as that user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name="用户")
    name = models.CharField("名称", max_length=100, help_text="用途，例如“月度数据同步脚本”")
    prefix = models.CharField("前缀", max_length=12, help_text="令牌的开头几位，用于辨认")
    key_hash = models.CharField("令牌摘要", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    expires_at = models.DateTimeField("过期时间", null=True, blank=True, help_text="留空为长期有效")

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @classmethod
    def issue(cls, user, name: str, expires_at=None) -> tuple[ApiToken, str]:
        """Make a token for `user`; returns the saved row and the token, which is not stored anywhere."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[:8], key_hash=hash_token(raw),
                                   expires_at=expires_at)
        return token, raw

    @classmethod
    def find(cls, raw: str) -> ApiToken | None:
        """The token row for a presented token (expired or not), or None."""
        if not raw:
            return None
        return cls.objects.select_related("user").filter(key_hash=hash_token(raw)).first()

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    def touch(self) -> None:
        """Record that the token was used (at most once a minute, so reads do not all write)."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
