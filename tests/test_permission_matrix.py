"""Every URL pattern of the project, for every role and for an anonymous visitor: the outcome of a
GET request. A URL pattern without a row here fails the test, so new pages must declare who may
see them. Object-level rules (another unit's object by id) are rows too.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import ConferenceFactory

ROLES = ["anonymous", "staff", "office", "other_office", "leader", "admin"]
LOGIN = "login"  # anonymous visitors are redirected to the login page

ALL = dict.fromkeys(ROLES[1:], 200)


def row(anonymous=LOGIN, **outcomes):
    return {"anonymous": anonymous, **ALL, **outcomes}


# name → (kwargs built from the objects of the `world` fixture, expected outcome per role)
MATRIX = {
    "login": (None, {role: 200 for role in ROLES} | {r: 302 for r in ROLES[1:]}),
    "logout": (None, dict.fromkeys(ROLES, 405)),
    "password_change": (None, row()),
    "password_change_done": (None, row()),
    "set_language": (None, dict.fromkeys(ROLES, 302)),
    "home": (None, row()),
    "health": (None, dict.fromkeys(ROLES, 200)),
    "conferences:list": (None, row()),
    # The office's own conference (its unit took part) and one it has nothing to do with.
    "reports:record": (lambda w: {"pk": w["attended"].pk}, row(other_office=404)),
}
EXTRA_ROWS = [
    ("reports:record", lambda w: {"pk": w["district_b_only"].pk}, row(office=404, other_office=200)),
]
IGNORED_PREFIXES = ("quan-tri/", "static/", "media/")


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if not route.startswith(IGNORED_PREFIXES):
                yield f"{namespace}{entry.name}", route


def test_every_url_pattern_has_a_row():
    missing = sorted({name for name, _route in _patterns() if name not in MATRIX})
    assert missing == [], f"add these URL names to MATRIX: {missing}"


@pytest.fixture
def world(users, province):
    attended = ConferenceFactory(host_unit=province["board"], subject="giao ban tỉnh")
    attended.attendance.create(kind="district_committees", description="Mặt trận huyện A").units.set(
        [province["district_a"]]
    )
    district_b_only = ConferenceFactory(host_unit=province["district_b"], subject="giao ban huyện B")
    return {"users": users, "attended": attended, "district_b_only": district_b_only}


def _cases():
    for name, (kwargs, outcomes) in MATRIX.items():
        yield name, kwargs, outcomes
    yield from EXTRA_ROWS


@pytest.mark.parametrize(
    ("name", "kwargs", "outcomes"), list(_cases()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_each_role_gets_the_declared_outcome(client, world, name, kwargs, outcomes):
    from django.urls import reverse

    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    got = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        response = client.get(url)
        outcome = response.status_code
        if outcome == 302 and "/dang-nhap/" in response.url and role == "anonymous":
            outcome = LOGIN
        got[role] = outcome
    assert got == outcomes
