"""The embedded broker (frontwork/broker.py): a message is visible to readers only when complete."""

import json
import os

import pytest
from django.conf import settings
from kombu import Connection

from frontwork import broker


@pytest.fixture
def folder_connection(tmp_path):
    options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path), "store_processed": False}
    with Connection("filesystem://", transport=broker.Transport, transport_options=options) as connection:
        yield connection, tmp_path


def test_a_message_appears_under_its_readable_name_only_once_written(folder_connection, monkeypatch):
    connection, folder = folder_connection
    seen_before_rename = []
    real_replace = os.replace

    def replace(source, target):
        # At this instant a reader listing the folder must find no message of the queue.
        seen_before_rename.append((sorted(os.listdir(folder)), open(source, "rb").read()))
        return real_replace(source, target)

    monkeypatch.setattr(broker.os, "replace", replace)
    channel = connection.default_channel
    channel._put("jobs", {"body": "Báo cáo kết quả giao ban"})

    [(listing, written)] = seen_before_rename
    assert [name for name in listing if name.endswith(".jobs.msg")] == []
    assert json.loads(written) == {"body": "Báo cáo kết quả giao ban"}
    [name] = os.listdir(folder)
    assert name.endswith(".jobs.msg") and not name.startswith(".")
    assert channel._get("jobs") == {"body": "Báo cáo kết quả giao ban"}
    assert os.listdir(folder) == []


def test_the_embedded_default_uses_this_transport_and_polls_often():
    """On "filesystem://" the app uses this transport, polling often; any other URL its own transport."""
    from frontwork.celery import app

    with app.connection_for_write() as connection:
        embedded = settings.CELERY_BROKER_URL == "filesystem://"
        assert isinstance(connection.transport, broker.Transport) is embedded
        if embedded:
            assert connection.transport.polling_interval <= 0.1


def test_a_folder_that_is_away_reads_as_an_empty_queue_and_refuses_messages(folder_connection):
    """As a server that is away: the worker waits instead of stopping; a sender gets an error."""
    from queue import Empty

    from kombu.exceptions import ChannelError

    connection, folder = folder_connection
    channel = connection.default_channel
    folder.rename(folder.with_name("away"))
    with pytest.raises(Empty):
        channel._get("jobs")
    with pytest.raises(ChannelError):
        channel._put("jobs", {"body": "x"})
    folder.with_name("away").rename(folder)
    channel._put("jobs", {"body": "x"})
    assert channel._get("jobs") == {"body": "x"}
