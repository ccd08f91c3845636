import datetime
import re
from pathlib import Path

import pytest
from django.conf import global_settings, settings
from django.test import Client
from django.urls import reverse

from frontwork.accounts.models import User
from tests.factories import UserFactory

TEMPLATE_DIRS = [
    Path(settings.BASE_DIR) / "templates",
    *Path(settings.BASE_DIR).glob("*/templates"),
    *Path(settings.BASE_DIR).glob("frontwork/*/templates"),
]


def _templates():
    for directory in TEMPLATE_DIRS:
        yield from (p for p in directory.rglob("*.html") if "/pdf/" not in p.as_posix())


def test_no_template_has_inline_scripts_or_styles():
    """The Content-Security-Policy allows only the project's own script and style files."""
    offenders = []
    for path in _templates():
        text = path.read_text("utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=\"|<style", text):
            offenders.append(path.name)
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{path.name} (inline event handler)")
    assert offenders == []


def test_login_starts_a_new_session(client, users):
    client.get(reverse("login"))
    client.session.save()
    before = (
        client.cookies[settings.SESSION_COOKIE_NAME].value
        if settings.SESSION_COOKIE_NAME in client.cookies
        else None
    )
    client.post(reverse("login"), {"username": "staff", "password": "mat-khau-thu-nghiem"})
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after and after != before


def test_a_user_logs_in_with_the_default_password_hasher(client, settings, db):
    """The suite hashes passwords with a fast hasher (tests/conftest.py); this test keeps the one
    the site uses."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    user = UserFactory(username="pbkdf2")
    assert user.password.startswith("pbkdf2_sha256$")
    response = client.post(reverse("login"), {"username": "pbkdf2", "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 302 and response.wsgi_request.user == user


def test_repeated_failures_lock_the_pair_for_a_while_not_for_ever(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "staff", "password": "sai-mat-khau"})
    response = client.post(reverse("login"), {"username": "staff", "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.text and "15 phút" in response.text
    assert not response.wsgi_request.user.is_authenticated
    # The lock is per user name and address: another user from the same address still logs in.
    other = client.post(reverse("login"), {"username": "leader", "password": "mat-khau-thu-nghiem"})
    assert other.status_code == 302
    # The lock expires by itself (cool-off), so nobody is locked out for ever.
    assert settings.AXES_COOLOFF_TIME and settings.AXES_COOLOFF_TIME > 0
    from axes.models import AccessAttempt
    from django.utils import timezone

    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(hours=1))
    client.logout()
    response = client.post(reverse("login"), {"username": "staff", "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 302


PROXY = "10.0.0.2"  # the TLS proxy: every request reaches the application from its address


def _login_through_proxy(client, forwarded_for, password):
    return client.post(
        reverse("login"),
        {"username": "staff", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_the_proxy_locking_one_client_does_not_lock_another(users, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    attacker, user = Client(), Client()
    for _ in range(3):
        _login_through_proxy(attacker, "203.0.113.5", "sai-mat-khau")
    assert _login_through_proxy(attacker, "203.0.113.5", "mat-khau-thu-nghiem").status_code == 429
    # The real user, through the same proxy from another address, still logs in.
    response = _login_through_proxy(user, "198.51.100.7", "mat-khau-thu-nghiem")
    assert response.status_code == 302 and response.wsgi_request.user == users["staff"]


def test_behind_the_proxy_a_client_cannot_choose_its_address_with_its_own_header(users, settings):
    """The proxy appends the address it saw; what the client wrote before it is not believed, so
    changing it at each attempt does not escape the lock."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    attacker = Client()
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        _login_through_proxy(attacker, f"{forged}, 203.0.113.5", "sai-mat-khau")
    response = _login_through_proxy(attacker, "4.4.4.4, 203.0.113.5", "mat-khau-thu-nghiem")
    assert response.status_code == 429


