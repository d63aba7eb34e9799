"""WSGI entry point for production servers (gunicorn luoshi.web.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.web.settings")
application = get_wsgi_application()
