import mimetypes

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conferences.access import get_conference_for
from conferences.composition import carry_over_section, conference_with_record
from frontwork.accounts.permissions import can, require
from frontwork.views import apply
from recommendations import cells, exports, services
from recommendations.access import get_directive_for, get_recommendation_for
from recommendations.charts import bar_chart, year_chart
from recommendations.models import Recommendation
from recommendations.pager import cheap_page
from recommendations.register_forms import (
    AnswerAtConferenceForm,
    AssignForm,
    CloseForm,
    CompletionReportForm,
    DirectiveDueForm,
    ForwardForm,
    LinkPreviousForm,
    ReplyForm,
)
from recommendations.registers import DIRECTIVES, RECOMMENDATIONS
from recommendations.selectors import (
    dashboard_figures,
    earlier_candidates,
    earlier_recommendations,
    open_items_before,
    register_order,
)

PAGE_SIZE = 50


# --- the registers (recommendations and directives: urls.py gives the kind) -------------------


def _query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _filtered(request, kind):
    """The kind's filter set on the query string, and the rows it selects, in register order."""
    filterset = kind.filterset(request.GET or None, queryset=kind.rows(request.user), user=request.user)
    rows = filterset.qs.order_by(*register_order(searching=bool(filterset.applied.get("q"))))
    return filterset, rows


@login_required
def register(request, kind):
    filterset, rows = _filtered(request, kind)
    page = cheap_page(kind.page_rows(rows), request.GET.get("page"), PAGE_SIZE)
    columns = kind.page_columns
    return render(
        request,
        "recommendations/register.html",
        {
            "kind": kind,
            "form": filterset.form,
            "filters": filterset.applied,
            "page": page,
            "columns": columns,
            "rows": cells.rows(columns, kind.prepare(page.object_list)),
            "query": _query_without_page(request),
        },
    )


@login_required
def register_export(request, kind, fmt):
    """The filtered register as a file; with a filter value that is not valid, back to the page,
    which says which."""
    filterset, rows = _filtered(request, kind)
    if filterset.is_bound and not filterset.is_valid():
        return redirect(f"{reverse(kind.list_url)}?{request.GET.urlencode()}")
    if fmt == "xlsx":
        return exports.export_xlsx(kind.columns, rows, title=str(kind.sheet), filename=kind.filename)
    return exports.export_csv(kind.columns, rows, filename=kind.filename)


# --- one item's page --------------------------------------------------------------------------


def _item_page(request, kind, item, template, context):
    return render(request, template, {"kind": kind, "item": item, **context})


@login_required
def detail(request, pk):
    get_recommendation_for(request.user, pk)
    recommendation = (
        RECOMMENDATIONS.rows(request.user)
        .select_related("previous__conference")
        .prefetch_related("events__actor", "repeats__conference")
        .get(pk=pk)
    )
    steps = services.allowed_steps(request.user, recommendation)
    can_manage = can(request.user, "recommendation.manage", recommendation)
    query = request.GET.get("tim", "").strip()
    context = {
        "steps": steps,
        "Status": Recommendation.Status,
        "can_manage": can_manage and recommendation.is_open,
        "forward_form": ForwardForm() if Recommendation.Status.FORWARDED in steps else None,
        "reply_form": ReplyForm() if Recommendation.Status.ANSWERED in steps else None,
        # Answered at the conference itself: no forwarding letter, the conference's date.
        "on_spot_form": AnswerAtConferenceForm()
        if recommendation.status in Recommendation.AWAITING_REPLY_STATUSES
        and can(request.user, "recommendation.answer", recommendation)
        else None,
        "close_form": CloseForm()
        if {Recommendation.Status.RESOLVED, Recommendation.Status.NOT_ACCEPTED} & set(steps)
        else None,
    }
    if context["can_manage"]:
        context["assign_form"] = AssignForm(
            user=request.user,
            initial={"department": recommendation.department_id, "due_date": recommendation.due_date},
        )
    if can_manage:
        context["candidates"] = earlier_candidates(request.user, recommendation, query)
        context["candidate_query"] = query
    return _item_page(request, RECOMMENDATIONS, recommendation, "recommendations/detail.html", context)


def _apply(request, item, form, service, done):
    """A follow-up step from a form: the service gets the item (named after its model), the user
    and the form's values; back to the item's page with `done`, or with why it was refused."""
    arguments = {item._meta.model_name: item, "by": request.user}
    return apply(request, service, item, done, form=form, **arguments)


