"""Writes on conference records. Every change goes through here, in a transaction.

Optimistic locking: each row carries a `version`. A save names the version it was edited from and
claims the row with a conditional UPDATE (`… WHERE pk = %s AND version = %s`), so of two concurrent
saves exactly one wins; the other gets `EditConflict` carrying the row as it is now.

History: django-simple-history records one entry per change (who, when, the whole row, its units).
Unit lists are set with history switched off and recorded by the save that follows, so one change
makes one entry.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from conferences.models import MOVE_NEIGHBOUR, Conference
from conferences.selectors import units_inactive_on


class EditConflict(Exception):
    """Someone else saved (or deleted) the object since it was loaded; `current` is the object as it
    is now, or None when it was deleted."""

    def __init__(self, current):
        self.current = current
        super().__init__("edit conflict")


def _split(model, data):
    """(plain fields, many-to-many fields) of `data` for `model`."""
    plain, m2m = {}, {}
    for name, value in data.items():
        field = model._meta.get_field(name)
        (m2m if isinstance(field, models.ManyToManyField) else plain)[name] = value
    return plain, m2m


def _claim(model, pk, expected_version):
    """Take the row for this change, or raise EditConflict."""
    claimed = model.objects.filter(pk=pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise EditConflict(model.objects.filter(pk=pk).first())
    return model.objects.get(pk=pk)


def _save_with_history(obj, m2m, *, created):
    """Save `obj`, set its unit lists, and record one history entry holding both."""
    if not m2m:
        obj.save()
        return obj
    obj.skip_history_when_saving = True
    try:
        obj.save()
        for name, value in m2m.items():
            getattr(obj, name).set(value)
    finally:
        del obj.skip_history_when_saving
    obj.save(update_fields=["version"])  # its post_save writes the history entry, units included
    if created:
        history = obj.history.model
        latest = (
            history.objects.filter(id=obj.pk).order_by("-history_id").values_list("history_id", flat=True)[:1]
        )
        history.objects.filter(history_id__in=list(latest)).update(history_type="+")
    return obj


@transaction.atomic
def conference_create(*, data, user):
    """A new conference from the form's values (co-hosts included); the period's rules are
    checked again (ValidationError)."""
    plain, m2m = _split(Conference, data)
    conference = Conference(**plain, created_by=user)
    conference.check_period()
    return _save_with_history(conference, m2m, created=True)


@transaction.atomic
def conference_update(*, conference, data, expected_version):
    """Save the general information of a conference edited from `expected_version` (EditConflict
    otherwise). A new date is refused (ValidationError on "date") while units named in the record
    are not active on it."""
    fresh = _claim(Conference, conference.pk, expected_version)
    date = data.get("date")
    if date and date != fresh.date:
        inactive = [unit.name for unit in units_inactive_on(fresh, date)]
        if inactive:
            raise ValidationError(
                {
                    "date": _(
                        "Các đơn vị sau có trong nội dung hội nghị nhưng không hoạt động vào ngày này: "
                        "%(units)s. Hãy sửa các mục có tên các đơn vị đó trước khi đổi ngày họp."
                    )
                    % {"units": "; ".join(inactive)}
                }
            )
    plain, m2m = _split(Conference, data)
    for name, value in plain.items():
        setattr(fresh, name, value)
    fresh.check_period()
    return _save_with_history(fresh, m2m, created=False)


@transaction.atomic
def item_create(*, section, parent, data):
    """Add an item at the end of its list."""
    plain, m2m = _split(section.model, data)
    siblings = section.model.objects.filter(**{section.parent_field: parent})
    last = siblings.aggregate(last=Max("position"))["last"]
    item = section.model(**plain, **{section.parent_field: parent})
    item.position = 0 if last is None else last + 1
    return _save_with_history(item, m2m, created=True)


@transaction.atomic
def item_save(*, section, item, data, expected_version):
    """Save the user's values on an item edited from `expected_version` (EditConflict otherwise)."""
    fresh = _claim(section.model, item.pk, expected_version)
    plain, m2m = _split(section.model, data)
    for name, value in plain.items():
        setattr(fresh, name, value)
    return _save_with_history(fresh, m2m, created=False)


@transaction.atomic
def item_delete(*, section, item, expected_version):
    fresh = _claim(section.model, item.pk, expected_version)
    fresh.delete()


@transaction.atomic
def item_move(*, section, item, direction):
    """Swap an item with its neighbour above ("up") or below ("down"). Returns False at either end.

    Moving changes positions only: it does not touch `version`, so a form open on either item
    can still be saved."""
    parent_id = getattr(item, f"{section.parent_field}_id")
    siblings = list(
        section.model.objects.filter(**{f"{section.parent_field}_id": parent_id}).order_by("position", "pk")
    )
    index = next((i for i, s in enumerate(siblings) if s.pk == item.pk), None)
    if index is None:
        return False
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return False
    moved, neighbour = siblings[index], siblings[other]
    moved._change_reason = f"move-{direction}"
    neighbour._change_reason = MOVE_NEIGHBOUR
    if len({s.position for s in siblings}) == len(siblings):
        changed = [moved, neighbour]
        moved.position, neighbour.position = neighbour.position, moved.position
    else:  # equal positions (old data): number the list afresh
        siblings[index], siblings[other] = neighbour, moved
        changed = []
        for position, sibling in enumerate(siblings):
            if sibling.position != position:
                sibling.position = position
                changed.append(sibling)
    for sibling in changed:
        if not hasattr(sibling, "_change_reason"):
            sibling._change_reason = MOVE_NEIGHBOUR
        sibling.save(update_fields=["position"])
    return True
