"""frontwork.widgets.Select writes the same select as Django's own widget, faster."""

from html.parser import HTMLParser

import pytest
from django import forms

from frontwork.accounts.models import Unit
from frontwork.widgets import Select


class _Options(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.select, self.options, self.groups, self._open = None, [], [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.select = attrs
        elif tag == "optgroup":
            self.groups.append(attrs["label"])
        elif tag == "option":
            self._open = [attrs["value"], "", "selected" in attrs]

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "option":
            self.options.append(tuple(self._open))
            self._open = None


def _both(field_class, data, **kwargs):
    class Django(forms.Form):
        choice = field_class(**kwargs)

    class Ours(forms.Form):
        choice = field_class(widget=Select(attrs={"class": "form-select"}), **kwargs)

    Django.base_fields["choice"].widget.attrs["class"] = "form-select"
    return _Options(str(Django(data=data)["choice"])), _Options(str(Ours(data=data)["choice"]))


@pytest.mark.django_db
def test_model_choices_with_a_selected_unit_and_html_in_names(province):
    Unit.objects.filter(pk=province["district_a"].pk).update(name='Huyện <b>A</b> & "B"')
    selected = province["district_a"].pk
    django, ours = _both(
        forms.ModelChoiceField,
        {"choice": str(selected)},
        queryset=Unit.objects.order_by("path"),
        required=False,
    )
    assert ours.options == django.options
    assert ours.select == django.select
    assert [o for o in ours.options if o[2]] == [(str(selected), 'Huyện <b>A</b> & "B"', True)]
    assert len(ours.options) == Unit.objects.count() + 1


def test_grouped_choices_and_nothing_chosen_yet():
    choices = [("", "Tất cả"), ("Năm 2016", [(1, "Quý I"), (2, "Quý II")]), (3, "Khác")]
    django, ours = _both(forms.ChoiceField, {}, choices=choices, required=False)
    assert ours.options == django.options and ours.groups == django.groups == ["Năm 2016"]
    assert [o for o in ours.options if o[2]] == [("", "Tất cả", True)]
