"""Hand-built people and a plan for the web tests.

One organisation (济南市市中区人民政府) with four departments, the sample
report imported, and one user per role:

- 王督查 (office)             username "office"
- 李发改 (区发展和改革局 user) username "fagai"
- 赵教体 (区教育和体育局 user) username "jiaoti"
- 陈区长 (leader overseeing 区发展和改革局) username "leader"

Tasks 1 and 2 of the plan are assigned to 区发展和改革局 (lead), task 3 to
区教育和体育局; nothing else is assigned.
"""

from __future__ import annotations

from importlib import resources

import pytest
from django.contrib.auth.models import User

from luoshi.orgs.choices import Role
from luoshi.orgs.models import Department, Membership, Organisation, Post
from luoshi.plans.importing import analyse_upload, create_plan
from luoshi.tracking import workflow
from luoshi.tracking.choices import Kind

PASSWORD = "test-password-123"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Hashing passwords properly takes a quarter second each: not needed in tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sample_bytes() -> bytes:
    return resources.files("luoshi").joinpath("samples", "seed-2023-shizhong.txt").read_bytes()


def make_user(username: str, full_name: str, org: Organisation, role: str, department=None, post=None) -> User:
    user = User.objects.create_user(username, password=PASSWORD, first_name=full_name)
    Membership.objects.create(user=user, org=org, role=role, department=department, post=post)
    return user


@pytest.fixture
def org(db):
    return Organisation.objects.create(name="济南市市中区人民政府", region="济南市市中区")


@pytest.fixture
def departments(org):
    names = ["区发展和改革局", "区教育和体育局", "区财政局", "区卫生健康局"]
    return {n: Department.objects.create(org=org, name=n, order=i) for i, n in enumerate(names)}


@pytest.fixture
def people(org, departments):
    leader_post = Post.objects.create(org=org, title="分管副区长", holder_name="陈区长")
    leader_post.oversees.add(departments["区发展和改革局"])
    return {
        "office": make_user("office", "王督查", org, Role.OFFICE),
        "fagai": make_user("fagai", "李发改", org, Role.DEPARTMENT, departments["区发展和改革局"]),
        "jiaoti": make_user("jiaoti", "赵教体", org, Role.DEPARTMENT, departments["区教育和体育局"]),
        "leader": make_user("leader", "陈区长", org, Role.LEADER, post=leader_post),
    }


@pytest.fixture
def plan(org, departments, people):
    analysed = analyse_upload(sample_bytes(), "seed-2023-shizhong.txt", 50 * 1024 * 1024)
    plan = create_plan(org, analysed, people["office"])
    tasks = list(plan.tasks.filter(kind=Kind.TASK).order_by("order")[:3])
    workflow.assign(tasks[0], people["office"], departments["区发展和改革局"], [departments["区财政局"]])
    workflow.assign(tasks[1], people["office"], departments["区发展和改革局"])
    workflow.assign(tasks[2], people["office"], departments["区教育和体育局"])
    return plan


@pytest.fixture
def tasks(plan):
    """The plan's tasks in order (areas left out)."""
    return list(plan.tasks.filter(kind=Kind.TASK).order_by("order"))
