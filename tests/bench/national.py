"""A generator of national-scale data: 34 provinces, about 3,300 communes, ten years of monthly
conferences per province, each with a full record. Used by the benchmarks."""

import datetime
import random

from conferences.models import AgendaItem, AttendanceGroup, Conference, Difficulty
from frontwork.accounts.models import Unit, User
from recommendations.models import Directive, Recommendation

PROVINCES = 34
COMMUNES = 3_300
YEARS = range(2016, 2026)
WORDS = (
    "tăng cường công tác giám sát phản biện xã hội hỗ trợ kinh phí xây dựng nhà đại đoàn kết "
    "cho hộ nghèo nông thôn mới đô thị văn minh tuyên truyền vận động Nhân dân tham gia"
).split()


def _text(rng, n=24):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate(*, provinces=PROVINCES, communes=COMMUNES, years=YEARS, items=4, seed=2016):
    """Create the tree, one staff user per province, and a monthly conference per province and
    month with `items` entries in each list. Returns a summary dict."""
    rng = random.Random(seed)
    central = Unit.objects.bulk_create_tree(
        [Unit(code="n-tw", name="Ủy ban Trung ương MTTQ Việt Nam", kind=Unit.Kind.CENTRAL)]
    )[0]
    authority = Unit.objects.bulk_create_tree(
        [Unit(code="n-ubnd", name="Ủy ban nhân dân tỉnh", kind=Unit.Kind.PEOPLES_COMMITTEE)]
    )[0]
    committees = Unit.objects.bulk_create_tree(
        [
            Unit(
                code=f"n-p{p}",
                name=f"Ủy ban MTTQ Việt Nam tỉnh số {p}",
                kind=Unit.Kind.PROVINCIAL_COMMITTEE,
                parent=central,
            )
            for p in range(provinces)
        ]
    )
    boards = Unit.objects.bulk_create_tree(
        [
            Unit(
                code=f"n-p{p}-btt",
                name=f"Ban Thường trực tỉnh số {p}",
                kind=Unit.Kind.STANDING_BOARD,
                parent=c,
            )
            for p, c in enumerate(committees)
        ]
    )
    per_province = communes // provinces
    commune_units = Unit.objects.bulk_create_tree(
        [
            Unit(
                code=f"n-p{p}-x{x}",
                name=f"Ủy ban MTTQ Việt Nam xã số {x} tỉnh {p}",
                kind=Unit.Kind.COMMUNE_COMMITTEE,
                parent=c,
                active_from=datetime.date(2016, 1, 1),
            )
            for p, c in enumerate(committees)
            for x in range(per_province)
        ]
    )
    users = [
        User(username=f"n-staff-{p}", role=User.Role.STAFF, unit=board) for p, board in enumerate(boards)
    ]
    users += [
        User(username=f"n-office-{p}", role=User.Role.OFFICE, unit=commune_units[p * per_province])
        for p in range(provinces)
    ]
    User.objects.bulk_create(users)

    conferences = Conference.objects.bulk_create(
        [
            Conference(
                kind=Conference.Kind.BRIEFING,
                period=Conference.Period.MONTH,
                period_year=year,
                period_number=month,
                subject=f"công tác Mặt trận tháng {month} năm {year}",
                date=datetime.date(year, month, 25),
                format=Conference.Format.ONLINE,
                host_unit=board,
                status=Conference.Status.HELD,
                recommendations_intro="Các đơn vị kiến nghị:",
                conclusions_intro="Ban Thường trực đề nghị:",
            )
            for board in boards
            for year in years
            for month in range(1, 13)
        ],
        batch_size=2000,
    )
    province_of_board = {b.pk: i for i, b in enumerate(boards)}
    groups, agenda, difficulties, recommendations, directives = [], [], [], [], []
    for conf in conferences:
        groups.append(
            AttendanceGroup(
                conference=conf,
                position=1,
                kind="commune_committees",
                description="các xã, phường trên địa bàn tỉnh",
            )
        )
        for i in range(1, items + 1):
            agenda.append(AgendaItem(conference=conf, position=i, text=_text(rng, 12)))
            difficulties.append(Difficulty(conference=conf, position=i, text=_text(rng)))
            recommendations.append(
                Recommendation(conference=conf, position=i, text=_text(rng), addressee=authority)
            )
            directives.append(Directive(conference=conf, position=i, text=_text(rng)))
    for model, rows in (
        (AttendanceGroup, groups),
        (AgendaItem, agenda),
        (Difficulty, difficulties),
        (Recommendation, recommendations),
        (Directive, directives),
    ):
        model.objects.bulk_create(rows, batch_size=5000)
    # The first province's commune committees attend its conferences (for the office user).
    through = AttendanceGroup.units.through
    first = [g for g in AttendanceGroup.objects.filter(conference__host_unit=boards[0]).only("pk")]
    through.objects.bulk_create(
        [through(attendancegroup_id=g.pk, unit_id=u.pk) for g in first for u in commune_units[:per_province]],
        batch_size=5000,
    )
    del province_of_board
    features = _feature_data(boards, commune_units[:per_province], authority, rng)
    return {
        "units": Unit.objects.count(),
        "conferences": len(conferences),
        "items": len(agenda) + len(difficulties) + len(recommendations) + len(directives),
        **features,
    }


def _feature_data(boards, communes, authority, rng, asked=20, answered=10):
    """What the other pages need, kept cheap: statuses on every recommendation (cycled), and for
    the first province's latest conference a final report and a draft whose first version is out
    for comment to `asked` communes, `answered` of which have submitted a comment."""
    from reports.drafts import services
    from reports.final import services as final_services
    from tests.drafts_support import PARAGRAPHS

    ids = list(Recommendation.objects.order_by("pk").values_list("pk", flat=True))
    statuses = [s for s, _ in Recommendation.Status.choices]
    for i, status in enumerate(statuses):
        Recommendation.objects.filter(pk__in=ids[i :: len(statuses)]).update(
            status=status, due_date=datetime.date(2026, 1, 1) if i % 2 else datetime.date(2020, 1, 1)
        )
    staff = User.objects.get(username="n-staff-0")
    conference = Conference.objects.filter(host_unit=boards[0]).order_by("-date").first()
    final_services.final_report_get_or_create(conference=conference, user=staff)
    draft = services.draft_create(
        conference=conference,
        title=f"Báo cáo {conference.subject}",
        user=staff,
        text="\n\n".join(PARAGRAPHS * 5),
    )
    comment_round = services.round_open(
        version=draft.versions.get(number=1),
        units=communes[:asked],
        deadline=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=7),
        instructions="Đề nghị góp ý cụ thể vào từng phần.",
        user=staff,
    )
    # n-office-0 already belongs to the first commune; the others get one office user each.
    offices = [User.objects.get(username="n-office-0")] + User.objects.bulk_create(
        User(username=f"n-office-0-{i}", role=User.Role.OFFICE, unit=unit)
        for i, unit in enumerate(communes[1:answered])
    )
    for office in offices:
        services.comment_save(comment_round=comment_round, user=office, text=_text(rng))
        services.round_submit(comment_round=comment_round, user=office)
    return {"conference": conference, "draft": draft, "round": comment_round}
