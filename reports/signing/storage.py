"""Storing an issued file once (the worker's side)."""

import hashlib
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from reports.signing.models import IssuedFile


def issued_file_store(*, version, kind, content, **fields):
    """Store `content` as the `kind` file of `version`, once: the storage file is written under a
    fresh name and read back (its hash checked) before the row that serves it exists; when another
    worker stored one first, that one is kept and this file removed."""
    digest = hashlib.sha256(content).hexdigest()
    name = default_storage.save(
        f"reports/issued/{version.final_report_id}/{uuid.uuid4().hex}.pdf", ContentFile(content)
    )
    with default_storage.open(name, "rb") as f:
        written = hashlib.sha256(f.read()).hexdigest()
    if written != digest:
        default_storage.delete(name)
        raise OSError("the issued file was not written completely")
    try:
        with transaction.atomic():
            return IssuedFile.objects.create(
                version=version, kind=kind, file=name, sha256=digest, size=len(content), **fields
            )
    except IntegrityError:
        default_storage.delete(name)
        return IssuedFile.objects.get(version=version, kind=kind)
