"""Choices of the orgs app, with their labels as data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    NATIONAL = "national", "国家"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    DISTRICT = "district", "区级"


class DepartmentKind(models.TextChoices):
    DEPARTMENT = "department", "部门"
    STREET = "street", "街道"
    TOWN = "town", "镇"
    ENTERPRISE = "enterprise", "国企"
    OTHER = "other", "其他"


class Role(models.TextChoices):
    OFFICE = "office", _("督查室")
    DEPARTMENT = "department", _("部门")
    LEADER = "leader", _("领导")


class Cycle(models.TextChoices):
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"


class ColourScheme(models.TextChoices):
    RED_YELLOW_GREEN = "rgy", "红黄绿"
    BLUE_YELLOW_RED = "byr", "蓝黄红"
