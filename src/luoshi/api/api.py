"""The luoshi REST API: the same data and the same permissions (`restrict`) as the pages.

Mounted at /api/; the OpenAPI document is /api/openapi.json and its docs page
/api/docs (Swagger UI served by the app itself, see docs.py).
"""

from datetime import timedelta

from django.utils import timezone
from ninja import NinjaAPI, Router, Status
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer

from luoshi.orgs.choices import Role
from luoshi.tracking.models import membership_of
from luoshi.tracking.workflow import WorkflowError
from luoshi.yearend.api import router as yearend_router

from .auth import SIGNED_IN, caller
from .docs import LocalSwagger
from .models import ApiToken
from .plans import departments_router
from .plans import router as plans_router
from .progress import chases_router, extensions_router, updates_router
from .schemas import Error, MeOut, TokenCreated, TokenIn, TokenOut
from .targets import router as targets_router
from .tasks import router as tasks_router

DESCRIPTION = """
落实（luoshi）接口：计划、任务、进展报送、指标数据、延期申请、催办和未报送，权限与网页相同。

**数值的单位**：接口中的目标值和指标数据（`value`、报送进展的 `figures`、录入指标数据的 `value`）
一律以指标的基本单位计（元、家、%），不是页面上显示的单位：1300亿元写 `130000000000`。
每个指标的 `display_unit` 给出页面所用的单位及其倍数（亿元：`100000000`），每个数据的 `display`
给出按该单位写出的数值（`650亿元`）。

**认证**
- 脚本：`Authorization: Bearer <令牌>`。令牌用 `python -m django create_api_token 用户名 名称` 生成，
  或在登录状态下 `POST /api/me/tokens`；令牌只显示一次，系统只保存其摘要。
- 网页：登录后的会话；POST 等修改请求须带 `X-CSRFToken` 头。
- 未登录：只能读取已公开的任务及其计划、进展；修改请求返回 401。

**角色**：督查室看全部并分工、审核、催办、办结、公开；部门只看本部门的任务，签收、报送、申请延期；
领导看分管部门的任务。

**错误**：`{"detail": "说明"}`。400 工作流不允许的操作；401 未认证或令牌无效、过期；
403 能看到但无权操作；404 不存在或无权查看；422 参数校验失败。列表分页：`page`、`page_size`（默认 50）。
"""

class JSON(JSONRenderer):
    """JSON with Chinese as it is, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="落实 luoshi",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=LocalSwagger(),
    renderer=JSON(),
)


@api.exception_handler(WorkflowError)
def workflow_error(request, exc: WorkflowError):
    return api.create_response(request, {"detail": str(exc)}, status=400)


me_router = Router(tags=["我"])


@me_router.get("/me", response={200: MeOut, 401: Error}, auth=SIGNED_IN, summary="当前用户")
def me(request):
    """Who the caller is: user, role, organisation, department, post and the departments a leader oversees."""
    user = caller(request)
    m = membership_of(user)
    overseen = list(m.overseen_departments()) if m is not None and m.role == Role.LEADER else []
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "is_superuser": user.is_superuser,
        "auth": "token" if getattr(request, "api_token", None) else "session",
        "role": m.role if m else None,
        "role_label": m.get_role_display() if m else None,
        "org": m.org if m else None,
        "department": m.department if m else None,
        "post": str(m.post) if m and m.post else None,
        "overseen_departments": overseen,
    }


@me_router.get("/me/tokens", response={200: list[TokenOut], 401: Error}, auth=SIGNED_IN, summary="我的接口令牌")
def list_tokens(request):
    return list(ApiToken.objects.filter(user=caller(request)))


@me_router.post("/me/tokens", response={201: TokenCreated, 401: Error, 403: Error}, auth=SIGNED_IN,
                summary="创建接口令牌")
def create_token(request, payload: TokenIn):
    """Make a token for the logged-in user; it is shown once, in this answer. Needs the session, not a token,
    so a token cannot make longer-lived tokens."""
    if getattr(request, "api_token", None) is not None:
        raise HttpError(403, "请在登录状态下创建令牌")
    expires = timezone.now() + timedelta(days=payload.expires_in_days) if payload.expires_in_days else None
    token, raw = ApiToken.issue(caller(request), payload.name, expires)
    token.token = raw
    return Status(201, token)


@me_router.delete("/me/tokens/{token_id}", response={204: None, 401: Error, 404: Error}, auth=SIGNED_IN,
                  summary="作废接口令牌")
def delete_token(request, token_id: int):
    deleted, _ = ApiToken.objects.filter(user=caller(request), pk=token_id).delete()
    if not deleted:
        raise HttpError(404, "令牌不存在")
    return Status(204, None)


api.add_router("", me_router)
api.add_router("", plans_router)
api.add_router("", tasks_router)
api.add_router("", updates_router)
api.add_router("", extensions_router)
api.add_router("", chases_router)
api.add_router("", targets_router)
api.add_router("", departments_router)
api.add_router("", yearend_router)
