"""The final report of a conference: its fields, PDF jobs, versions, approval and .docx export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conferences.composition import compose_frame, conference_with_record
from frontwork.accounts.permissions import can, require
from reports.final import selectors, services
from reports.final.access import get_final_report_for, get_render_job_for, get_report_version_for
from reports.final.document import place_name, print_context
from reports.final.forms import FinalReportForm
from reports.final.models import FinalReport
from reports.final.wordexport import final_report_docx as final_report_docx_content


def _final_report_page_context(request, conference, report):
    user = request.user
    can_render = can(user, "report.render", conference)
    can_approve = can(user, "report.approve", conference)
    versions, in_force = selectors.listed_versions(user, report)
    newest = versions[0] if versions and can_render else None
    return {
        "conference": conference,
        "report": report,
        "versions": versions,
        "job": selectors.latest_job(report, versions) if report and can_render else None,
        "can_edit": can(user, "report.change", conference),
        "can_render": can_render,
        "can_approve": can_approve,
        "in_force": in_force,
        "locked": report is not None and selectors.is_locked(report, in_force),
        "newest": newest,
        # Why the newest version cannot be approved yet, told before anyone tries.
        "approval_problems": selectors.approval_problems(newest, report, newest)
        if can_approve and newest and not newest.is_approved
        else [],
    }


def _report_form(request, conference, report):
    """The bound form of the final report, checked against an unsaved report first (bad input
    saves nothing, not even the report); and the report once the form is valid and saved, else
    None. The save button and "Tạo bản PDF" with the form's values both go through here."""
    composition = compose_frame(conference)
    composed = {"opening": composition.opening, "closing": composition.closing}
    instance = (
        FinalReport.objects.get(pk=report.pk)
        if report
        else FinalReport(conference=conference, **services.final_report_defaults(conference, composition))
    )
    form = FinalReportForm(request.POST, instance=instance, composed=composed)
    if not form.is_valid():
        return form, None
    report = report or services.final_report_get_or_create(conference=conference, user=request.user)
    fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
    try:
        report = services.final_report_update(
            report=report, user=request.user, expected_revision=form.cleaned_data["revision"], **fields
        )
    except ValidationError as error:
        form.add_error(None, error)
        if getattr(error, "code", None) == "stale":  # saving again, after a look, goes through
            form.data = form.data.copy()
            form.data["revision"] = FinalReport.objects.values_list("revision", flat=True).get(pk=report.pk)
        return form, None
    return form, report


def _preview(request, conference, instance):
    """Page 1 of the report as it would print `instance` (saved or not): the sheet that htmx puts
    into the preview element of the report's page."""
    record = conference_with_record(conference.pk, units=False)
    context = print_context(instance, selectors.layout_settings_for(conference.host_unit), record)
    return render_to_string(
        "reports/includes/page1_sheet.html", {**context, "conference": conference}, request=request
    )


def _page(request, conference, report, form=None, status=200):
    """The report's page, with `form` as sent when it comes back with errors; else, to those who
    may change the report while it is not locked, the form of the saved report (or of a new one,
    not saved until someone saves it or asks for a PDF: GET changes nothing)."""
    context = _final_report_page_context(request, conference, report)
    if form is None and context["can_edit"] and not context["locked"]:
        composition = compose_frame(conference)  # the form needs no more of the record
        composed = {"opening": composition.opening, "closing": composition.closing}
        unsaved = FinalReport(
            conference=conference, **services.final_report_defaults(conference, composition)
        )
        form = FinalReportForm(instance=report or unsaved, composed=composed)
    context["form"] = form
    # The PDF prints "…" where the place name goes until one is given (report or layout): said to
    # those who make the PDF and to those who approve it.
    context["missing_place"] = (
        (context["can_render"] or context["can_approve"])
        and not context["locked"]
        and not place_name(
            report, getattr(form, "layout", None) or selectors.layout_settings_for(conference.host_unit)
        )
    )
    # The report's own opening or closing that no longer reads as the record composes it.
    if report is not None and (report.opening or report.closing):
        context["drift"] = selectors.text_drift(report, compose_frame(conference))
    return render(request, "reports/final_report.html", context, status=status)


def _refused_while_locked(request, conference, report):
    """The report is locked by its approval: say so and change nothing."""
    in_force = selectors.version_in_force(report)
    if report is not None and selectors.is_locked(report, in_force):
        messages.error(request, selectors.locked_message(in_force))
        return redirect("reports:final_report", pk=conference.pk)
    return None


@login_required
def final_report(request, pk):
    """The final report of a conference: its fields, PDF jobs and versions."""

    conference, report = get_final_report_for(
        request.user, pk, action="edit" if request.method == "POST" else "view"
    )
    form = None
    if request.method == "POST":
        refused = _refused_while_locked(request, conference, report)
        if refused:
            return refused
        form, saved = _report_form(request, conference, report)
        if saved:
            messages.success(request, _("Đã lưu báo cáo."))
            return redirect("reports:final_report", pk=conference.pk)
        report = FinalReport.objects.filter(pk=report.pk).first() if report else None
    return _page(request, conference, report, form)


