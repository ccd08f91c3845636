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
