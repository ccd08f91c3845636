"""The signed files: downloads, the retry of a failed signing, and the public verification page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from reports.signing import services
from reports.signing.access import get_issued_file_for, get_signing_job_for
from reports.signing.forms import VerifyForm
from reports.signing.models import IssuedFile
from reports.signing.verification import verify_file, verify_sha256


def _download(issued):
    response = FileResponse(
        default_storage.open(issued.file.name, "rb"),
        as_attachment=True,
        filename=issued.download_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def signed_download(request, pk):
    """The signed original of an approved version (what leadership and recipients download)."""
    return _download(get_issued_file_for(request.user, pk, IssuedFile.Kind.SIGNED))


@login_required
def archival_download(request, pk):
    """The archival copy (PDF/A-3u with the record's JSON), on request."""
    return _download(get_issued_file_for(request.user, pk, IssuedFile.Kind.ARCHIVAL))


@login_required
@require_POST
def signing_retry(request, pk):
    job = get_signing_job_for(request.user, pk, retry=True)
    if services.signing_retry(job=job, user=request.user):
        messages.success(request, _("Đã gửi lại yêu cầu ký số."))
    else:
        messages.info(request, _("Yêu cầu ký số không ở trạng thái lỗi; không cần thử lại."))
    return redirect("reports:final_report", pk=job.version.final_report.conference_id)


def _client_address(request):
    return request.META.get("REMOTE_ADDR", "")


def _rate_limited(request):
    """At most SIGNING_VERIFY_PER_HOUR checks per address per hour (Django's cache)."""
    key = f"signing-verify:{_client_address(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > settings.SIGNING_VERIFY_PER_HOUR


@csrf_exempt
@never_cache
def verify(request):
    """Anyone (no login): is this PDF, or this SHA-256, a document issued here? It changes nothing
    and needs no session, so it is exempt from the CSRF check, which would read (and store in a
    temporary file) the whole body before the size is checked here."""
    verdict = refusal = None
    status = 200
    form = VerifyForm()
    if request.method == "POST":
        too_big = int(request.META.get("CONTENT_LENGTH") or 0) > settings.SIGNING_VERIFY_MAX_BYTES + 64 * 1024
        if _rate_limited(request):
            refusal = _("Quá nhiều lần kiểm tra từ địa chỉ này; vui lòng thử lại sau một giờ.")
            status = 429
        elif too_big:
            # Refused before the body is read: nothing of it is stored.
            refusal = _("Tệp quá lớn (tối đa %(mb)s MB).") % {
                "mb": settings.SIGNING_VERIFY_MAX_BYTES // (1024 * 1024)
            }
            status = 413
        else:
            form = VerifyForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                verdict = verify_file(upload) if upload else verify_sha256(form.cleaned_data["sha256"])
                if upload:
                    upload.close()  # a temporary file is removed here; nothing is kept
    return render(
        request, "signing/verify.html", {"form": form, "verdict": verdict, "refusal": refusal}, status=status
    )
