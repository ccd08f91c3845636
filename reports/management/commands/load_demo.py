from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from frontwork.accounts.models import User
from reports.demo.services import ALL_USERS, demo_load


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu (chỉ ở chế độ demo): hội nghị giao ban năm 2016 của tỉnh, một xã sau sắp xếp "
        "với hội nghị giao ban của xã, và người dùng mẫu."
    )

    def handle(self, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Dữ liệu mẫu chỉ được nạp ở chế độ demo (DEMO=1).")
        loaded = demo_load()
        if loaded.conference_created:
            self.stdout.write(f"Đã nạp hội nghị mẫu: {loaded.conference}")
        if loaded.commune_conference:
            self.stdout.write(f"Đã nạp hội nghị mẫu của xã: {loaded.commune_conference}")
        if loaded.draft:
            self.stdout.write(f"Đã mở đợt góp ý mẫu cho dự thảo: {loaded.draft.title}")
        self.stdout.write("Tài khoản demo (tên đăng nhập / mật khẩu / ủy ban):")
        users = User.objects.select_related("unit__committee").in_bulk(
            [username for username, *_ in ALL_USERS], field_name="username"
        )
        for username, password, role, *_ in ALL_USERS:
            committee = users[username].unit.committee
            self.stdout.write(
                f"  {User.Role(role).label:<28} {username:<10} {password:<20} {committee.short_name or committee.name}"
            )
