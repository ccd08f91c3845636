"""Work done in the background and kept as rows of our own tables (the PDF jobs of reports/final,
the e-mails of frontwork/notifications): the one pattern both follow.

- The row is written in the same transaction as the change that asks for the work; its task is
  sent to the broker once that transaction commits (`JobKind.send`). A broker that is away is
  logged, never raised: the user's change is saved, the row is marked unsent and waits for the
  sweep.
- A worker claims the row with a conditional UPDATE (waiting → running, one more attempt, a short
  lease), so a duplicated or redelivered message does the work once. While it works, a thread
  renews the lease every few seconds (`JobKind.renewing`), so the lease can be short: a worker
  that dies stops renewing, and its row is taken over within the lease.
- A message for a row whose lease ran out takes it over at once (`claim`); the periodic sweep
  (Celery beat) puts such rows back in the queue, sends again the rows whose message never
  reached the broker, and those still waiting long after theirs did (lost by the broker). After
  the last attempt the row fails with a reason.
"""

import logging
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import KombuError

from frontwork.celery import app as celery_app

logger = logging.getLogger(__name__)

# The broker could not be reached (or, for the embedded broker, its folder could not be written).
BROKER_ERRORS = (KombuError, ConnectionError, OSError)

# After a failed send, this process leaves the broker alone for this long: the rows of the
# requests meanwhile are marked unsent at once instead of each waiting for the client's retries.
BROKER_PAUSE_SECONDS = 5.0
_broker_paused_until = 0.0


