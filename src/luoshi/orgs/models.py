"""An organisation (a government), its departments, posts and members."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .choices import ColourScheme, Cycle, DepartmentKind, Level, Role


class Organisation(models.Model):
    """A government whose report is tracked (济南市市中区人民政府), with its tracking rules."""

    name = models.CharField("名称", max_length=100, unique=True)
    region = models.CharField("地区", max_length=100, blank=True)
    level = models.CharField("层级", max_length=20, choices=Level.choices, default=Level.DISTRICT)
    cycle = models.CharField("报送周期", max_length=20, choices=Cycle.choices, default=Cycle.MONTHLY)
    due_day = models.PositiveSmallIntegerField("报送截止日", default=25, help_text="每期报送的截止日（1–28）")
    lag_margin = models.PositiveSmallIntegerField(
        "进度容差（百分点）", default=10, help_text="完成比例低于序时进度超过此值为欠进度，高于此值为超进度"
    )
    colour_scheme = models.CharField("颜色方案", max_length=10, choices=ColourScheme.choices,
                                     default=ColourScheme.RED_YELLOW_GREEN)

    class Meta:
        verbose_name = verbose_name_plural = "组织"

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A department as the government names it (区发展和改革局), with its short names."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="departments", verbose_name="组织")
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    aliases = models.CharField("别名", max_length=200, blank=True, help_text="以、分隔")
    kind = models.CharField("类型", max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.DEPARTMENT)
    duties = models.TextField("职责", blank=True)
    contact = models.CharField("联系人", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "部门"
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return self.short_name or self.name


class Post(models.Model):
    """A post (分管副区长, 区发展和改革局局长): tasks hang on posts, so a successor inherits them."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="posts", verbose_name="组织")
    title = models.CharField("职务", max_length=100)
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="posts", verbose_name="所属部门")
    holder_name = models.CharField("现任", max_length=50, blank=True)
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="posts", verbose_name="现任用户")
    oversees = models.ManyToManyField(Department, blank=True, related_name="overseen_by", verbose_name="分管部门")

    class Meta:
        verbose_name = verbose_name_plural = "职务"
        ordering = ["org", "title"]

    def __str__(self) -> str:
        return f"{self.title}（{self.holder_name}）" if self.holder_name else self.title


class Membership(models.Model):
    """What a user is in the organisation: office, a department's user, or a leader."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership",
                                verbose_name="用户")
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members", verbose_name="组织")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="members", verbose_name="部门")
    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="members",
                             verbose_name="职务")

    class Meta:
        verbose_name = verbose_name_plural = "成员"

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    def overseen_departments(self):
        """The departments a leader oversees through their post."""
        if self.post_id is None:
            return Department.objects.none()
        return self.post.oversees.all()
