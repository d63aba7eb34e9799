"""python -m django create_api_token USERNAME NAME [--days N]: make an API token and print it once."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from luoshi.api.models import ApiToken


class Command(BaseCommand):
    help = "为用户创建接口令牌（Authorization: Bearer <令牌>）。令牌只显示这一次，系统只保存其摘要。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("name", help="令牌名称（用途）")
        parser.add_argument("--days", type=int, default=None, help="有效天数（默认长期有效）")

    def handle(self, *args, username, name, days, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"用户 {username} 不存在") from None
        if days is not None and days < 1:
            raise CommandError("--days 应为正整数")
        expires = timezone.now() + timedelta(days=days) if days else None
        token, raw = ApiToken.issue(user, name, expires)
        self.stdout.write(raw)
        until = f"，有效期至 {timezone.localtime(expires):%Y年%m月%d日 %H:%M}" if expires else ""
        self.stderr.write(f"已为 {username} 创建令牌“{name}”{until}。令牌只显示这一次，请妥善保存。")
