import pytest
from django.urls import reverse


@pytest.mark.parametrize("query", ["mat tran nam 2016", "MẶT TRẬN", "Công tác mặt trận", "cong  tac"])
def test_conference_search_ignores_diacritics_and_case(client, demo, demo_users, query):
    client.force_login(demo_users["staff"])
    response = client.get(reverse("conferences:list"), {"q": query})
    assert "Công tác Mặt trận năm 2016" in response.text


def test_conference_search_finds_nothing_for_other_words(client, demo, demo_users):
    client.force_login(demo_users["staff"])
    response = client.get(reverse("conferences:list"), {"q": "tháng 11"})
    assert "Công tác Mặt trận năm 2016" not in response.text


def test_search_text_follows_the_subject(demo):
    demo.subject = "công tác Mặt trận 6 tháng đầu năm 2017"
    demo.save(update_fields=["subject"])
    demo.refresh_from_db()
    assert demo.search_text.startswith("cong tac mat tran 6 thang dau nam 2017")
