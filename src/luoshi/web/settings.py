"""Settings of the luoshi web app, all from environment variables.

SQLite in the data folder by default, so `luoshi demo` and `luoshi serve`
work straight after installing; PostgreSQL when DATABASE_URL is set.

- LUOSHI_DATA_DIR: where the database and uploaded files live (./luoshi-data)
- DATABASE_URL: e.g. postgres://user@127.0.0.1:5432/luoshi (default: SQLite)
- SECRET_KEY: required when DEBUG is off; a random one is kept in the data folder otherwise
- DEBUG: 1 to show Django's debug pages (never in production)
- ALLOWED_HOSTS: comma-separated (default: localhost, 127.0.0.1)
- LANGUAGE_CODE: zh-hans (default) or en
- LUOSHI_TODAY: a date (2023-11-27) the app takes as today; `luoshi demo` sets it
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from datetime import date
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent  # the luoshi package


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _data_dir() -> Path:
    if "LUOSHI_DATA_DIR" in os.environ:
        return Path(os.environ["LUOSHI_DATA_DIR"]).resolve()
    if "pytest" in sys.modules:  # the tests never write into a real data folder
        return Path(tempfile.mkdtemp(prefix="luoshi-test-"))
    return Path("luoshi-data").resolve()


DATA_DIR = _data_dir()
DEBUG = env_bool("DEBUG")


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key, encoding="utf-8")
        path.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "luoshi.orgs",
    "luoshi.plans",
    "luoshi.tracking",
    "luoshi.audit",
    "luoshi.dashboard",
    "luoshi.api",
    "luoshi.yearend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "luoshi.web.urls"
WSGI_APPLICATION = "luoshi.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "luoshi.orgs.context.membership",
                "luoshi.web.navigation.nav_items",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'luoshi.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Concurrent readers while one request writes (gunicorn runs several workers).
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "public"

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve from the package without collectstatic in the demo
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"

# The date the app takes as today (tracking.status.today), e.g. 2023-11-27 for the demo; unset: the real date.
LUOSHI_TODAY = os.environ.get("LUOSHI_TODAY") or None
if LUOSHI_TODAY:
    try:
        date.fromisoformat(LUOSHI_TODAY)
    except ValueError:
        raise ValueError(f"LUOSHI_TODAY must be a date such as 2023-11-27, not {LUOSHI_TODAY!r}") from None

# Uploads: a report or an attachment larger than this is refused with a clear message.
LUOSHI_MAX_UPLOAD_BYTES = int(os.environ.get("LUOSHI_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50
