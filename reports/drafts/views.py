"""Draft reports and comment rounds. Every view calls one access helper first."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontwork.accounts.permissions import acting_unit_ids, can, require
from frontwork.views import apply
from reports.drafts import selectors, services
from reports.drafts.access import (
    drafts_visible_to,
    get_comment_for,
    get_draft_for,
    get_round_for,
    rounds_visible_to,
)
from reports.drafts.forms import CommentForm, DraftForm, RoundForm, TriageForm, VersionForm
from reports.drafts.models import Comment, CommentRound, Draft, DraftParagraph, DraftVersion, RoundUnit
from reports.drafts.text import Comparison, blocks_to_text, compare


def _add_service_error(form, error):
    """Put a service's ValidationError next to the right field (or on top of the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _rounds_with_counts(queryset):
    return queryset.select_related("version").annotate(
        unit_total=Count("round_units", distinct=True),
        unit_submitted=Count("round_units", filter=Q(round_units__submitted_at__isnull=False), distinct=True),
    )


@login_required
def draft_list(request):
    """The drafts held within the user's committee's subtree (for its staff, leaders and
    administrators), and the rounds in which a unit the user answers for is asked (for an office
    user, only those)."""
    user = request.user
    own = RoundUnit.objects.filter(round=OuterRef("pk"), unit_id__in=acting_unit_ids(user))
    asked = (
        rounds_visible_to(user)
        .filter(Exists(own))
        .select_related("version__draft__conference")
        .annotate(own_submitted_at=Subquery(own.values("submitted_at")[:1]))
        .order_by("-opened_at", "-pk")
    )
    if not can(user, "round.follow"):
        return render(
            request, "reports/drafts/office_round_list.html", {"rounds": asked, "now": timezone.now()}
        )
    drafts = (
        drafts_visible_to(user)
        .select_related("conference")
        .annotate(latest_number=Max("versions__number"), round_count=Count("versions__rounds", distinct=True))
        .order_by("-created_at", "-pk")
    )
    page = Paginator(drafts, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/drafts/draft_list.html",
        {"drafts": page, "page": page, "rounds": list(asked[:50]), "now": timezone.now()},
    )


