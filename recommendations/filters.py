"""The registers' filters (django-filter), one set per kind on a shared base.

A value that is not among the choices (a stale link, a hand-typed address) is reported on its
field and left out; the other filters still apply.

The options are read with two values queries for the whole form, one of the conferences (which
gives the years too) and one of the units (which gives every unit filter its part, by kind), and
no model instance per option: on a province's register they are hundreds. The querysets the
fields validate a submitted value against stay those of the same conferences and units."""

import functools
from collections import Counter
from functools import cached_property

import django_filters as filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from conferences.access import conferences_visible_to
from conferences.models import Conference
from frontwork.accounts.access import units_for
from frontwork.accounts.models import Unit
from frontwork.widgets import Select, option_html
from recommendations.forms import ADDRESSEE_KINDS
from recommendations.models import Directive, Recommendation
from recommendations.selectors import unit_label

NOT_A_CHOICE = _("“%(value)s” không có trong danh sách để lọc; điều kiện này chưa được áp dụng.")
ALL = _("Tất cả")

# Units that raise recommendations or carry out directives: neither authorities nor the centre.
MEMBER_KINDS = frozenset(Unit.Kind.values) - {*Unit.AUTHORITY_KINDS, Unit.Kind.CENTRAL}


class _Rows:
    """A values query read once, when an option list first needs it."""

    def __init__(self, queryset, *fields):
        self.queryset, self.fields = queryset, fields

    @cached_property
    def rows(self):
        return list(self.queryset.values_list("pk", *self.fields))


class _ValuesIterator(forms.models.ModelChoiceIterator):
    """The empty choice, then the field's `options()`; never reads the field's queryset."""

    def __init__(self, field):
        self.field = field

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.field.options()

    def __len__(self):
        return len(self.field.options()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.options())


class _ValuesSelect(Select):
    """The select of a _ValuesChoiceField: its `options()` written with option_html."""

    def render(self, name, value, attrs=None, renderer=None):
        field = self.choices.field
        selected = set(self.format_value(value))
        options = [option_html(str(pk), label, str(pk) in selected) for pk, label in field.options()]
        if field.empty_label is not None:
            options.insert(0, option_html("", str(field.empty_label), "" in selected))
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attrs}>{"".join(options)}</select>')


class _ValuesChoiceField(forms.ModelChoiceField):
    """A choice of a model's row whose options come from a values query (`options()`) and whose
    queryset, which a submitted value is checked against, is built only when asked for
    (`make_queryset()`): most requests submit no value."""

    iterator = _ValuesIterator
    widget = _ValuesSelect

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": NOT_A_CHOICE})
        super().__init__(None, *args, **kwargs)

    @property
    def queryset(self):
        return self.make_queryset()

    @queryset.setter
    def queryset(self, _value):  # ModelChoiceField.__init__ sets it: the options do not depend on it
        self.widget.choices = self.choices

    def __deepcopy__(self, memo):
        result = forms.Field.__deepcopy__(self, memo)
        result.widget.choices = result.choices
        return result


class UnitChoiceField(_ValuesChoiceField):
    """A unit of some kinds, under the short name the registers' tables show (Unit.label)."""

    def __init__(self, *args, units, kinds, **kwargs):
        self.units, self.kinds = units, kinds
        super().__init__(*args, **kwargs)

    def make_queryset(self):
        return self.units.queryset.of_kind(*self.kinds)

    def options(self):
        """The units' labels, a body's committee added where two offered share one (every
        committee's standing board is "Ban Thường trực": a commune is offered its own and its
        province's)."""
        offered = [row for row in self.units.rows if row[2] in self.kinds]
        counts = Counter(row[1] for row in offered)
        return [
            (
                pk,
                f"{label} ({committee})" if counts[label] > 1 and committee and committee_id != pk else label,
            )
            for pk, label, _kind, committee_id, committee in offered
        ]

    def label_from_instance(self, unit):
        return unit.label


