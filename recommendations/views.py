import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conferences.access import get_conference_for
from conferences.composition import carry_over_section, conference_with_record
from frontwork.accounts.permissions import can, require
from recommendations import exports, services
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
    DirectiveFilterForm,
    ForwardForm,
    LinkPreviousForm,
    RecommendationFilterForm,
    ReplyForm,
)
from recommendations.selectors import (
    dashboard_figures,
    directive_register,
    earlier_candidates,
    earlier_recommendations,
    open_items_before,
    recommendation_register,
)

PAGE_SIZE = 50


def _query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _register_page(request, form_class, selector, template):
    form = form_class(request.GET or None, user=request.user)
    page = cheap_page(selector(request.user, form.filters), request.GET.get("page"), PAGE_SIZE)
    return render(request, template, {"form": form, "page": page, "query": _query_without_page(request)})


def _register_export(request, fmt, form_class, selector, columns, title, filename):
    form = form_class(request.GET or None, user=request.user)
    rows = selector(request.user, form.filters)
    if fmt == "xlsx":
        return exports.export_xlsx(columns, rows, title=title, filename=filename)
    return exports.export_csv(columns, rows, filename=filename)


# --- recommendations register ---------------------------------------------------------------


@login_required
def register(request):
    return _register_page(
        request, RecommendationFilterForm, recommendation_register, "recommendations/register.html"
    )


@login_required
def register_export(request, fmt):
    return _register_export(
        request,
        fmt,
        RecommendationFilterForm,
        recommendation_register,
        exports.RECOMMENDATION_COLUMNS,
        _("Kiến nghị"),
        "so-theo-doi-kien-nghi",
    )


@login_required
def detail(request, pk):
    recommendation = get_recommendation_for(request.user, pk)
    recommendation = (
        recommendation_register(request.user)
        .prefetch_related("events__actor", "repeats__conference")
        .get(pk=pk)
    )
    steps = services.allowed_steps(request.user, recommendation)
    can_manage = can(request.user, "recommendation.manage", recommendation)
    query = request.GET.get("tim", "").strip()
    context = {
        "item": recommendation,
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
    return render(request, "recommendations/detail.html", context)


def _apply(request, item, form, service, done):
    """A follow-up step from a form: the service gets the item (named after its model), the user
    and the form's values; back to the item's page with `done`, or with why it was refused."""
    if not form.is_valid():
        return _refused(request, item, form=form)
    try:
        service(**{item._meta.model_name: item}, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, item, error=error)
    messages.success(request, done)
    return redirect(item)


def _refused(request, item, *, form=None, error=None):
    """Back to the item's page with why: the form's errors (each with its field's label) or the
    service's refusal, as messages."""
    if form is not None:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for text in errors:
                messages.error(request, f"{label}: {text}" if label else text)
    else:
        for text in error.messages:
            messages.error(request, text)
    return redirect(item)


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


# --- directives -------------------------------------------------------------------------------


@login_required
def directives(request):
    return _register_page(request, DirectiveFilterForm, directive_register, "recommendations/directives.html")


@login_required
def directives_export(request, fmt):
    return _register_export(
        request,
        fmt,
        DirectiveFilterForm,
        directive_register,
        exports.DIRECTIVE_COLUMNS,
        _("Kết luận, chỉ đạo"),
        "so-theo-doi-ket-luan",
    )


@login_required
def directive_detail(request, pk):
    directive = get_directive_for(request.user, pk)
    directive = (
        directive_register(request.user).prefetch_related("reports__unit", "reports__submitted_by").get(pk=pk)
    )
    can_report = (
        can(request.user, "directive.report", directive) and directive.status != directive.Status.DONE
    )
    return render(
        request,
        "recommendations/directive_detail.html",
        {
            "item": directive,
            "report_form": CompletionReportForm() if can_report else None,
            "due_form": DirectiveDueForm(initial={"due_date": directive.due_date})
            if can(request.user, "directive.manage", directive)
            else None,
        },
    )


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
