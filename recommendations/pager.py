"""Pagination that never counts the table: it fetches one row more than a page to know whether
there is a next page. The total is known (and shown) only on the last page; a COUNT over a large
filtered register would cost as much as the whole scan.

Any page number is answered: not a number or below 1, the first page; past the end (a link kept
after rows went away, `?page=9223372036854775807`), the last page (found then, and only then, by
counting)."""

import math

# Far beyond any register, small enough that every database takes the offset it makes.
MAX_PAGE = 1_000_000


class CheapPage:
    def __init__(self, items, number, size, has_next):
        self.object_list = items
        self.number = number
        self.size = size
        self._has_next = has_next
        self.count = None if has_next else (number - 1) * size + len(items)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    @property
    def start_index(self):
        return (self.number - 1) * self.size + 1 if self.object_list else 0

    @property
    def end_index(self):
        return (self.number - 1) * self.size + len(self.object_list)


def _page_number(text):
    try:
        return min(max(1, int(text or 1)), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def cheap_page(queryset, number, size):
    number = _page_number(number)
    offset = (number - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    if not rows and number > 1:
        number = max(1, math.ceil(queryset.count() / size))
        offset = (number - 1) * size
        rows = list(queryset[offset : offset + size + 1])
    has_next = len(rows) > size
    return CheapPage(rows[:size], number, size, has_next)
