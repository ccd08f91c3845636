"""The English interface: the catalogue translates every message the source marks, and the main pages
of every role, with English chosen, show English interface text (only user data stays Vietnamese);
Vietnamese remains the default."""

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import loader
from django.urls import reverse
from django.utils import translation

from recommendations.models import Directive, Recommendation
from reports.models import CommentRound, Draft, DraftParagraph

BASE_DIR = Path(settings.BASE_DIR)
CATALOGUE = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
VIETNAMESE_LETTERS = re.compile(
    r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I
)
PLACEHOLDERS = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
TAGS = re.compile(r"</?\w+")


def catalogue_entries(path=CATALOGUE):
    """The entries of a .po file (polib) as dicts: flags, msgctxt, msgid, msgid_plural, msgstr (a list)."""
    entries = []
    for po in polib.pofile(str(path)):
        if po.obsolete:
            continue
        entry = {"flags": set(po.flags), "msgid": po.msgid}
        if po.msgctxt is not None:
            entry["msgctxt"] = po.msgctxt
        if po.msgid_plural:
            entry["msgid_plural"] = po.msgid_plural
            entry["msgstr"] = [po.msgstr_plural[n] for n in sorted(po.msgstr_plural)]
        else:
            entry["msgstr"] = [po.msgstr]
        entries.append(entry)
    return entries


ENTRIES = catalogue_entries()


def test_the_catalogue_has_the_strings_of_every_part_of_the_interface():
    # Before the catalogue was completed it held ~130 of the ~580 messages the source marks.
    assert len(ENTRIES) > 500
    references = CATALOGUE.read_text(encoding="utf-8")
    for source in [
        "conferences/templates/conferences/conference_edit.html",
        "recommendations/templates/recommendations/detail.html",
        "reports/templates/reports/drafts/round_comments.html",
        "reports/templates/reports/final_report.html",
        "templates/500.html",
    ]:
        assert f"#: {source}:" in references


def test_every_catalogue_entry_is_translated_and_none_is_fuzzy():
    untranslated = [e["msgid"] for e in ENTRIES if not all(s.strip() for s in e["msgstr"])]
    fuzzy = [e["msgid"] for e in ENTRIES if "fuzzy" in e["flags"]]
    assert untranslated == [] and fuzzy == []
    plural = [e for e in ENTRIES if "msgid_plural" in e]
    assert plural and all(len(e["msgstr"]) == 2 for e in plural)  # nplurals=2


def test_translations_keep_the_placeholders_and_the_markup_of_their_source():
    for entry in ENTRIES:
        for source, english in zip(
            [entry["msgid"], entry.get("msgid_plural", entry["msgid"])], entry["msgstr"][:2], strict=False
        ):
            assert sorted(PLACEHOLDERS.findall(english)) == sorted(PLACEHOLDERS.findall(source)), source
            assert sorted(TAGS.findall(english)) == sorted(TAGS.findall(source)), source


def test_translations_are_english():
    """An English message has no Vietnamese words of its own; Vietnamese may appear only where the
    message shows Vietnamese report wording as an example ("For example: …")."""
    for entry in ENTRIES:
        for english in entry["msgstr"]:
            if VIETNAMESE_LETTERS.search(english):
                assert re.search(r"For example|Tham dự|Cao Bằng|Lưu: VT", english), english


def _data_text():
    """The text the demo's data can put on a page: the record, the seed, the report wording and the
    demo draft made of it."""
    sources = [
        BASE_DIR / "reports" / "demo" / "giao-ban-2016.json",
        BASE_DIR / "reports" / "demo" / "services.py",
        BASE_DIR / "conferences" / "composition.py",
        BASE_DIR / "conferences" / "wording.py",
        BASE_DIR / "reports" / "final" / "services.py",
        BASE_DIR / "reports" / "final" / "letterhead.py",
    ]
    stored = [
        *Draft.objects.values_list("title", flat=True),
        *DraftParagraph.objects.values_list("text", flat=True),
    ]
    return "\n".join([*(path.read_text(encoding="utf-8") for path in sources), *stored])


def _interface_messages():
    """Vietnamese source messages long enough to be unmistakable (three words or more), that the
    demo data does not also contain: none of them may appear on an English page."""
    data = _data_text()
    return [
        entry["msgid"]
        for entry in ENTRIES
        if len(entry["msgid"].split()) >= 3
        and "%" not in entry["msgid"]
        and "<" not in entry["msgid"]
        and VIETNAMESE_LETTERS.search(entry["msgid"])
        and entry["msgid"] not in data
    ]


