from django.apps import AppConfig


class YearendConfig(AppConfig):
    name = "luoshi.yearend"
    verbose_name = "年终核验"
