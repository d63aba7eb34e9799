"""The Django project of luoshi: settings, URLs and the WSGI entry point."""