# The follow-up steps by their URL name: the form, the service, the status the step leads to.
STEPS = {
    "chuyen": (ForwardForm, services.recommendation_forward, Recommendation.Status.FORWARDED),
    "tra-loi": (ReplyForm, services.recommendation_record_reply, Recommendation.Status.ANSWERED),
    "tra-loi-tai-hoi-nghi": (
        AnswerAtConferenceForm,
        services.recommendation_answer_at_conference,
        Recommendation.Status.ANSWERED,
    ),
    "giai-quyet": (CloseForm, services.recommendation_resolve, Recommendation.Status.RESOLVED),
    "khong-tiep-thu": (CloseForm, services.recommendation_reject, Recommendation.Status.NOT_ACCEPTED),
}


@login_required
@require_POST
def take_step(request, pk, step):
    """One follow-up step: chuyen (forward), tra-loi (record reply), giai-quyet, khong-tiep-thu."""
    recommendation = get_recommendation_for(request.user, pk, write=True)
    if step not in STEPS:
        raise Http404
    form_class, service, status = STEPS[step]
    done = _("Đã cập nhật trạng thái: %(s)s.") % {"s": status.label}
    return _apply(request, recommendation, form_class(request.POST, request.FILES), service, done)


@login_required
@require_POST
def assign(request, pk):
    recommendation = get_recommendation_for(request.user, pk, write=True)
    form = AssignForm(request.POST, user=request.user)
    return _apply(request, recommendation, form, services.recommendation_assign, _("Đã giao theo dõi."))


@login_required
@require_POST
def link_previous(request, pk):
    recommendation = get_recommendation_for(request.user, pk, write=True)
    form = LinkPreviousForm(request.POST, queryset=earlier_recommendations(request.user, recommendation))
    done = _("Đã cập nhật liên kết với kiến nghị trước.")
    return _apply(request, recommendation, form, services.recommendation_link_previous, done)


@login_required
def attachment(request, pk):
    recommendation = get_recommendation_for(request.user, pk)
    if not recommendation.reply_file or not default_storage.exists(recommendation.reply_file):
        raise Http404
    content_type = mimetypes.guess_type(recommendation.reply_file_name)[0] or "application/octet-stream"
    return FileResponse(
        default_storage.open(recommendation.reply_file, "rb"),
        as_attachment=True,
        filename=recommendation.reply_file_name or recommendation.reply_file.rsplit("/", 1)[-1],
        content_type=content_type,
    )


@login_required
def directive_detail(request, pk):
    get_directive_for(request.user, pk)
    directive = (
        DIRECTIVES.rows(request.user).prefetch_related("reports__unit", "reports__submitted_by").get(pk=pk)
    )
    can_report = (
        can(request.user, "directive.report", directive) and directive.status != directive.Status.DONE
    )
    context = {
        "report_form": CompletionReportForm() if can_report else None,
        "due_form": DirectiveDueForm(initial={"due_date": directive.due_date})
        if can(request.user, "directive.manage", directive)
        else None,
    }
    return _item_page(request, DIRECTIVES, directive, "recommendations/directive_detail.html", context)


@login_required
@require_POST
def directive_report(request, pk):
    directive = get_directive_for(request.user, pk, action="report")
    form = CompletionReportForm(request.POST)
    done = _("Đã gửi báo cáo kết quả thực hiện.")
    return _apply(request, directive, form, services.directive_report, done)


@login_required
@require_POST
def directive_due(request, pk):
    directive = get_directive_for(request.user, pk, action="manage")
    form = DirectiveDueForm(request.POST)
    return _apply(request, directive, form, services.directive_set_due_date, _("Đã cập nhật thời hạn."))


# --- carry-over and dashboard -----------------------------------------------------------------


@login_required
def carry_over(request, pk):
    conference = get_conference_for(request.user, pk)
    recommendations, directives_ = open_items_before(request.user, conference)
    # The results of the conference it follows up (resolved, answered, pending), as the report
    # prints them.
    followed = carry_over_section(conference_with_record(conference.pk, units=False))
    return render(
        request,
        "recommendations/carry_over.html",
        {
            "conference": conference,
            "recommendations": recommendations,
            "directives": directives_,
            "followed": followed,
        },
    )


@login_required
def dashboard(request):
    require(request.user, "dashboard.view")
    figures = dashboard_figures(request.user)
    status_chart = bar_chart(
        [(label, n, f"bar-{value}") for value, label, n in figures["statuses"]],
    )
    addressee_chart = bar_chart(
        [
            (
                row["addressee__short_name"] or row["addressee__name"] or _("Chưa xác định"),
                row["total"],
                "bar-total",
            )
            for row in figures["by_addressee"]
        ],
    )
    years = year_chart(figures["by_year"])
    return render(
        request,
        "recommendations/dashboard.html",
        {**figures, "status_chart": status_chart, "addressee_chart": addressee_chart, "year_chart": years},
    )
