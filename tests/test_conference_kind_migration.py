"""Migration conferences 0004: the old kinds, which named the period, become a kind and a period."""

import datetime

import pytest

from frontwork.accounts.models import Unit
from tests.migrations_support import back_to, forward

BEFORE = [("conferences", "0003_period_year_range")]


@pytest.fixture
def old_conference(transactional_db):
    apps = back_to(*BEFORE[0])
    Conference = apps.get_model("conferences", "Conference")
    # (the units' table is as it is now: only the conferences' migrations go back)
    board = Unit.objects.create(code="btt", name="Ban Thường trực", kind="standing_board")

    def conference(kind, number):
        return Conference.objects.create(
            kind=kind,
            period_year=2016,
            period_number=number,
            subject=f"giao ban {kind}",
            date=datetime.date(2016, 12, 27),
            format="online",
            host_unit_id=board.pk,
            status="held",
        ).pk

    yield conference
    forward()


def test_old_kinds_become_a_kind_and_a_period(old_conference):
    ids = {
        old_conference("monthly", 11): ("briefing", "month", 11),
        old_conference("quarterly", 4): ("briefing", "quarter", 4),
        old_conference("six_month", 2): ("briefing", "half_year", 2),
        old_conference("annual", None): ("briefing", "year", None),
        old_conference("ad_hoc", None): ("thematic", "", None),
        old_conference("ad_hoc", 3): ("thematic", "", None),  # the old rules let an ad hoc one keep a number
    }
    forward()
    from conferences.models import Conference

    for pk, expected in ids.items():
        conference = Conference.objects.get(pk=pk)
        assert (conference.kind, conference.period, conference.period_number) == expected
        conference.full_clean()
