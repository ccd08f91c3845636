"""Opening a round e-mails the units through a real worker process."""

import pytest

from tests.conftest import delivered_mail, wait_for
from tests.drafts_support import make_draft, open_round


@pytest.mark.worker
def test_round_opening_mail_goes_through_a_real_worker(celery_worker_process, users, province, tmp_path):
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    celery_worker_process(EMAIL_URL=f"filemail://{outbox}")
    province["district_a"].email = "huyen-a@example.org"
    province["district_a"].save()
    draft = make_draft(users["staff"])
    open_round(draft, users["staff"], [province["district_a"]])
    messages = wait_for(lambda: delivered_mail(outbox), timeout=90)
    assert "huyen-a@example.org" in messages[0]


@pytest.mark.worker
def test_an_uploaded_docx_is_converted_by_a_real_worker(
    celery_worker_process, users, province, settings, tmp_path
):
    from reports.drafts import services
    from reports.models import DraftVersion
    from tests.drafts_support import DRAFT_TITLE, docx_upload
    from tests.factories import ConferenceFactory

    settings.MEDIA_ROOT = str(tmp_path / "media")
    celery_worker_process(MEDIA_ROOT=settings.MEDIA_ROOT)
    draft = services.draft_create(
        conference=ConferenceFactory(host_unit=province["board"]),
        title=DRAFT_TITLE,
        user=users["staff"],
        uploaded_file=docx_upload(),
    )
    version = draft.versions.get()
    assert version.conversion == DraftVersion.Conversion.PENDING  # the request did not convert it
    wait_for(
        lambda: DraftVersion.objects.filter(pk=version.pk, conversion=DraftVersion.Conversion.DONE).exists(),
        timeout=90,
    )
    assert list(version.paragraphs.values_list("kind", flat=True)) == ["h2", "p", "p", "p"]
