import email
from email import policy

import pytest

from frontwork.notifications.tasks import send_email
from tests.conftest import delivered_mail, wait_for


@pytest.mark.worker
def test_a_real_worker_process_runs_tasks_from_the_configured_broker(celery_worker_process, tmp_path):
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    celery_worker_process(EMAIL_URL=f"filemail://{outbox}")
    send_email.delay(to=["huyen@example.org"], subject="Mở đợt góp ý", body="Hạn chót: 10/01/2017.")
    messages = wait_for(lambda: delivered_mail(outbox), timeout=90)
    message = email.message_from_bytes(messages[0].encode(), policy=policy.default)
    assert message["Subject"] == "Mở đợt góp ý"
    assert message["To"] == "huyen@example.org"
    assert message.get_content().strip() == "Hạn chót: 10/01/2017."