@login_required
@require_POST
def final_report_follow_record(request, pk):
    """ "Tạo lại theo biên bản": the opening or closing is composed from the record again."""
    conference, report = get_final_report_for(request.user, pk, action="edit")
    refused = _refused_while_locked(request, conference, report)
    if refused:
        return refused
    if report is None:
        raise Http404
    try:
        services.final_report_follow_record(
            report=report, user=request.user, field=request.POST.get("field", "")
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Đã tạo lại đoạn văn theo biên bản."))
    return redirect("reports:final_report", pk=conference.pk)


@login_required
@require_POST
def final_report_preview(request, pk):
    """Page 1 as the PDF will print it, from the form's values as typed (htmx, while staff type):
    letterhead, number, place and date, title, body and signature. Nothing is saved; a value that
    is not valid yet shows as it was."""

    conference, report = get_final_report_for(request.user, pk, action="edit")
    composition = compose_frame(conference)
    composed = {"opening": composition.opening, "closing": composition.closing}
    instance = (
        FinalReport.objects.get(pk=report.pk)
        if report
        else FinalReport(conference=conference, **services.final_report_defaults(conference, composition))
    )
    form = FinalReportForm(request.POST, instance=instance, composed=composed)
    form.is_valid()  # puts the valid values on the unsaved instance; nothing is written
    return HttpResponse(_preview(request, conference, form.instance))


@login_required
@require_POST
def final_report_render(request, pk):
    """Ask for a PDF; answers htmx with the job fragment, others with a redirect. Staff ask from
    the report's form: what they typed is saved first, as by the save button (or, if it is not
    valid, the page comes back with the typed values and no PDF is made), so a PDF never shows
    older values than the form."""

    conference, report = get_final_report_for(request.user, pk, action="render")
    if request.POST.get("with_form") and can(request.user, "report.change", conference):
        refused = _refused_while_locked(request, conference, report)
        if refused:
            return refused
        form, saved = _report_form(request, conference, report)
        if not saved:
            messages.error(
                request,
                _(
                    "Chưa tạo bản PDF: nội dung báo cáo có lỗi. Các giá trị vừa nhập vẫn còn; sửa rồi bấm lại."
                ),
            )
            report = FinalReport.objects.filter(pk=report.pk).first() if report else None
            return _page(request, conference, report, form)
        report = saved
    if report is None:
        report = services.final_report_get_or_create(conference=conference, user=request.user)
    try:
        job = services.final_report_request(report=report, user=request.user)
    except ValidationError as error:
        if request.htmx:
            context = _final_report_page_context(request, conference, report)
            context["render_errors"] = error.messages
            return render(request, "reports/includes/render_status.html", context)
        for message in error.messages:
            messages.error(request, message)
        return redirect("reports:final_report", pk=conference.pk)
    if request.htmx:
        context = _final_report_page_context(request, conference, report)
        context["job"] = job
        return render(request, "reports/includes/render_status.html", context)
    return redirect("reports:final_report", pk=conference.pk)


@login_required
@require_POST
def final_report_revise(request, pk):
    """ "Sửa đổi": open a new revision of the approved report (staff)."""

    conference, report = get_final_report_for(request.user, pk, action="edit")
    if report is None:
        raise Http404
    try:
        services.final_report_revise(report=report, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "Đã mở bản sửa đổi. Bản đã phê duyệt vẫn là bản chính thức cho đến khi phiên bản mới "
                "được phê duyệt; bản sửa đổi cần một số mới."
            ),
        )
    return redirect("reports:final_report", pk=conference.pk)


@login_required
def render_job_status(request, pk):
    """The job's progress and the versions list (polled by htmx while the job is pending)."""
    job = get_render_job_for(request.user, pk)
    report = job.final_report
    context = _final_report_page_context(request, report.conference, report)
    context["job"] = job
    return render(request, "reports/includes/render_status.html", context)


@login_required
def report_version_download(request, pk):
    """The PDF of a version, through an access check (never a public media URL)."""

    version = get_report_version_for(request.user, pk)
    response = FileResponse(
        default_storage.open(version.file.name, "rb"),
        as_attachment=True,
        filename=version.download_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def report_version_approve(request, pk):

    version = get_report_version_for(request.user, pk, approve=True)
    try:
        approved = services.report_version_approve(version=version, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, _("Chưa phê duyệt được: %(reason)s") % {"reason": message})
    else:
        if approved:
            messages.success(request, _("Đã phê duyệt phiên bản %(n)s.") % {"n": version.number})
        else:
            messages.info(request, _("Phiên bản này đã được phê duyệt trước đó."))
    return redirect("reports:final_report", pk=version.final_report.conference_id)


@login_required
def approvals(request):
    """Leadership: the reports whose newest version waits for approval."""

    require(request.user, "report.approve")
    page = Paginator(selectors.versions_awaiting_approval(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "reports/approvals.html", {"page": page})


@login_required
def final_report_docx(request, pk):
    """The report as a Word file (made on request, not kept), for staff and leadership."""
    conference, report = get_final_report_for(request.user, pk, action="render")
    if report is None:
        report = FinalReport(conference=conference, **services.final_report_defaults(conference))
    layout = selectors.layout_settings_for(conference.host_unit)
    content = final_report_docx_content(report, layout)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{conference.date:%Y-%m-%d}.docx"'
    response["Cache-Control"] = "private, no-store"
    return response
