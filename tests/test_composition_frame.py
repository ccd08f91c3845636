"""compose_frame(): the final report form's starting text, read without the whole record."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conferences.composition import compose, compose_frame, conference_with_record
from conferences.models import Conference


def test_frame_is_what_compose_writes_in_two_queries(demo):
    """The conference (read by the caller) and two queries: its attendance groups and co-hosts."""
    composition = compose(conference_with_record(demo.pk, units=False), units=False)
    conference = Conference.objects.select_related("host_unit").get(pk=demo.pk)
    with CaptureQueriesContext(connection) as queries:
        frame = compose_frame(conference)
    assert len(queries) == 2  # the attendance groups, the co-hosts
    assert (frame.subject, frame.opening, frame.closing) == (
        composition.subject,
        composition.opening,
        composition.closing,
    )
    assert "Tham dự hội nghị có" in frame.opening  # the demo's attendance groups are in it
