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
