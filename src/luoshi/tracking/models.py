"""Tasks and everything that happens to them until they are closed.

Every query a view or the API makes goes through `restrict(user, action)`,
the one place that says who may see or do what:

- "view": the office sees all of its organisation; a department user the
  tasks assigned to their department; a leader the tasks of the departments
  their post oversees; anyone (logged in or not) the published tasks.
- "report": a department user on their department's tasks (sign, report
  progress, ask for more time); the office too.
- "manage": the office (assign, review, chase, close, publish).

The public (anonymous callers, and logged-in users of no organisation) sees of
a published task only the progress updates the office accepted: nothing still
waiting for review, sent back or closed unreviewed. Targets and their figures
follow: `restrict_targets` and `visible_figures`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from luoshi.orgs.choices import Role
from luoshi.orgs.models import Department, Membership, Post
from luoshi.plans.models import Plan, Target

from .choices import (
    AssignmentRole,
    ChaseKind,
    ExtensionStatus,
    Kind,
    Source,
    State,
    UpdateStatus,
)

ACTIONS = ("view", "report", "manage")


def membership_of(user) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def _restrict(queryset, user, action: str, task_path: str):
    """Filter `queryset` (of tasks, or of things reached through `task_path`) to what `user` may `action`."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    prefix = f"{task_path}__" if task_path else ""
    if user is None or not user.is_authenticated:
        return queryset.filter(**{f"{prefix}published": True}) if action == "view" else queryset.none()
    if user.is_superuser:
        return queryset
    m = membership_of(user)
    if m is None:
        return queryset.filter(**{f"{prefix}published": True}) if action == "view" else queryset.none()
    queryset = queryset.filter(**{f"{prefix}plan__org_id": m.org_id})
    if m.role == Role.OFFICE:
        return queryset
    if m.role == Role.DEPARTMENT and action in ("view", "report") and m.department_id:
        tasks = Assignment.objects.filter(department_id=m.department_id).values("task_id")
    elif m.role == Role.LEADER and action == "view":
        tasks = Assignment.objects.filter(department__in=m.overseen_departments()).values("task_id")
    else:
        return queryset.none()
    return queryset.filter(**{f"{prefix}pk__in" if task_path else "pk__in": tasks})


def sees_as_public(user) -> bool:
    """Whether `user` sees what the public sees: not logged in, or logged in without a place in an organisation."""
    if user is None or not user.is_authenticated:
        return True
    return not user.is_superuser and membership_of(user) is None


class TaskQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        return _restrict(self, user, action, "")


class Task(models.Model):
    """A unit of supervised work: an area, a task of the report, or a sub-task."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name="计划")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children",
                               verbose_name="上级")
    kind = models.CharField("层级", max_length=10, choices=Kind.choices, default=Kind.TASK)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.REPORT)
    title = models.CharField("任务", max_length=300)
    text = models.TextField("内容", blank=True)
    start = models.PositiveIntegerField("原文起点", null=True, blank=True)
    end = models.PositiveIntegerField("原文终点", null=True, blank=True)
    order = models.PositiveIntegerField("序号", default=0)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.IMPORTED)
    deadline = models.DateField("完成时限", null=True, blank=True)
    percent = models.PositiveSmallIntegerField("完成比例", default=0)
    published = models.BooleanField("公开", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "任务"
        ordering = ["plan", "order"]
        indexes = [
            models.Index(fields=["plan", "kind", "order"]),
            models.Index(fields=["state"]),
            models.Index(fields=["deadline"]),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def from_db(cls, db, field_names, values):
        task = super().from_db(db, field_names, values)
        if "deadline" in field_names:
            task._stored_deadline = task.deadline
        return task

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None or "deadline" in fields:
            self._stored_deadline = self.deadline

    def save(self, *args, **kwargs):
        """Save; when the deadline changed (an office edit, a granted extension), the milestones nobody edited
        follow it. Done here so that every way of changing a deadline moves them, in its transaction."""
        update_fields = kwargs.get("update_fields")
        moved = (self.pk is not None and hasattr(self, "_stored_deadline") and self.deadline != self._stored_deadline
                 and (update_fields is None or "deadline" in update_fields))
        super().save(*args, **kwargs)
        self._stored_deadline = self.deadline
        if moved:
            from .milestones import follow_deadline  # milestones.py builds on these models

            follow_deadline(self)

    @property
    def lead(self) -> Assignment | None:
        return next((a for a in self.assignments.all() if a.role == AssignmentRole.LEAD), None)


class Assignment(models.Model):
    """A department on a task, as lead (牵头) or co-operating (责任), with the posts responsible."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments", verbose_name="任务")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="assignments",
                                   verbose_name="部门")
    role = models.CharField("角色", max_length=10, choices=AssignmentRole.choices, default=AssignmentRole.LEAD)
    leader_post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name="责任领导")
    contact_post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                     verbose_name="责任人")
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name="签收人")

    class Meta:
        verbose_name = verbose_name_plural = "责任分工"
        ordering = ["task", "role", "department"]
        constraints = [models.UniqueConstraint(fields=["task", "department"], name="assignment_unique")]


class UpdateQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        """The updates of the tasks `user` may `action`; the public sees only accepted ones."""
        queryset = _restrict(self, user, action, "task")
        if action == "view" and sees_as_public(user):
            queryset = queryset.filter(status=UpdateStatus.ACCEPTED)
        return queryset


class MilestoneQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        return _restrict(self, user, action, "task")


