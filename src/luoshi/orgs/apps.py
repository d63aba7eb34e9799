from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "luoshi.orgs"
    verbose_name = "组织与部门"
