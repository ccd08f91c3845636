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


@pytest.mark.parametrize("query", ["ho tro kinh phi", "HỖ TRỢ", "tro k", "50%", "a_b"])
def test_search_follows_every_kind_of_write(demo, query):
    """Saves, bulk inserts (which fill `search_text` themselves), bulk updates and deletes are all
    seen by the search, short and wildcard-like queries included."""
    from frontwork.text import search_key
    from recommendations.models import Recommendation

    def found():
        return set(Recommendation.objects.matching(query).values_list("text", flat=True))

    text = "Đề nghị hỗ trợ kinh phí 50% cho a_b"
    saved = Recommendation.objects.create(conference=demo, position=90, text=text)
    assert text in found()
    [bulk] = Recommendation.objects.bulk_create(
        [Recommendation(conference=demo, position=91, text="Khác", search_text=search_key(text + " (2)"))]
    )
    assert "Khác" in found()
    Recommendation.objects.filter(pk=bulk.pk).update(search_text="khac han")
    assert "Khác" not in found()
    saved.text = "Nội dung đã sửa"
    saved.save()
    assert "Nội dung đã sửa" not in found()
    saved.delete()
    assert text not in found()


def test_the_year_filter_offers_every_year_and_the_count_is_of_the_matches(client, users):
    """The years and the number of matches come from one grouped query: the year filter still
    offers every year of the user's conferences while a year is chosen, and the count and the
    rows are those of the chosen year; a year that is not a number is ignored."""
    from tests.factories import ConferenceFactory

    board = users["leader"].unit
    for year, n in ((2016, 2), (2017, 3)):
        for i in range(n):
            ConferenceFactory(host_unit=board, period_year=year, subject=f"giao ban {year} số {i}")
    client.force_login(users["staff"])
    url = reverse("conferences:list")
    page = client.get(url, {"year": "2017"})
    assert page.context["page"].paginator.count == 3
    assert page.context["filters"].year_choices[1:] == [("2017", "2017"), ("2016", "2016")]
    assert "Giao ban 2017 số 0" in page.text and "Giao ban 2016 số 0" not in page.text
    assert '<option value="2017" selected>' in page.text
    everything = client.get(url, {"year": "abc"})
    assert everything.context["page"].paginator.count == 5