def test_without_a_trusted_proxy_the_header_is_ignored(users, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.AXES_FAILURE_LIMIT = 3
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        _login_through_proxy(Client(), forged, "sai-mat-khau")
    assert _login_through_proxy(Client(), "4.4.4.4", "mat-khau-thu-nghiem").status_code == 429


@pytest.mark.parametrize(
    ("count", "forwarded_for", "expected"),
    [
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "1.1.1.1, 203.0.113.5", "203.0.113.5"),
        (2, "1.1.1.1, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "203.0.113.5", PROXY),  # fewer entries than proxies: not through them
        (1, "not-an-address", PROXY),
        (1, "", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
        (0, "203.0.113.5", PROXY),
    ],
)
def test_the_client_address_is_counted_from_the_right(rf, settings, count, forwarded_for, expected):
    from frontwork.proxy import client_address

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_address(request) == expected


def test_the_login_page_counts_down_the_attempts_alike_for_known_and_unknown_names(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for username in ("staff", "khong-co-ai"):
        texts = [
            client.post(reverse("login"), {"username": username, "password": "sai-mat-khau"}).text
            for _ in range(2)
        ]
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in texts[0]
        assert "Còn 2 lần thử trước khi tạm khóa 15 phút." in texts[0], username
        assert "Còn 1 lần thử trước khi tạm khóa 15 phút." in texts[1], username
    # A form left incomplete is not an attempt and counts nothing.
    response = client.post(reverse("login"), {"username": "staff", "password": ""})
    assert response.status_code == 200 and "lần thử" not in response.text


def test_the_lock_out_page_says_from_when_to_try_again(client, users, settings):
    from axes.models import AccessAttempt
    from django.utils import timezone

    settings.AXES_FAILURE_LIMIT = 2
    client.post(reverse("login"), {"username": "staff", "password": "sai-mat-khau"})
    response = client.post(reverse("login"), {"username": "staff", "password": "sai-mat-khau"})
    assert response.status_code == 429

    def retry_at():
        # 15 minutes after the latest failed attempt, rounded up to the minute, local time.
        latest = AccessAttempt.objects.get(username="staff").attempt_time + datetime.timedelta(minutes=15)
        shown = latest.replace(second=0, microsecond=0)
        shown += datetime.timedelta(minutes=1) if shown < latest else datetime.timedelta()
        return timezone.localtime(shown).strftime("Bạn có thể thử lại từ %H:%M ngày %d/%m/%Y.")

    assert "tạm khóa 15 phút" in response.text and retry_at() in response.text
    assert 14 * 60 < int(response["Retry-After"]) <= 16 * 60
    # Even the right password is refused during the pause, and the pause starts again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=10))
    response = client.post(reverse("login"), {"username": "staff", "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 429 and retry_at() in response.text
    assert "Mỗi lần thử lại trước giờ đó sẽ tính lại 15 phút từ đầu." in response.text


def test_inactive_users_cannot_log_in(client, users):
    User.objects.filter(username="staff").update(is_active=False)
    response = client.post(reverse("login"), {"username": "staff", "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated


def test_no_file_holds_merge_conflict_markers():
    """An unresolved merge renders as text on a page; no template, code or document may hold one."""
    roots = [
        Path(settings.BASE_DIR) / name
        for name in (
            "templates",
            "frontwork",
            "conferences",
            "reports",
            "recommendations",
            "static",
            "docs",
            "tests",
        )
    ]
    marker = re.compile(r"^(<{7} |={7}$|>{7} )", re.MULTILINE)
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for root in roots
        for path in root.rglob("*")
        if path.suffix in {".html", ".py", ".md", ".css", ".js", ".txt"}
        and marker.search(path.read_text("utf-8"))
    ]
    assert offenders == []


def test_refusals_and_errors_are_pages_of_the_site_in_vietnamese(client, users, province, rf):
    from django.views.defaults import server_error

    from tests.factories import ConferenceFactory

    conference = ConferenceFactory(host_unit=province["board"])
    client.force_login(users["office"])
    refused = client.get(reverse("conferences:create"))
    assert refused.status_code == 403 and "Không có quyền truy cập" in refused.text
    assert "Về trang chủ" in refused.text and 'class="navbar' in refused.text
    missing = client.get(reverse("conferences:edit", args=[conference.pk]))  # not the office's
    assert missing.status_code == 404 and "Không tìm thấy trang" in missing.text
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(users["staff"])
    stale = strict.post(reverse("conferences:create"), {})
    assert stale.status_code == 403 and "Biểu mẫu đã hết hạn" in stale.text
    error = server_error(rf.get("/"))
    assert error.status_code == 500 and "Lỗi hệ thống" in error.content.decode()
