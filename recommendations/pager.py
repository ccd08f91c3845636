"""Pagination that never counts the table: it fetches one row more than a page to know whether
there is a next page. The total is known (and shown) only on the last page; a COUNT over a large
filtered register would cost as much as the whole scan."""


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


def cheap_page(queryset, number, size):
    try:
        number = max(1, int(number or 1))
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    return CheapPage(rows, number, size, has_next)
