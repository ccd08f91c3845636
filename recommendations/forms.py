from django import forms
from django.utils.translation import gettext_lazy as _

from conferences.forms import ItemForm, text_widget
from frontwork.accounts.models import Unit
from recommendations.models import Directive, Recommendation
from recommendations.services import check_due_date

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
        help_texts = {
            "addressee": _(
                "Cấp ủy, HĐND, UBND, cơ quan của địa bàn hoặc của cấp trên, hoặc một Ban, Văn phòng."
            )
        }


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
        check_due_date(due, self.conference)
        return due
