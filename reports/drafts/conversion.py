"""Converting an uploaded .docx into paragraphs, off the request path.

The web request only checks what the zip's directory tells at once (`docx_check`: a .docx, not
macro-enabled, not too large unpacked), stores the file and a version marked "pending", and asks
the worker to convert it (`reports.tasks.convert_draft_version`). The worker claims the version
with a conditional UPDATE (pending → converting), converts in a child process of its own with a
time cap and a memory cap (`convert_isolated`: a fork with RLIMIT_AS, killed at the time cap), and
saves the paragraphs (done) or the reason (failed). A version whose message was lost, or whose
worker died, is sent again by a periodic sweep (`conversions_sweep`), like the PDF jobs.

The limits come from measurements (`make bench`, bench_uploads; docs/benchmarks.md): mammoth
converts 4–5 s per MB of document XML on the reference machine (2 shared cores), at about 25 MB
of memory per MB (190 MB at the peak for 5 MB), so DRAFT_MAX_XML_BYTES (6 MB of XML) converts in about 30 s, half the 60 s cap.
"""

import io
import logging
import os
import pickle
import resource
import select
import signal
import time
import zipfile
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as KombuOperationalError

from frontwork.celery import app as celery_app
from reports.drafts.models import CommentRound, Draft, DraftParagraph, DraftVersion
from reports.drafts.text import DOCX_SIGNATURE, DocxError, anchors_for, docx_to_blocks

logger = logging.getLogger(__name__)

# What Word names the parts of a macro-enabled document (.docm, .dotm): the macros' binary part
# and the main part's content type.
MACRO_PART_NAMES = ("vbaproject.bin", "vbadata.xml")
MACRO_CONTENT_TYPES = (b"macroenabled", b"vbaproject", b"ms-office.vba")
CONTENT_TYPES_MAX = 1024 * 1024  # [Content_Types].xml is a few KB; a larger one is not read
XML_SUFFIXES = (".xml", ".rels")

DAMAGED = _("Tệp .docx bị hỏng hoặc không phải văn bản Word: không đọc được nội dung.")
MACROS = _(
    "Tệp có chứa macro (văn bản .docm đổi tên thành .docx); hệ thống không nhận tệp có macro. "
    "Hãy lưu lại văn bản dưới dạng “Word Document (.docx)” rồi tải lên."
)
TOO_MUCH_TEXT = _(
    "Nội dung văn bản quá lớn để chuyển đổi (%(size)s khi giải nén, giới hạn %(limit)s); "
    "hãy chia nhỏ văn bản."
)
TOO_LARGE_UNPACKED = _("Tệp .docx quá lớn khi giải nén; hãy bỏ bớt hình ảnh hoặc chia nhỏ văn bản.")
# Reasons stored with a failed conversion: Vietnamese, like the reason of a failed PDF job.
TIMED_OUT = "Quá thời gian cho phép để chuyển đổi tệp ({seconds} giây); hãy chia nhỏ văn bản."
OUT_OF_MEMORY = "Không đủ bộ nhớ để chuyển đổi tệp; hãy chia nhỏ văn bản hoặc bỏ bớt hình ảnh."
STOPPED = "Tiến trình chuyển đổi bị dừng bất thường; hãy thử tải tệp lên lại."
GAVE_UP = "Tiến trình chuyển đổi bị dừng nhiều lần; đã hết số lần thử."


