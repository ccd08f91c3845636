"""Register and search latency on 1,000 and then 200,000 generated recommendations.

Target: the 200,000-row figures at most 2× the 1,000-row ones. The last case searches a term that
only one row holds: on SQLite it scans the whole table (no trigram index there), on PostgreSQL the
pg_trgm GIN index on `search_text` answers it. Requests go through the Django test
client as a provincial staff user (the widest view: the whole province), median of several runs.
"""

import datetime
import random
import statistics
import time

from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

SIZES = (1_000, 200_000)
RUNS = 7
BATCH = 5_000

PHRASES = [
    "Đề nghị UBND tỉnh hỗ trợ kinh phí xây dựng nhà Đại đoàn kết cho hộ nghèo",
    "Đề nghị nâng mức hỗ trợ xây nhà Đại đoàn kết từ 45 triệu đồng lên 50 triệu đồng",
    "Kiến nghị tăng phụ cấp cho Trưởng ban công tác Mặt trận khu dân cư",
    "Đề nghị bố trí kinh phí tổ chức Ngày hội Đại đoàn kết toàn dân tộc",
    "Kiến nghị sớm giải quyết dứt điểm đơn thư khiếu nại kéo dài về đất đai",
    "Đề nghị tăng cường kiểm tra an toàn vệ sinh thực phẩm dịp Tết Nguyên đán",
    "Kiến nghị sửa chữa, nâng cấp trụ sở làm việc của Mặt trận cấp xã",
    "Đề nghị quan tâm đào tạo, bồi dưỡng cán bộ Mặt trận cơ sở",
    "Kiến nghị hướng dẫn thống nhất việc giám sát và phản biện xã hội",
    "Đề nghị đầu tư đường giao thông nông thôn tại các xã đặc biệt khó khăn",
]


def _median_ms(client, url, params):
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url, params)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings)


def _setup():
    from conferences.models import Conference
    from frontwork.accounts.models import Unit, User

    province = Unit.objects.create(
        code="bench-tinh", name="Ủy ban MTTQ Việt Nam tỉnh", kind="provincial_committee"
    )
    board = Unit.objects.create(
        code="bench-btt", name="Ban Thường trực", kind="standing_board", parent=province
    )
    departments = [
        Unit.objects.create(code=f"bench-ban-{i}", name=f"Ban số {i}", kind="department", parent=province)
        for i in range(4)
    ]
    districts = [
        Unit.objects.create(
            code=f"bench-huyen-{i}", name=f"Mặt trận huyện số {i}", kind="district_committee", parent=province
        )
        for i in range(20)
    ]
    authorities = [
        Unit.objects.create(code=f"bench-cq-{i}", name=name, kind=kind, parent=parent)
        for i, (name, kind, parent) in enumerate(
            [
                ("Tỉnh ủy", "party_committee", province),
                ("HĐND tỉnh", "peoples_council", province),
                ("UBND tỉnh", "peoples_committee", province),
                ("Ủy ban Trung ương MTTQ Việt Nam", "central", None),
            ]
        )
    ]
    conferences = [
        Conference.objects.create(
            kind="briefing",
            period="month",
            period_year=year,
            period_number=month,
            subject=f"công tác Mặt trận tháng {month} năm {year}",
            date=datetime.date(year, month, 25),
            format="online",
            host_unit=board,
            status="held",
        )
        for year in range(2014, 2026)
        for month in range(1, 13)
    ]
    staff = User.objects.create_user("bench-staff", password="x", role="staff", unit=departments[0])
    return staff, conferences, departments, districts, authorities


def _generate(count, start, conferences, departments, districts, authorities, rng):
    from frontwork.text import search_key
    from recommendations.models import Recommendation

    through = Recommendation.raised_by.through
    statuses = [s for s, _ in Recommendation.Status.choices]
    made = 0
    while made < count:
        n = min(BATCH, count - made)
        items = []
        for i in range(n):
            text = f"{rng.choice(PHRASES)} (mục {start + made + i})"
            conference = rng.choice(conferences)
            items.append(
                Recommendation(
                    conference=conference,
                    position=i,
                    text=text,
                    search_text=search_key(text),
                    addressee=rng.choice(authorities),
                    department=rng.choice(departments),
                    status=rng.choice(statuses),
                    due_date=conference.date + datetime.timedelta(days=90),
                )
            )
        with transaction.atomic():
            created = Recommendation.objects.bulk_create(items, batch_size=1000)
            if created[0].pk is None:  # backends that do not return ids
                last = Recommendation.objects.order_by("-pk").values_list("pk", flat=True)[:n]
                ids = sorted(last)
            else:
                ids = [item.pk for item in created]
            through.objects.bulk_create(
                [through(recommendation_id=pk, unit_id=rng.choice(districts).pk) for pk in ids],
                batch_size=2000,
            )
        made += n


def run(report):
    rng = random.Random(2016)
    staff, conferences, departments, districts, authorities = _setup()
    client = Client()
    client.force_login(staff)
    url = reverse("recommendations:register")
    cases = [
        ("register, first page", {}),
        ("register, page 3", {"page": 3}),
        ("search 'ho tro kinh phi'", {"q": "ho tro kinh phi"}),
        ("search + filter year 2020", {"q": "dai doan ket", "year": 2020}),
        ("filter status + department", {"status": "forwarded", "department": departments[1].pk}),
        ("search, rare term 'muc 777)'", {"q": "muc 777)"}),
    ]
    results = {}
    total = 0
    for size in SIZES:
        started = time.perf_counter()
        _generate(size - total, total, conferences, departments, districts, authorities, rng)
        total = size
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        report(f"generated {size:,} recommendations in {time.perf_counter() - started:.1f} s")
        for name, params in cases:
            _median_ms(client, url, params)  # warm up
            results[(name, size)] = _median_ms(client, url, params)
            report(f"  {name:<32} {results[(name, size)]:8.1f} ms (median of {RUNS})")
    report(f"\nratio {SIZES[-1]:,} / {SIZES[0]:,} (target ≤ 2×):")
    for name, _ in cases:
        ratio = results[(name, SIZES[-1])] / results[(name, SIZES[0])]
        report(f"  {name:<32} {ratio:6.2f}×  {'ok' if ratio <= 2 else 'ABOVE TARGET'}")
