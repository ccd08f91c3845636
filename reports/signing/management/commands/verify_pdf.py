from django.core.management.base import BaseCommand, CommandError

from reports.signing.verification import verdict_lines, verify_file


class Command(BaseCommand):
    help = "Cho biết một tệp PDF có phải văn bản do hệ thống ban hành (và chưa bị sửa đổi) hay không."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, file, **options):
        try:
            with open(file, "rb") as f:
                verdict = verify_file(f)
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {file}: {exc}") from exc
        for line in verdict_lines(verdict):
            self.stdout.write(line)
