from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "luoshi.plans"
    verbose_name = "报告与目标"
