from django.core.management.base import BaseCommand, CommandError

from conferences.models import Conference
from reports.records import dumps, export_record


class Command(BaseCommand):
    help = "Xuất hồ sơ một hội nghị ra JSON (định dạng frontwork.conference, xem docs/)."

    def add_arguments(self, parser):
        parser.add_argument("conference_id", type=int)
        parser.add_argument("--output", "-o", help="Tệp ghi ra (mặc định: đầu ra chuẩn).")

    def handle(self, conference_id, output=None, **options):
        conference = Conference.objects.filter(pk=conference_id).first()
        if conference is None:
            raise CommandError(f"Không có hội nghị mã {conference_id}.")
        text = dumps(export_record(conference))
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stderr.write(f"Đã ghi {output}")
        else:
            self.stdout.write(text, ending="")