# A conference's name is a pure function of its kind, subject and date (its wording is Vietnamese,
# not translated): kept for the next requests, as a province's list repeats on every page.
_conference_name = functools.lru_cache(maxsize=8192)(Conference.name_of)


class ConferenceChoiceField(_ValuesChoiceField):
    def __init__(self, *args, conferences, **kwargs):
        self.conferences = conferences
        super().__init__(*args, **kwargs)

    def make_queryset(self):
        return self.conferences.queryset

    def options(self):
        return [(pk, _conference_name(*values)) for pk, *values, _year in self.conferences.rows]


class _UnitFilter(filters.ModelChoiceFilter):
    field_class = UnitChoiceField

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, kinds=kinds, empty_label=ALL, **kwargs)


class _ConferenceFilter(filters.ModelChoiceFilter):
    field_class = ConferenceChoiceField


class _TypedChoiceFilter(filters.TypedChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", Select)
        kwargs.setdefault("error_messages", {"invalid_choice": NOT_A_CHOICE})
        super().__init__(*args, **kwargs)


class _CheckFilter(filters.Filter):
    field_class = forms.BooleanField


class RegisterFilter(filters.FilterSet):
    """What both registers filter by. `user` limits the choices to what the user may see."""

    q = filters.CharFilter(
        label=_("Tìm kiếm"),
        method="search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Từ khóa, có dấu hoặc không dấu")}),
    )
    year = _TypedChoiceFilter(
        field_name="conference__period_year", label=_("Năm"), coerce=int, empty_value=None
    )
    conference = _ConferenceFilter(label=_("Hội nghị"), empty_label=ALL)
    status = _TypedChoiceFilter(label=_("Trạng thái"))
    overdue = _CheckFilter(label=_("Chỉ việc quá hạn"), method="only_overdue")

    status_choices = ()

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        conferences = _Rows(
            conferences_visible_to(user, invited=False).order_by("-date"),
            "kind",
            "subject",
            "date",
            "period_year",
        )
        units = _Rows(units_for(user), unit_label(), "kind", "committee_id", unit_label("committee__"))
        for name, unit_filter in self.filters.items():
            if isinstance(unit_filter, _UnitFilter):
                self.filters[name].extra["units"] = units
        self.filters["conference"].extra["conferences"] = conferences

        def years():
            return [("", ALL)] + [(y, y) for y in sorted({row[-1] for row in conferences.rows}, reverse=True)]

        self.filters["year"].extra["choices"] = years
        self.filters["status"].extra["choices"] = [("", ALL), *self.status_choices]

    def search(self, queryset, name, value):
        return queryset.matching(value)

    def only_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    @property
    def applied(self):
        """The valid filters' values (after validation; empty when none were given)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    def get_form_class(self):
        form_class = super().get_form_class()
        # Bootstrap classes on every widget (the template renders the fields one by one).
        for field in form_class.base_fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                field.widget.attrs.setdefault("class", "form-control form-control-sm")
        return form_class


class RecommendationFilter(RegisterFilter):
    addressee = _UnitFilter(label=_("Cơ quan nhận"), kinds=frozenset(ADDRESSEE_KINDS))  # as the entry form
    department = _UnitFilter(label=_("Ban theo dõi"), kinds=frozenset({Unit.Kind.DEPARTMENT}))
    raised_by = _UnitFilter(label=_("Đơn vị kiến nghị"), kinds=MEMBER_KINDS, method="raised_by_unit")

    status_choices = Recommendation.Status.choices

    class Meta:
        model = Recommendation
        fields = ["q", "year", "conference", "addressee", "department", "status", "raised_by", "overdue"]

    def raised_by_unit(self, queryset, name, value):
        return queryset.raised_by_unit(value)


class DirectiveFilter(RegisterFilter):
    owner = _UnitFilter(label=_("Đơn vị thực hiện"), kinds=MEMBER_KINDS, method="owned_by")

    status_choices = Directive.Status.choices

    class Meta:
        model = Directive
        fields = ["q", "year", "conference", "owner", "status", "overdue"]

    def owned_by(self, queryset, name, value):
        return queryset.owned_by(value)
