import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from conferences.forms import ItemForm, text_widget
from frontwork.accounts.models import Unit
from recommendations.models import Directive, Recommendation

ADDRESSEE_KINDS = {
    *Unit.AUTHORITY_KINDS,
    Unit.Kind.CENTRAL,
    Unit.Kind.PROVINCIAL_COMMITTEE,
    Unit.Kind.STANDING_BOARD,
    Unit.Kind.DEPARTMENT,
}


class RecommendationForm(ItemForm):
    unit_fields = {"raised_by": None, "addressee": ADDRESSEE_KINDS}

    class Meta:
        model = Recommendation
        fields = ["text", "raised_by", "addressee"]
        widgets = {"text": text_widget(3)}
        help_texts = {"addressee": _("Trung ương, Tỉnh ủy, HĐND, UBND tỉnh hoặc một Ban, Văn phòng.")}


class DirectiveForm(ItemForm):
    unit_fields = {"owners": None}
    layout = ("text", "owners", ("due_date",))

    class Meta:
        model = Directive
        fields = ["text", "owners", "due_date"]
        widgets = {
            "text": text_widget(3),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_due_date(self):
        due = self.cleaned_data.get("due_date")
        if due is None:
            return due
        start = self.conference.date
        if due < start:
            raise forms.ValidationError(
                _("Thời hạn không được trước ngày họp (%(d)s).") % {"d": start.strftime("%d/%m/%Y")}
            )
        if due > start + datetime.timedelta(days=5 * 366):
            raise forms.ValidationError(_("Thời hạn quá xa ngày họp (hơn 5 năm)."))
        return due