def docx_check(data, *, max_unpacked, max_xml=None):
    """What the zip's directory tells at once, in the request: a .docx, no macros, not too large
    unpacked (all parts: `max_unpacked`; the XML that conversion parses: `max_xml`, default
    settings.DRAFT_MAX_XML_BYTES). Raises DocxError with the reason."""
    max_xml = settings.DRAFT_MAX_XML_BYTES if max_xml is None else max_xml
    if not data.startswith(DOCX_SIGNATURE):
        raise DocxError(_("Tệp không phải là văn bản Word .docx. Hãy chọn tệp có đuôi .docx."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename.lower(): info for info in infos}
            if "word/document.xml" not in names:
                raise DocxError(DAMAGED)
            if any(name.rsplit("/", 1)[-1] in MACRO_PART_NAMES for name in names):
                raise DocxError(MACROS)
            content_types = names.get("[content_types].xml")
            if content_types is not None and content_types.file_size <= CONTENT_TYPES_MAX:
                if any(marker in archive.read(content_types).lower() for marker in MACRO_CONTENT_TYPES):
                    raise DocxError(MACROS)
            if sum(info.file_size for info in infos) > max_unpacked:
                raise DocxError(TOO_LARGE_UNPACKED)
            xml = sum(info.file_size for info in infos if info.filename.lower().endswith(XML_SUFFIXES))
            if xml > max_xml:
                raise DocxError(
                    TOO_MUCH_TEXT % {"size": filesizeformat(xml), "limit": filesizeformat(max_xml)}
                )
    except DocxError:
        raise
    except Exception as error:  # zipfile raises many kinds of errors on damaged files
        raise DocxError(DAMAGED) from error


# --- the conversion in a child process ---------------------------------------------------------


class ConversionFailed(Exception):
    """The conversion did not finish; `reason` is stored with the version."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _address_space():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(write_fd, data, memory_limit):
    """In the forked child: cap the memory, convert, send the outcome back, exit at once."""
    try:
        if memory_limit:
            limit = _address_space() + memory_limit
            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        try:
            outcome = ("done", docx_to_blocks(data, max_unpacked=10 * settings.MAX_UPLOAD_SIZE))
        except DocxError as error:
            memory = isinstance(error.__cause__, MemoryError)
            outcome = ("memory", None) if memory else ("refused", str(error.args[0]))
        except MemoryError:
            outcome = ("memory", None)
        payload = pickle.dumps(outcome)
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view) :]
    finally:
        os._exit(0)  # no atexit handlers, no closing of the parent's database connections


def convert_isolated(data, *, time_limit=None, memory_limit_mb=None):
    """The paragraphs of a .docx (bytes), converted in a forked child process that may use at most
    `memory_limit_mb` more memory and is killed after `time_limit` seconds (defaults: settings
    DRAFT_CONVERSION_TIME_LIMIT, DRAFT_CONVERSION_MEMORY_LIMIT_MB). DocxError if the file is
    refused, ConversionFailed(reason) if a cap was reached or the child died."""
    time_limit = settings.DRAFT_CONVERSION_TIME_LIMIT if time_limit is None else time_limit
    memory_limit_mb = (
        settings.DRAFT_CONVERSION_MEMORY_LIMIT_MB if memory_limit_mb is None else memory_limit_mb
    )
    import mammoth  # noqa: F401  (imported before the fork: a child must not take the import lock)

    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(write_fd, data, memory_limit_mb * 1024 * 1024)
    os.close(write_fd)
    chunks, deadline, timed_out, answered = [], time.monotonic() + time_limit, False, False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _w, _x = select.select([read_fd], [], [], left)
            if ready:
                chunk = os.read(read_fd, 1 << 20)
                if not chunk:
                    answered = True
                    break
                chunks.append(chunk)
    finally:
        # stopped at the cap, or interrupted here (the task's own time limit): the child goes too
        if not answered:
            os.kill(pid, signal.SIGKILL)
        os.close(read_fd)
        _pid, status = os.waitpid(pid, 0)
    if timed_out:
        raise ConversionFailed(TIMED_OUT.format(seconds=time_limit))
    try:
        kind, value = pickle.loads(b"".join(chunks))
    except Exception:
        logger.warning("docx conversion child ended without an answer (status %s)", status)
        # a child stopped by the memory cap may also die of it (a C library aborting)
        raise ConversionFailed(STOPPED) from None
    if kind == "memory":
        raise ConversionFailed(OUT_OF_MEMORY)
    if kind == "refused":
        raise DocxError(value)
    return value


# --- the worker's side of a version's conversion ---------------------------------------------


def _claim(version_id):
    """pending → converting; the attempt number, or None if there is nothing to do here."""
    now = timezone.now()
    claimed = DraftVersion.objects.filter(
        pk=version_id,
        conversion=DraftVersion.Conversion.PENDING,
        conversion_attempts__lt=settings.DRAFT_CONVERSION_MAX_ATTEMPTS,
    ).update(
        conversion=DraftVersion.Conversion.CONVERTING,
        conversion_attempts=F("conversion_attempts") + 1,
        conversion_started_at=now,
    )
    if not claimed:
        DraftVersion.objects.filter(
            pk=version_id,
            conversion=DraftVersion.Conversion.PENDING,
            conversion_attempts__gte=settings.DRAFT_CONVERSION_MAX_ATTEMPTS,
        ).update(conversion=DraftVersion.Conversion.FAILED, conversion_error=GAVE_UP)
        return None
    return DraftVersion.objects.values_list("conversion_attempts", flat=True).get(pk=version_id)


def _owned(version_id, attempt):
    return DraftVersion.objects.filter(
        pk=version_id, conversion=DraftVersion.Conversion.CONVERTING, conversion_attempts=attempt
    )


def version_convert(*, version_id):
    """Convert a pending uploaded version once (the worker's task). Returns the new status, or
    None when there was nothing to do (gone, done, or taken by another worker)."""
    attempt = _claim(version_id)
    if attempt is None:
        return None
    version = DraftVersion.objects.get(pk=version_id)
    with version.original_file.open("rb") as stored:
        data = stored.read()
    try:
        blocks = convert_isolated(data)
    except (DocxError, ConversionFailed) as error:
        reason = error.reason if isinstance(error, ConversionFailed) else str(error.args[0])
        _owned(version_id, attempt).update(conversion=DraftVersion.Conversion.FAILED, conversion_error=reason)
        return DraftVersion.Conversion.FAILED
    with transaction.atomic():
        Draft.objects.select_for_update().filter(pk=version.draft_id).first()
        if not _owned(version_id, attempt).update(
            conversion=DraftVersion.Conversion.DONE, conversion_error=""
        ):
            return None  # taken over meanwhile: its new holder writes the paragraphs
        DraftParagraph.objects.bulk_create(
            DraftParagraph(
                version=version, position=i, anchor=anchor, kind=block.kind, html=block.html, text=block.text
            )
            for i, (block, anchor) in enumerate(zip(blocks, anchors_for(blocks), strict=True), start=1)
        )
        rounds_close_before(version)
    return DraftVersion.Conversion.DONE


def rounds_close_before(version):
    """A version that can be read ends the rounds still open on the earlier ones."""
    CommentRound.objects.filter(
        version__draft_id=version.draft_id, version__number__lt=version.number, closed_at__isnull=True
    ).update(closed_at=timezone.now())


def conversions_sweep(now=None):
    """Send again the pending versions whose message was lost and the conversions whose worker
    died (converting for longer than the time cap allows); returns their ids."""
    now = now or timezone.now()
    patience = timedelta(seconds=settings.DRAFT_CONVERSION_TIME_LIMIT + 60)
    DraftVersion.objects.filter(
        conversion=DraftVersion.Conversion.CONVERTING, conversion_started_at__lt=now - patience
    ).update(conversion=DraftVersion.Conversion.PENDING, conversion_started_at=now)
    stale = DraftVersion.objects.filter(conversion=DraftVersion.Conversion.PENDING).filter(
        Q(conversion_started_at__lt=now - timedelta(minutes=2))
        | Q(conversion_started_at__isnull=True, created_at__lt=now - timedelta(minutes=2))
    )
    ids = list(stale.values_list("pk", flat=True))
    DraftVersion.objects.filter(pk__in=ids).update(conversion_started_at=now)
    conversions_send(ids)
    return ids


# --- the web side: sending versions to the worker ---------------------------------------------

# The worker's task (reports/drafts/tasks.py), by name: web processes send it without importing it.
CONVERT_TASK = "reports.tasks.convert_draft_version"
# The broker could not be reached: the sweep sends the version again later.
BROKER_ERRORS = (KombuOperationalError, ConnectionError, OSError)


def conversions_send(version_ids):
    """Send the versions to the worker once the current transaction commits."""

    def send():
        for version_id in version_ids:
            try:
                celery_app.signature(CONVERT_TASK, kwargs={"version_id": version_id}).apply_async()
            except BROKER_ERRORS as exc:
                logger.warning(
                    "draft version %s not sent for conversion, broker unavailable: %s", version_id, exc
                )

    transaction.on_commit(send)