class Milestone(models.Model):
    """A checkpoint of a task (季度节点): by `date`, `expected` percent of it should be done.

    Made for a task spanning more than a quarter at the quarter ends (milestones.add_quarter_milestones); those
    follow the task's deadline when it moves. One the office changed or added is `edited` and stays put.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones", verbose_name="任务")
    date = models.DateField("节点日期")
    expected = models.PositiveSmallIntegerField("应完成比例")
    note = models.CharField("说明", max_length=200, blank=True)
    edited = models.BooleanField("已人工调整", default=False)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "里程碑"
        ordering = ["task", "date", "pk"]
        indexes = [models.Index(fields=["task", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.expected}%"


class ProgressUpdate(models.Model):
    """A department's report for one period: 进展情况, 存在问题, 下一步措施, percent and figures."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates", verbose_name="任务")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="updates",
                                   verbose_name="部门")
    period = models.DateField("报送期", help_text="该期的第一天")
    progress = models.TextField("进展情况")
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下一步措施", blank=True)
    percent = models.PositiveSmallIntegerField("完成比例")
    is_final = models.BooleanField("申请办结", default=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+", verbose_name="报送人")
    submitted_at = models.DateTimeField("报送时间", auto_now_add=True)
    status = models.CharField("审核", max_length=10, choices=UpdateStatus.choices, default=UpdateStatus.SUBMITTED)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="审核人")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)

    objects = UpdateQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "进展报送"
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["task", "period"]),
            models.Index(fields=["department", "period"]),
            models.Index(fields=["status"]),
        ]


class Figure(models.Model):
    """A value of an indicator for a period, in the target's base unit (元, 家, %).

    Either reported by a department with its progress update (`update` set; the period is the update's), or
    recorded by the office for any target of its plans, typically a main target's figure from the statistics
    bureau (`update` empty; `note` says where it comes from, 统计局月报). Both kinds keep who recorded them
    and when, and the latest is the one of the latest period, then the latest recorded.
    """

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="figures", verbose_name="进展报送")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="figures", verbose_name="指标")
    period = models.DateField("数据期", help_text="数据所属的期（月份的第一天）")
    value = models.FloatField("数值")
    note = models.CharField("来源或说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="录入人")
    recorded_at = models.DateTimeField("录入时间", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标数据"
        indexes = [models.Index(fields=["target", "period"])]

    def save(self, *args, **kwargs):
        """A figure of an update takes the update's period, submitter and time unless given others; any other is
        recorded now (`timezone.now()`, looked up when saving)."""
        if self.update_id is not None:
            if self.period is None:
                self.period = self.update.period
            if self.recorded_by_id is None:
                self.recorded_by_id = self.update.submitted_by_id
            if self.recorded_at is None:
                self.recorded_at = self.update.submitted_at
        if self.recorded_at is None:
            self.recorded_at = timezone.now()
        super().save(*args, **kwargs)


class Attachment(models.Model):
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    name = models.CharField("文件名", max_length=255)
    size = models.PositiveIntegerField("大小")


class Chase(models.Model):
    """A reminder (催办) from the office to a department about a task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="chases", verbose_name="任务")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="chases",
                                   verbose_name="部门")
    kind = models.CharField("方式", max_length=20, choices=ChaseKind.choices, default=ChaseKind.SINGLE)
    message = models.TextField("催办内容")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name="催办人")
    created_at = models.DateTimeField("催办时间", auto_now_add=True)
    read_at = models.DateTimeField("查看时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "催办"
        ordering = ["-created_at"]


class ExtensionRequest(models.Model):
    """A department's request for a later deadline (申请延期); both deadlines stay on record."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions", verbose_name="任务")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+", verbose_name="部门")
    old_deadline = models.DateField("原时限", null=True, blank=True)
    new_deadline = models.DateField("申请时限")
    reason = models.TextField("理由")
    status = models.CharField("状态", max_length=10, choices=ExtensionStatus.choices,
                              default=ExtensionStatus.PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "延期申请"
        ordering = ["-created_at"]


def restrict_targets(user, action: str = "view"):
    """The targets (main targets and targets of tasks) `user` may see or record figures for.

    - "view": the targets of every plan holding a task the user may view (the plan is theirs to read);
    - "manage": the office, every target of its organisation's plans (a superuser: all).
    """
    if action not in ("view", "manage"):
        raise ValueError(f"unknown action {action!r}")
    if action == "view":
        return Target.objects.filter(plan__in=Task.objects.restrict(user, "view").values("plan_id"))
    if user is None or not user.is_authenticated:
        return Target.objects.none()
    if user.is_superuser:
        return Target.objects.all()
    m = membership_of(user)
    if m is None or m.role != Role.OFFICE:
        return Target.objects.none()
    return Target.objects.filter(plan__org_id=m.org_id)


def visible_figures(user):
    """The figures `user` may see: the office's (no update) of the targets they may see, and those of the
    updates they may see (the public: accepted ones only), without the figures of updates sent back."""
    updates = ProgressUpdate.objects.restrict(user).exclude(status=UpdateStatus.RETURNED)
    return Figure.objects.filter(
        models.Q(update__isnull=True, target__in=restrict_targets(user).values("pk"))
        | models.Q(update__in=updates.values("pk"))
    )


def counted_figures(user):
    """The figures that count as a target's data for `user` (the dashboard's latest figure, the 指标数据 page):
    those the office recorded, and those of accepted updates of tasks `user` may see. Callers narrow it to
    targets `user` may see."""
    return Figure.objects.filter(
        models.Q(update__isnull=True)
        | models.Q(update__status=UpdateStatus.ACCEPTED, update__task__in=Task.objects.restrict(user).values("pk"))
    )


# The order of figures everywhere: the latest period first, then the latest recorded.
FIGURE_ORDER = ("-period", "-recorded_at", "-pk")
