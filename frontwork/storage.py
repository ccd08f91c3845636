"""Files in `STORAGES["default"]` that no row refers to any more (a render or an upload that
failed between storing its file and committing its row): found by walking a folder of the
storage and deleted once older than a grace period, so a file being written now is never taken."""

import datetime
import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

logger = logging.getLogger(__name__)


def _walk(storage, folder):
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _walk(storage, f"{folder}/{directory}")


def orphan_files_delete(*, folder, referenced, grace=None, now=None, storage=None):
    """Deletes the files under `folder` whose names are not in `referenced` (names as the
    FileFields store them) and that were last modified more than `grace` ago (default:
    settings.ORPHAN_FILE_GRACE_HOURS). Returns the names deleted."""
    storage = storage or default_storage
    grace = grace if grace is not None else datetime.timedelta(hours=settings.ORPHAN_FILE_GRACE_HOURS)
    cutoff = (now or timezone.now()) - grace
    referenced = set(referenced)
    deleted = []
    for name in _walk(storage, folder.strip("/")):
        if name in referenced:
            continue
        try:
            modified = storage.get_modified_time(name)
        except FileNotFoundError:  # deleted meanwhile
            continue
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified, datetime.UTC)
        if modified < cutoff:
            storage.delete(name)
            deleted.append(name)
    if deleted:
        logger.info("Deleted %d orphan file(s) under %s/", len(deleted), folder)
    return deleted