def _main_pages(demo):
    draft = Draft.objects.get(conference=demo)
    comment_round = CommentRound.objects.get(version__draft=draft)
    recommendation = Recommendation.objects.filter(conference=demo).first()
    directive = Directive.objects.filter(conference=demo).first()
    everyone = [
        reverse("home"),
        reverse("password_change"),
        reverse("conferences:list"),
        reverse("conferences:record", args=[demo.pk]),
        reverse("recommendations:directives"),
        reverse("recommendations:directive", args=[directive.pk]),
    ]
    return {
        "staff": everyone
        + [
            reverse("conferences:create"),
            reverse("conferences:update", args=[demo.pk]),
            reverse("conferences:edit", args=[demo.pk]),
            reverse("conferences:history", args=[demo.pk]),
            reverse("reports:final_report", args=[demo.pk]),
            reverse("recommendations:register"),
            reverse("recommendations:dashboard"),
            reverse("recommendations:detail", args=[recommendation.pk]),
            reverse("recommendations:carry_over", args=[demo.pk]),
            reverse("drafts:list"),
            reverse("drafts:create"),
            reverse("drafts:detail", args=[draft.pk]),
            reverse("drafts:version", args=[draft.pk, 1]),
            reverse("drafts:round_open", args=[draft.pk, 1]),
            reverse("drafts:publish", args=[draft.pk]),
            reverse("drafts:round_status", args=[comment_round.pk]),
        ],
        "office": everyone
        + [reverse("drafts:list"), reverse("drafts:round_comments", args=[comment_round.pk])],
        "leader": everyone
        + [
            reverse("reports:approvals"),
            reverse("reports:final_report", args=[demo.pk]),
            reverse("recommendations:register"),
            reverse("recommendations:dashboard"),
        ],
        "admin": everyone,
    }


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize("role", ["staff", "office", "leader", "admin"])
def test_the_main_pages_of_every_role_are_in_english(english, demo, demo_users, role):
    english.force_login(demo_users[role])
    messages = _interface_messages()
    assert len(messages) > 200
    for url in _main_pages(demo)[role]:
        response = english.get(url)
        assert response.status_code == 200, url
        page = html.unescape(response.content.decode())
        assert '<html lang="en">' in page, url
        left = [message for message in messages if message in page]
        assert left == [], f"{url} still shows Vietnamese interface text: {left}"


@pytest.mark.parametrize(
    ("role", "url_name", "english_words", "vietnamese_words"),
    [
        (
            "staff",
            "home",
            ["Drafts and comment rounds", "Log out"],
            ["Dự thảo và đợt lấy ý kiến", "Đăng xuất"],
        ),
        ("staff", "conferences:list", ["New conference", "Actions"], ["Tạo hội nghị", "Thao tác"]),
        ("office", "home", ["Directives for your unit"], ["Kết luận, chỉ đạo đơn vị thực hiện"]),
        ("leader", "recommendations:dashboard", ["Recommendations by status"], ["Kiến nghị theo trạng thái"]),
        ("leader", "reports:approvals", ["Reports awaiting approval"], ["Báo cáo chờ phê duyệt"]),
    ],
)
def test_pages_in_english_and_in_vietnamese(
    client, demo, demo_users, role, url_name, english_words, vietnamese_words
):
    client.force_login(demo_users[role])
    url = reverse(url_name)
    vietnamese = html.unescape(client.get(url).content.decode())  # the default
    assert '<html lang="vi">' in vietnamese
    assert all(words in vietnamese for words in vietnamese_words)
    assert not any(words in vietnamese for words in english_words)
    client.post(reverse("set_language"), {"language": "en", "next": url})
    english = html.unescape(client.get(url).content.decode())
    assert '<html lang="en">' in english
    assert all(words in english for words in english_words)
    assert not any(words in english for words in vietnamese_words)


def test_the_conference_record_keeps_its_vietnamese_wording_in_english(english, demo, demo_users):
    """The report body is the document itself: it stays Vietnamese, around English navigation."""
    english.force_login(demo_users["staff"])
    page = html.unescape(english.get(reverse("conferences:record", args=[demo.pk])).content.decode())
    assert "BÁO CÁO" in page and "Enter or edit the record" in page


def test_the_error_page_follows_the_chosen_language():
    with translation.override("en"):
        page = loader.get_template("500.html").render()
    assert '<html lang="en">' in page and "System error" in page
    with translation.override(settings.LANGUAGE_CODE):
        page = loader.get_template("500.html").render()
    assert '<html lang="vi">' in page and "Lỗi hệ thống" in page


def test_the_catalogue_holds_every_message_the_source_marks(tmp_path):
    """makemessages over a copy of the sources adds no entry: a new message without an English
    translation fails here (update with `make messages`, then translate the new entries)."""

    copy = tmp_path / "src"
    shutil.copytree(
        BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "var", "staticfiles", "node_modules", "*.mo"),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--ignore=.venv",
            "--ignore=tests",
            "--no-obsolete",
        ],
        cwd=copy,
        env={"PATH": os.environ["PATH"], "DEBUG": "1"},
        check=True,
        capture_output=True,
    )

    def keys(entries):
        return {(e.get("msgctxt"), e["msgid"]) for e in entries}

    missing = keys(catalogue_entries(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")) - keys(ENTRIES)
    assert not missing, f"messages without an English entry: {sorted(m for _, m in missing)[:10]}"


def test_each_language_is_offered_in_its_own_name_and_the_english_menu_is_short(client, demo, demo_users):
    client.force_login(demo_users["leader"])
    page = html.unescape(client.get(reverse("home")).content.decode())
    assert '<option value="en" lang="en">English</option>' in page and "Tiếng Anh" not in page
    assert f'href="{reverse("reports:approvals")}">Chờ phê duyệt</a>' in page  # leadership's own list
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = html.unescape(client.get(reverse("home")).content.decode())
    assert ">Tiếng Việt</option>" in page
    for label in ["Conferences", "Drafts", "Recommendations", "For approval", "Directives"]:
        assert f">{label}</a></li>" in page, label