@login_required
def draft_create(request):
    require(request.user, "draft.manage")
    form = DraftForm(request.POST or None, request.FILES or None, user=request.user)
    initial_conference = request.GET.get("conference")
    if request.method == "GET" and initial_conference:
        form.initial["conference"] = initial_conference
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.draft_create(
                conference=form.cleaned_data["conference"],
                title=form.cleaned_data["title"],
                user=request.user,
                uploaded_file=form.cleaned_data.get("file"),
                text=form.cleaned_data.get("text", ""),
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            if draft.versions.get().is_converting:
                messages.success(request, _("Đã tạo dự thảo và phiên bản 1; tệp đang được chuyển đổi."))
            else:
                messages.success(request, _("Đã tạo dự thảo và phiên bản 1."))
            return redirect("drafts:detail", draft.pk)
    return render(request, "reports/drafts/draft_form.html", {"form": form})


@login_required
def draft_detail(request, pk):
    draft = get_draft_for(request.user, pk, queryset=Draft.objects.select_related("conference"))
    versions = list(draft.versions.select_related("created_by").order_by("-number"))
    rounds = _rounds_with_counts(rounds_visible_to(request.user).filter(version__draft=draft)).order_by(
        "-opened_at", "-pk"
    )
    return render(
        request,
        "reports/drafts/draft_detail.html",
        {"draft": draft, "versions": versions, "rounds": rounds, "now": timezone.now()},
    )


def _version_of(draft, number):
    return get_object_or_404(draft.versions.all(), number=number)


@login_required
def version_read(request, pk, number):
    draft = get_draft_for(request.user, pk, queryset=Draft.objects.select_related("conference"))
    version = _version_of(draft, number)
    paragraphs = list(version.paragraphs.order_by("position"))
    latest = draft.versions.aggregate(n=Max("number"))["n"]
    return render(
        request,
        "reports/drafts/version_read.html",
        {"draft": draft, "version": version, "paragraphs": paragraphs, "latest": latest},
    )


@login_required
def version_file(request, pk, number):
    draft = get_draft_for(request.user, pk)
    version = _version_of(draft, number)
    if not version.original_file:
        raise Http404
    return FileResponse(
        version.original_file.open("rb"),
        as_attachment=True,
        filename=version.download_name,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@login_required
def version_publish(request, pk):
    draft = get_draft_for(request.user, pk, write=True)
    previous = draft.versions.filter(conversion=DraftVersion.Conversion.DONE).order_by("-number").first()
    initial = {"text": blocks_to_text(previous.paragraphs.order_by("position"))} if previous else {}
    form = VersionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data.get("file")
        try:
            version = services.draft_version_publish(
                draft=draft,
                user=request.user,
                uploaded_file=uploaded,
                text="" if uploaded else form.cleaned_data["text"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            if version.is_converting:
                messages.success(
                    request,
                    _("Đã phát hành phiên bản %(n)s; tệp đang được chuyển đổi.") % {"n": version.number},
                )
            else:
                messages.success(request, _("Đã phát hành phiên bản %(n)s.") % {"n": version.number})
            return redirect("drafts:version", draft.pk, version.number)
    return render(
        request, "reports/drafts/version_form.html", {"draft": draft, "previous": previous, "form": form}
    )


@login_required
def version_compare(request, pk, old, new):
    draft = get_draft_for(request.user, pk)
    versions = {v.number: v for v in draft.versions.filter(number__in=[old, new])}
    if old not in versions or new not in versions:
        raise Http404
    texts = {
        number: list(
            DraftParagraph.objects.filter(version=versions[number])
            .order_by("position")
            .values_list("text", flat=True)
        )
        for number in (old, new)
    }
    readable = versions[old].is_readable and versions[new].is_readable
    lines = compare(texts[old], texts[new]) if readable else Comparison()
    return render(
        request,
        "reports/drafts/version_compare.html",
        {
            "draft": draft,
            "old": versions[old],
            "new": versions[new],
            "readable": readable,
            "lines": lines,
            "changed": sum(1 for line in lines if line.op != "equal"),
        },
    )


@login_required
def round_open(request, pk, number):
    draft = get_draft_for(request.user, pk, write=True, queryset=Draft.objects.select_related("conference"))
    version = _version_of(draft, number)
    default_deadline = timezone.localtime().replace(hour=17, minute=0, second=0, microsecond=0) + timedelta(
        days=7
    )
    form = RoundForm(
        request.POST or None,
        user=request.user,
        conference=draft.conference,
        initial={"deadline": default_deadline},
    )
    if request.method == "POST" and form.is_valid():
        try:
            comment_round = services.round_open(
                version=version,
                units=form.cleaned_data["units"],
                deadline=form.cleaned_data["deadline"],
                instructions=form.cleaned_data["instructions"],
                user=request.user,
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Đã mở đợt lấy ý kiến cho %(n)s đơn vị; thư báo sẽ được gửi tới các đơn vị qua e-mail.")
                % {"n": comment_round.round_units.count()},
            )
            return redirect("drafts:round_status", comment_round.pk)
    return render(
        request, "reports/drafts/round_form.html", {"draft": draft, "version": version, "form": form}
    )


ROUND_RELATED = ("version__draft__conference", "opened_by")


@login_required
def round_status(request, pk):
    comment_round = get_round_for(
        request.user, pk, queryset=CommentRound.objects.select_related(*ROUND_RELATED)
    )
    if can(request.user, "round.comment", comment_round):
        return redirect("drafts:round_comments", comment_round.pk)
    require(request.user, "round.follow", comment_round)
    statuses = selectors.round_unit_statuses(comment_round)
    comments = selectors.submitted_comments(comment_round)
    return render(
        request,
        "reports/drafts/round_status.html",
        {
            "round": comment_round,
            "draft": comment_round.version.draft,
            "statuses": statuses,
            "counts": selectors.status_counts(statuses),
            "comments": comments,
            "pending_count": sum(1 for c in comments if c.decision == Comment.Decision.PENDING),
            "is_open": comment_round.is_open(),
            "can_triage": can(request.user, "draft.manage", comment_round),
            "triage_form": TriageForm(),
        },
    )


@login_required
@require_POST
def round_remind(request, pk):
    comment_round = get_round_for(request.user, pk, write=True)
    back = reverse("drafts:round_status", args=[comment_round.pk])

    def done(count):
        return _("Đã nhắc %(n)s đơn vị chưa gửi ý kiến; thư nhắc sẽ được gửi đi qua e-mail.") % {"n": count}

    return apply(request, services.round_remind, back, done, comment_round=comment_round, user=request.user)


@login_required
@require_POST
def comment_triage(request, pk):
    comment = get_comment_for(request.user, pk, triage=True)
    back = reverse("drafts:round_status", args=[comment.round_id]) + f"#comment-{comment.pk}"
    done = _("Đã lưu kết quả xử lý ý kiến của %(unit)s.") % {"unit": comment.unit.label}
    invalid = _("Ý kiến #%(n)s: hãy chọn kết quả tiếp thu.") % {"n": comment.pk}
    form, arguments = TriageForm(request.POST), {"comment": comment, "user": request.user}
    return apply(request, services.comment_triage, back, done, form=form, invalid=invalid, **arguments)


def _comment_page(request, comment_round, *, form=None, form_target=None, status=200):
    version = comment_round.version
    paragraphs = list(version.paragraphs.order_by("position"))
    unit_id = services.answering_unit_id(comment_round, request.user)
    by_paragraph = selectors.unit_comments_by_paragraph(comment_round, unit_id)
    round_unit = comment_round.round_units.get(unit_id=unit_id)
    own_count = sum(len(items) for items in by_paragraph.values())
    is_open = comment_round.is_open()
    editable = is_open and round_unit.submitted_at is None
    rows = [(p, by_paragraph.get(p.pk, [])) for p in paragraphs]
    next_version = (
        version.draft.versions.filter(number__gt=version.number).order_by("number").first()
        if round_unit.submitted_at
        else None
    )
    return render(
        request,
        "reports/drafts/round_comments.html",
        {
            "round": comment_round,
            "draft": version.draft,
            "version": version,
            "rows": rows,
            "general_comments": by_paragraph.get(None, []),
            "round_unit": round_unit,
            "own_count": own_count,
            "is_open": is_open,
            "editable": editable,
            "next_version": next_version,
            "error_form": form,
            "error_target": form_target,
        },
        status=status,
    )


@login_required
def round_comments(request, pk):
    comment_round = get_round_for(
        request.user, pk, comment=True, queryset=CommentRound.objects.select_related(*ROUND_RELATED)
    )
    return _comment_page(request, comment_round)


@login_required
@require_POST
def comment_add(request, pk):
    comment_round = get_round_for(
        request.user, pk, comment=True, queryset=CommentRound.objects.select_related(*ROUND_RELATED)
    )
    paragraph = None
    paragraph_id = request.POST.get("paragraph") or ""
    if paragraph_id:
        if not paragraph_id.isdigit():
            raise Http404
        paragraph = get_object_or_404(
            DraftParagraph, pk=int(paragraph_id), version_id=comment_round.version_id
        )
    form = CommentForm(request.POST)
    target = f"p-{paragraph.anchor}" if paragraph else "chung"
    error_target = paragraph.pk if paragraph else "chung"
    if form.is_valid():
        try:
            services.comment_save(
                comment_round=comment_round,
                user=request.user,
                text=form.cleaned_data["text"],
                paragraph=paragraph,
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Đã lưu ý kiến (chưa gửi)."))
            return redirect(reverse("drafts:round_comments", args=[comment_round.pk]) + f"#{target}")
    return _comment_page(request, comment_round, form=form, form_target=error_target, status=400)


@login_required
@require_POST
def comment_edit(request, pk):
    comment = get_comment_for(request.user, pk, write=True)
    back = reverse("drafts:round_comments", args=[comment.round_id]) + f"#comment-{comment.pk}"
    form, invalid = CommentForm(request.POST), _("Hãy nhập nội dung góp ý.")
    arguments = {"comment_round": comment.round, "comment": comment, "user": request.user}
    return apply(
        request, services.comment_save, back, _("Đã sửa ý kiến."), form=form, invalid=invalid, **arguments
    )


@login_required
@require_POST
def comment_delete(request, pk):
    comment = get_comment_for(request.user, pk, write=True)
    back = reverse("drafts:round_comments", args=[comment.round_id])
    return apply(
        request, services.comment_delete, back, _("Đã xóa ý kiến."), comment=comment, user=request.user
    )


@login_required
@require_POST
def round_submit(request, pk):
    comment_round = get_round_for(
        request.user, pk, comment=True, queryset=CommentRound.objects.select_related(*ROUND_RELATED)
    )
    back = reverse("drafts:round_comments", args=[comment_round.pk])
    done = _(
        "Đã gửi ý kiến của đơn vị tới Ban Thường trực. Cảm ơn đơn vị. "
        "Thư báo sẽ được gửi tới cán bộ phụ trách qua e-mail."
    )
    return apply(request, services.round_submit, back, done, comment_round=comment_round, user=request.user)
