from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from frontwork.accounts.models import User
from reports.demo.services import DEMO_USERS, OTHER_PROVINCE_USERS, demo_load


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chỉ ở chế độ demo): hội nghị giao ban năm 2016 và một người dùng mỗi vai trò."

    def handle(self, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Dữ liệu mẫu chỉ được nạp ở chế độ demo (DEMO=1).")
        loaded = demo_load()
        if loaded.conference_created:
            self.stdout.write(f"Đã nạp hội nghị mẫu: {loaded.conference}")
        if loaded.draft:
            self.stdout.write(f"Đã mở đợt góp ý mẫu cho dự thảo: {loaded.draft.title}")
        self.stdout.write("Tài khoản demo (tên đăng nhập / mật khẩu):")
        for username, password, role, *_ in DEMO_USERS + OTHER_PROVINCE_USERS:
            self.stdout.write(f"  {User.Role(role).label:<28} {username:<10} {password}")
