"""Documents the office circulates, made on request.

- bulletin: the 督查通报 of a period as .docx or .pdf, for the office and leaders (a leader's holds the tasks
  the leader may see); ?plan= (default the newest), ?period= (2023-11 or 2023-Q4; default the current period),
  ?format=docx|pdf.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from luoshi.dashboard import queries
from luoshi.dashboard.views import choose_plan, office_or_leader

from . import bulletin as bulletins
from . import fonts

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@require_GET
@office_or_leader
def bulletin(request):
    fmt = request.GET.get("format", "docx")
    if fmt not in CONTENT_TYPES:
        return HttpResponseBadRequest(_("格式应为 docx 或 pdf"))
    plan = choose_plan(queries.visible_plans(request.user), request.GET.get("plan"))
    if plan is None:
        raise Http404(_("还没有可以查看的计划。"))
    try:
        period = bulletins.parse_period(request.GET.get("period"), plan.org)
        data = bulletins.gather(request.user, plan, period)
    except bulletins.BulletinError as e:
        return HttpResponseBadRequest(str(e), content_type="text/plain; charset=utf-8")
    try:
        if fmt == "pdf":
            from .bulletin_pdf import render
        else:
            from .bulletin_docx import render
        body = render(data)
    except fonts.FontMissing as e:
        return HttpResponse(str(e), status=500, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, bulletins.filename(data, fmt))
    return response
