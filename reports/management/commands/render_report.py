import shutil
import time

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from conferences.models import Conference
from reports.final import services
from reports.final.models import RenderJob


class Command(BaseCommand):
    help = "Yêu cầu tạo bản PDF báo cáo kết quả của một hội nghị (qua hàng đợi, như trên giao diện)."

    def add_arguments(self, parser):
        parser.add_argument("conference_id", type=int)
        parser.add_argument("--wait", action="store_true", help="Chờ đến khi bản PDF được tạo xong.")
        parser.add_argument("--output", help="Ghi bản PDF ra tệp này (kéo theo --wait).")
        parser.add_argument("--timeout", type=float, default=600, help="Số giây chờ tối đa (mặc định 600).")

    def handle(self, conference_id, wait, output, timeout, **options):
        conference = Conference.objects.filter(pk=conference_id).first()
        if conference is None:
            raise CommandError(f"Không có hội nghị số {conference_id}.")
        report = services.final_report_get_or_create(conference=conference)
        try:
            job = services.final_report_request(report=report)
        except ValidationError as error:  # locked by its approval, or an approved number
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Đã xếp yêu cầu số {job.pk} vào hàng đợi.")
        if not (wait or output):
            return
        deadline = time.monotonic() + timeout
        while True:
            job.refresh_from_db()
            if not job.is_pending:
                break
            if time.monotonic() > deadline:
                raise CommandError(
                    f"Quá {timeout:g} giây mà bản PDF chưa xong (trạng thái: {job.get_status_display()})."
                )
            time.sleep(0.2)
        if job.status == RenderJob.Status.FAILED:
            raise CommandError(f"Không tạo được bản PDF: {job.error}")
        version = job.version
        self.stdout.write(f"Phiên bản {version.number}: {version.page_count} trang, SHA-256 {version.sha256}")
        if output:
            with default_storage.open(version.file.name, "rb") as source, open(output, "wb") as target:
                shutil.copyfileobj(source, target)
            self.stdout.write(f"Đã ghi {output}")
