"""The dashboard's figures, counted in grouped queries: by status, by year, overdue, directives;
only the user's province's rows."""

import datetime

from frontwork.accounts.models import Unit
from recommendations.models import Directive, Recommendation
from recommendations.selectors import dashboard_figures
from tests.factories import ConferenceFactory, UnitFactory

S = Recommendation.Status
TODAY = datetime.date(2024, 6, 1)
PAST, LATER = datetime.date(2024, 1, 1), datetime.date(2025, 1, 1)


def test_figures_count_the_province_by_status_year_and_due_date(users, province):
    authority = UnitFactory(kind=Unit.Kind.AUTHORITY, name="Sở Xây dựng", short_name="SXD")
    older = ConferenceFactory(host_unit=province["board"], period_year=2022, date=datetime.date(2022, 5, 1))
    newer = ConferenceFactory(host_unit=province["board"], period_year=2023, date=datetime.date(2023, 5, 1))
    elsewhere = ConferenceFactory(period_year=2023)  # another province's: never counted
    rows = [
        (older, S.NEW, PAST),  # overdue
        (older, S.RESOLVED, PAST),  # closed: not overdue
        (newer, S.FORWARDED, PAST),  # overdue
        (newer, S.FORWARDED, LATER),
        (newer, S.ANSWERED, PAST),  # answered: no longer awaiting a reply
        (newer, S.NOT_ACCEPTED, None),
        (elsewhere, S.NEW, PAST),
    ]
    for i, (conference, status, due) in enumerate(rows):
        Recommendation.objects.create(
            conference=conference,
            position=i,
            text=f"Kiến nghị {i}",
            status=status,
            due_date=due,
            addressee=authority,
        )
    Directive.objects.create(conference=newer, position=0, text="a", due_date=PAST)  # overdue
    Directive.objects.create(
        conference=newer, position=1, text="b", due_date=PAST, status=Directive.Status.DONE
    )
    Directive.objects.create(conference=elsewhere, position=0, text="c", due_date=PAST)

    figures = dashboard_figures(users["staff"], today=TODAY)

    assert {value: n for value, _, n in figures["statuses"]} == {
        S.NEW: 1,
        S.FORWARDED: 2,
        S.ANSWERED: 1,
        S.RESOLVED: 1,
        S.NOT_ACCEPTED: 1,
    }
    assert figures["total"] == 6
    assert figures["by_year"] == [
        {"conference__period_year": 2022, "total": 2, "closed": 1},
        {"conference__period_year": 2023, "total": 4, "closed": 1},
    ]
    assert figures["overdue_count"] == 2
    assert [r["text"] for r in figures["overdue"]] == ["Kiến nghị 0", "Kiến nghị 2"]
    assert figures["by_addressee"] == [
        {"addressee__name": "Sở Xây dựng", "addressee__short_name": "SXD", "total": 6}
    ]
    assert {value: n for value, _, n in figures["directive_statuses"]}[Directive.Status.DONE] == 1
    assert sum(n for _, _, n in figures["directive_statuses"]) == 2
    assert figures["directive_overdue_count"] == 1
