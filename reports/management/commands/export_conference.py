from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conferences.models import Conference
from reports.records.exporting import dumps, export_record


class Command(BaseCommand):
    help = "Xuất hồ sơ hội nghị ra JSON (định dạng frontwork.conference, xem docs/)."

    def add_arguments(self, parser):
        parser.add_argument("conference_id", type=int, nargs="?")
        parser.add_argument("--output", "-o", help="Tệp ghi ra (mặc định: đầu ra chuẩn); với --all: thư mục.")
        parser.add_argument("--all", action="store_true", help="Xuất mọi hội nghị, mỗi hội nghị một tệp.")

    def handle(self, conference_id=None, output=None, all=False, **options):
        if all:
            if not output:
                raise CommandError("--all cần --output THƯ_MỤC.")
            folder = Path(output)
            folder.mkdir(parents=True, exist_ok=True)
            count = 0
            for conference in Conference.objects.order_by("date", "pk").iterator():
                name = f"{conference.date:%Y-%m-%d}-{conference.pk}.json"
                (folder / name).write_text(dumps(export_record(conference)), encoding="utf-8")
                count += 1
            self.stderr.write(f"Đã xuất {count} hội nghị vào {folder}")
            return
        if conference_id is None:
            raise CommandError("Cần mã hội nghị, hoặc --all.")
        conference = Conference.objects.filter(pk=conference_id).first()
        if conference is None:
            raise CommandError(f"Không có hội nghị mã {conference_id}.")
        text = dumps(export_record(conference))
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Đã ghi {output}")
        else:
            self.stdout.write(text, ending="")
