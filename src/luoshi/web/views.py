"""Pages of the project itself: the home page sends each role where it works."""

from django.shortcuts import redirect

from luoshi.orgs.choices import Role
from luoshi.tracking.models import membership_of


def home(request):
    m = membership_of(request.user)
    if m is None:
        return redirect("public" if not request.user.is_authenticated else "task_list")
    if m.role == Role.DEPARTMENT:
        return redirect("inbox")
    return redirect("dashboard")
