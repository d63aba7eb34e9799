"""The main menu, by role: one list, so every page shows the same menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from luoshi.orgs.choices import Role
from luoshi.tracking.models import membership_of

# (url name, label, roles that see it; None = every logged-in user)
MENU = [
    ("dashboard", _("总览"), {Role.OFFICE, Role.LEADER}),
    ("inbox", _("我的任务"), {Role.DEPARTMENT}),
    ("task_list", _("任务清单"), None),
    ("review_queue", _("审核"), {Role.OFFICE}),
    ("plan_list", _("报告"), {Role.OFFICE, Role.LEADER}),
    ("import_report", _("导入报告"), {Role.OFFICE}),
    ("yearend_list", _("年终核验"), {Role.OFFICE, Role.LEADER, Role.DEPARTMENT}),
    ("org_settings", _("设置"), {Role.OFFICE}),
]


def nav_items(request):
    """Context processor: the menu items this user sees, the current one marked."""
    if not request.user.is_authenticated:
        return {"nav_items": []}
    m = membership_of(request.user)
    role = m.role if m else (Role.OFFICE if request.user.is_superuser else None)
    items = []
    for name, label, roles in MENU:
        if roles is not None and role not in roles:
            continue
        try:
            url = reverse(name)
        except Exception:  # a page not built yet
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url) and url != "/"})
    return {"nav_items": items}
