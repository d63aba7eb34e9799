from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "luoshi.dashboard"
    verbose_name = "总览"
