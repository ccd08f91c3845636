"""Reads of the reports app used in more than one place."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from conferences.access import conferences_held_by
from conferences.selectors import changed_pieces
from frontwork.accounts.models import Unit
from frontwork.accounts.permissions import can
from frontwork.text import nfc
from reports.final.models import LayoutSettings, RenderJob, ReportVersion


def versions_visible_to(user, report):
    """The versions of `report` that `user` may download, newest first."""
    versions = report.versions.select_related("created_by", "approved_by")
    if not can(user, "report.render", report.conference):
        versions = versions.filter(approved_at__isnull=False)
    return versions


def listed_versions(user, report, limit=20):
    """(the newest `limit` versions of `report` that `user` may download, its version in force).
    The version in force, and the one that replaced each listed version, are taken from the list
    (a version is replaced by a newer approved one, which anyone who sees the first sees too): no
    query, and no join, for them unless the list is full."""
    if report is None:
        return [], None
    versions = list(versions_visible_to(user, report)[:limit])
    listed = {version.pk: version for version in versions}
    for version in versions:
        if version.replaced_by_id in listed:
            version.replaced_by = listed[version.replaced_by_id]
    in_force = next((version for version in versions if version.is_in_force), None)
    if in_force is None and len(versions) == limit:
        in_force = version_in_force(report)
    return versions, in_force


def _one(rows):
    """The one row of a query that matches at most one, or None: first() without the ORDER BY it
    adds, which Django compiles at a cost that grows with the columns read (a tenth of a
    millisecond for a row with its joins)."""
    return next(iter(rows.order_by()[:1]), None)


def version_in_force(report):
    """The approved version of `report` that is in force (the official one), or None."""
    if report is None or report.pk is None:
        return None
    return _one(
        ReportVersion.objects.filter(
            final_report=report, approved_at__isnull=False, replaced_at__isnull=True
        ).select_related("approved_by")
    )


def newest_version(report):
    return ReportVersion.objects.filter(final_report=report).order_by("-number").first()


def is_locked(report, in_force):
    """After approval the report is locked until "Sửa đổi" opens a new revision: it is locked while
    its version in force was rendered from its current revision."""
    return in_force is not None and in_force.report_revision == report.revision


def locked_message(in_force):
    return _(
        "Báo cáo đã được phê duyệt (phiên bản %(n)s) và đã khóa: không sửa, không tạo bản PDF mới. "
        "Bấm “Sửa đổi” để mở bản sửa đổi."
    ) % {"n": in_force.number}


def approved_with_number(report, number, code, *, exclude=None):
    """An approved version (in force or replaced) of `report` printed under `number`/`code`."""
    if not number:
        return None
    versions = ReportVersion.objects.filter(
        final_report=report, approved_at__isnull=False, doc_number=number, doc_code=code
    )
    if exclude is not None:
        versions = versions.exclude(pk=exclude.pk)
    return versions.order_by("-number").first()


def number_taken_message(version):
    return _("Số %(ref)s đã dùng cho phiên bản %(n)s đã phê duyệt; bản sửa đổi cần một số mới.") % {
        "ref": version.reference,
        "n": version.number,
    }


def approval_problems(version, report, newest):
    """Why `version` cannot be approved now (messages in the interface language); [] if it can.
    `newest` is the report's newest version."""
    if newest is not None and newest.pk != version.pk:
        return [_("Chỉ phê duyệt được phiên bản mới nhất (phiên bản %(n)s).") % {"n": newest.number}]
    if version.report_revision != report.revision:
        return [_("Báo cáo đã được sửa sau khi tạo phiên bản này: cần tạo bản PDF mới rồi phê duyệt bản đó.")]
    missing = [
        label
        for label, value in (
            (_("số văn bản"), version.doc_number),
            (_("địa danh"), version.place_name),
            (_("ngày ban hành"), version.issued_on),
            (_("chức vụ người ký"), version.signer_title),
            (_("họ tên người ký"), version.signer_name),
        )
        if not value
    ]
    problems = []
    if missing:
        problems.append(
            _("Bản PDF này chưa có %(missing)s: cần ghi đủ trong nội dung báo cáo rồi tạo lại bản PDF.")
            % {"missing": ", ".join(missing)}
        )
    taken = approved_with_number(report, version.doc_number, version.doc_code, exclude=version)
    if taken is not None:
        problems.append(number_taken_message(taken))
    return problems


def latest_job(report, versions):
    """The report's latest PDF job, with its version taken from `versions` (the newest versions,
    already read: the latest job made the newest one) or else read."""
    job = RenderJob.objects.filter(final_report=report).order_by("-created_at", "-pk").first()
    listed = {version.pk: version for version in versions}
    if job is not None and job.version_id in listed:
        job.version = listed[job.version_id]
    return job


def versions_awaiting_approval(user):
    """The newest version of each report of the user's committee, where that version is not
    approved yet."""
    newer = ReportVersion.objects.filter(final_report=OuterRef("final_report"), number__gt=OuterRef("number"))
    return (
        ReportVersion.objects.filter(
            approved_at__isnull=True,
            final_report__conference__in=conferences_held_by(user),
        )
        .filter(~Exists(newer))
        .select_related("final_report__conference", "created_by")
        .order_by("-created_at", "-pk")
    )


def layout_settings_for(unit):
    """The unit's layout, or an unsaved one with the Decree 30 defaults (reading saves nothing).
    Empty letterhead lines and place name follow the tree (reports/final/document.py). The layout
    read with `unit` (the report's views read it with the host unit, and the unit's committee) is
    taken as it is; else it is read, with the unit and its committee unless `unit` has its
    committee already."""
    if Unit.layout_settings.is_cached(unit):
        try:
            layout = unit.layout_settings
        except LayoutSettings.DoesNotExist:
            return LayoutSettings(unit=unit)
        if layout.pk is not None:  # not the unsaved one an earlier call gave
            return layout
    layouts = LayoutSettings.objects.filter(unit=unit)
    if not Unit.committee.is_cached(unit):
        layouts = layouts.select_related("unit__committee")
    layout = _one(layouts)
    if layout is None:
        return LayoutSettings(unit=unit)
    if not layouts.query.select_related:
        layout.unit = unit
    return layout


def text_drift(report, composition):
    """The report's own opening and closing that no longer read as the record composes them: for
    each, the field, the text the record gives now and the two texts as (text, changed) pieces
    (the record's, the report's). Empty when both follow the record."""
    drift = []
    for name in ("opening", "closing"):
        own = nfc(getattr(report, name, "") or "") if report else ""
        generated = nfc(getattr(composition, name))
        if own and own != generated:
            record_side, report_side = changed_pieces(generated, own)
            drift.append(
                {
                    "field": name,
                    "generated": generated,
                    "record_pieces": record_side,
                    "report_pieces": report_side,
                }
            )
    return drift