class JobKind:
    """One kind of job row. `model` has the fields status, attempts, error, lease_expires_at,
    enqueued_at (None: its message never reached the broker), started_at and finished_at; the
    statuses are the values of its `status` field. The numbers are read from the settings named
    here when used, so a changed setting applies at once."""

    def __init__(
        self,
        model,
        *,
        task,
        waiting,
        running,
        failed,
        lease_setting,
        attempts_setting,
        resend_setting,
        reasons,
        send_options=dict,
    ):
        self.model = model
        self.task = task
        self.waiting, self.running, self.failed = waiting, running, failed
        self.lease_setting = lease_setting
        self.attempts_setting = attempts_setting
        self.resend_setting = resend_setting
        # "out_of_attempts", "requeued", "died_too_often": the reasons written on the row.
        self.reasons = reasons
        self.send_options = send_options

    @property
    def lease(self):
        return timedelta(seconds=getattr(settings, self.lease_setting))

    @property
    def max_attempts(self):
        return getattr(settings, self.attempts_setting)

    # --- web side ---------------------------------------------------------------------------
    def send(self, ids):
        """Send the rows' task once the current transaction commits; rows whose message did not
        reach the broker are marked unsent for the sweep."""
        ids = list(ids)
        if ids:
            transaction.on_commit(lambda: self._publish(ids))

    def _publish(self, ids):
        global _broker_paused_until
        options = self.send_options()
        for position, pk in enumerate(ids):
            if time.monotonic() < _broker_paused_until:
                self._mark_unsent(ids[position:], "the broker failed a moment ago")
                return
            try:
                celery_app.signature(self.task, kwargs={"job_id": pk}).apply_async(**options)
            except BROKER_ERRORS as exc:
                _broker_paused_until = time.monotonic() + BROKER_PAUSE_SECONDS
                self._mark_unsent(ids[position:], exc)
                return

    def _mark_unsent(self, ids, reason):
        logger.warning("%s %s not sent, broker unavailable: %s", self.model.__name__, ids, reason)
        try:
            self.model.objects.filter(pk__in=ids, status=self.waiting).update(enqueued_at=None)
        except DatabaseError:
            # The database is away too: the sweep sends the rows again after the resend delay.
            logger.exception("could not mark %s %s unsent", self.model.__name__, ids)

    # --- worker side ------------------------------------------------------------------------
    def claim(self, pk):
        """Take the row: a waiting one, or a running one whose holder stopped renewing its lease.
        Returns the attempt number, or None when another worker holds it, it is finished, or it
        has used up its attempts (a waiting row out of attempts fails with a reason)."""
        now = timezone.now()
        claimed = (
            self.model.objects.filter(pk=pk, attempts__lt=self.max_attempts)
            .filter(Q(status=self.waiting) | Q(status=self.running, lease_expires_at__lt=now))
            .update(
                status=self.running,
                attempts=F("attempts") + 1,
                lease_expires_at=now + self.lease,
                started_at=now,
            )
        )
        if not claimed:
            exhausted = self.model.objects.filter(pk=pk, status=self.waiting, attempts__gte=self.max_attempts)
            exhausted.filter(error="").update(error=self.reasons["out_of_attempts"])
            exhausted.update(status=self.failed, finished_at=now, lease_expires_at=None)
            return None
        return self.model.objects.values_list("attempts", flat=True).get(pk=pk)

    def lease_left(self, pk):
        """Seconds until the lease of a running row ends (another worker holds it), else None."""
        expires = (
            self.model.objects.filter(pk=pk, status=self.running)
            .values_list("lease_expires_at", flat=True)
            .first()
        )
        if expires is None:
            return None
        return max((expires - timezone.now()).total_seconds(), 0.0)

    def owned(self, pk, attempt):
        """The row, as long as this attempt still holds it."""
        return self.model.objects.filter(pk=pk, status=self.running, attempts=attempt)

    def fail(self, pk, attempt, reason):
        self.owned(pk, attempt).update(
            status=self.failed, error=reason[:2000], finished_at=timezone.now(), lease_expires_at=None
        )

    def requeue(self, pk, attempt, reason):
        """A transient error: the row waits again (the task retries with backoff)."""
        self.owned(pk, attempt).update(
            status=self.waiting, lease_expires_at=None, enqueued_at=timezone.now(), error=reason[:2000]
        )

    @contextmanager
    def renewing(self, pk, attempt):
        """Renew the row's lease every sixth of it (5 s of a 30 s lease) while the block runs,
        from a thread with its own database connection; it stops when the block ends or the row
        is no longer this attempt's. Nothing is renewed while the claim itself is inside an
        uncommitted transaction: no other worker can see it then."""
        if connection.in_atomic_block:
            yield
            return
        stop = threading.Event()
        every = max(self.lease.total_seconds() / 6, 0.2)

        def renew():
            try:
                while not stop.wait(every):
                    try:
                        if not self.owned(pk, attempt).update(lease_expires_at=timezone.now() + self.lease):
                            return
                    except DatabaseError as exc:
                        logger.warning("lease of %s %s not renewed: %s", self.model.__name__, pk, exc)
            finally:
                connection.close()  # this thread's own connection

        thread = threading.Thread(target=renew, name=f"lease-{self.model.__name__}-{pk}", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()

    def sweep(self):
        """Put back in the queue the rows whose worker died (lease expired), failing those out of
        attempts; send again the rows whose message never reached the broker, and those waiting
        longer than the resend delay. Returns the ids sent again."""
        now = timezone.now()
        resend = []
        with transaction.atomic():
            expired = self.model.objects.filter(status=self.running, lease_expires_at__lt=now)
            for pk, attempts in expired.values_list("pk", "attempts"):
                owned = self.owned(pk, attempts).filter(lease_expires_at__lt=now)
                if attempts >= self.max_attempts:
                    owned.update(
                        status=self.failed,
                        finished_at=now,
                        lease_expires_at=None,
                        error=self.reasons["died_too_often"],
                    )
                elif owned.update(
                    status=self.waiting,
                    lease_expires_at=None,
                    enqueued_at=now,
                    error=self.reasons["requeued"],
                ):
                    resend.append(pk)
            lost = now - timedelta(seconds=getattr(settings, self.resend_setting))
            stale = self.model.objects.filter(
                Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=lost), status=self.waiting
            )
            stale_ids = list(stale.values_list("pk", flat=True))
            self.model.objects.filter(pk__in=stale_ids).update(enqueued_at=now)
            resend += stale_ids
            self.send(resend)
        return resend
