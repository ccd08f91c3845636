"""The recommendations app's lists in the conference record, registered with the generic editor."""

from django.utils.translation import gettext_lazy as _

from conferences.editing import Section, register
from recommendations.forms import DirectiveForm, RecommendationForm
from recommendations.models import Directive, Recommendation

register(
    Section(
        key="recommendations",
        model=Recommendation,
        form_class=RecommendationForm,
        label=_("I.3. Kiến nghị, đề xuất"),
        add_label=_("Thêm kiến nghị"),
        order=50,
        prefetch=("raised_by",),
        joined=("addressee",),
        help_text=_("Lời dẫn của phần này nhập ở “Thông tin chung”."),
    )
)
register(
    Section(
        key="directives",
        model=Directive,
        form_class=DirectiveForm,
        label=_("II. Kết luận, chỉ đạo"),
        add_label=_("Thêm kết luận, chỉ đạo"),
        order=60,
        prefetch=("owners",),
        help_text=_("Lời dẫn của phần này nhập ở “Thông tin chung”."),
    )
)
