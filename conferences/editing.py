"""The ordered-item editor's registry: one generic editor for every list of a conference record.

A *section* describes one kind of item (agenda items, difficulties, …): its model, its form, where its
parent is and how to name it. The conferences app registers its own sections below; apps higher up
(recommendations) register theirs from their `AppConfig.ready()`, so this module never imports them.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from conferences import forms
from conferences.models import (
    UNIT_LABEL_FIELDS,
    AgendaItem,
    AttendanceGroup,
    Conference,
    Difficulty,
    DiscussionOpinion,
    DraftOpinion,
    ProposedTask,
    units_named,
)


@dataclass(frozen=True)
class Section:
    key: str  # used in URLs and HTML ids
    model: type
    form_class: type
    label: str  # heading of the section on the editing page
    add_label: str  # "Thêm khó khăn"
    order: int  # place on the editing page (seed order)
    title_field: str = "text"  # the field that names an item in lists and in the history
    parent_field: str = "conference"  # foreign key to the parent
    parent_section: str | None = None  # key of the parent's section when the parent is not the conference
    children: tuple = ()  # keys of sections nested under each item
    prefetch: tuple = ()  # the units shown in the item list (many-to-many; read for their labels)
    joined: tuple = ()  # the units shown in the item list (foreign keys; read in the items' query)
    help_text: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def nested(self):
        return self.parent_section is not None

    @property
    def parent_model(self):
        return get_section(self.parent_section).model if self.nested else Conference

    @property
    def conference_lookup(self):
        """ORM path from an item to its conference id."""
        if not self.nested:
            return f"{self.parent_field}_id"
        return f"{self.parent_field}__{get_section(self.parent_section).conference_lookup}"

    def items_of(self, parent):
        return self.shown(self.model.objects.filter(**{self.parent_field: parent}))

    def shown(self, items):
        """`items` (a queryset of this section's model) with what the item list shows of them:
        the fields of the item's form, the units among them (`prefetch`, `joined`) for their labels
        only, and what places and names the item."""
        many = {f.name for f in self.model._meta.many_to_many}
        fields = [name for name in self.form_class._meta.fields if name not in many]
        fields += [f"{name}__{label}" for name in self.joined for label in UNIT_LABEL_FIELDS]
        items = items.only(self.parent_field, "position", "version", self.title_field, *fields)
        items = items.select_related(*self.joined) if self.joined else items
        if not self.prefetch:
            return items
        return items.prefetch_related(*[Prefetch(name, queryset=units_named()) for name in self.prefetch])

    def conference_of_parent(self, parent):
        return parent if not self.nested else get_section(self.parent_section).conference_of(parent)

    def conference_of(self, item):
        return self.conference_of_parent(getattr(item, self.parent_field))

    def parent_of(self, item):
        return getattr(item, self.parent_field)

    def title_of(self, item):
        return getattr(item, self.title_field)

    def history_queryset(self, conference_pk):
        """Every historical record of this section's items in one conference (deleted ones too)."""
        history = self.model.history.all()
        if not self.nested:
            return history.filter(**{f"{self.parent_field}_id": conference_pk})
        parent_ids = get_section(self.parent_section).history_queryset(conference_pk).values("id")
        return history.filter(**{f"{self.parent_field}_id__in": parent_ids})


_sections = {}


def register(section):
    _sections[section.key] = section
    return section


def get_section(key):
    try:
        return _sections[key]
    except KeyError:
        raise Http404 from None


def all_sections():
    return sorted(_sections.values(), key=lambda s: s.order)


def top_sections():
    return [s for s in all_sections() if not s.nested]


def _register_own_sections():
    register(
        Section(
            key="attendance",
            model=AttendanceGroup,
            form_class=forms.AttendanceGroupForm,
            label=_("Thành phần tham dự"),
            add_label=_("Thêm nhóm tham dự"),
            order=10,
            title_field="description",
            prefetch=("units",),
            help_text=_("Mỗi nhóm là một cụm trong câu “Tham dự hội nghị có …” của báo cáo."),
        )
    )
    register(
        Section(
            key="agenda",
            model=AgendaItem,
            form_class=forms.AgendaItemForm,
            label=_("Nội dung hội nghị đã thông qua"),
            add_label=_("Thêm nội dung"),
            order=20,
            prefetch=("presenters",),
        )
    )
    register(
        Section(
            key="opinions",
            model=DraftOpinion,
            form_class=forms.DraftOpinionForm,
            label=_("I.1. Ý kiến về dự thảo báo cáo"),
            add_label=_("Thêm dự thảo được góp ý"),
            order=30,
            title_field="draft_title",
            children=("tasks",),
        )
    )
    register(
        Section(
            key="tasks",
            model=ProposedTask,
            form_class=forms.ProposedTaskForm,
            label=_("Nhiệm vụ đề nghị bổ sung"),
            add_label=_("Thêm nhiệm vụ"),
            order=35,
            parent_field="opinion",
            parent_section="opinions",
            prefetch=("raised_by",),
        )
    )
    register(
        Section(
            key="discussion",
            model=DiscussionOpinion,
            form_class=forms.DiscussionOpinionForm,
            label=_("Ý kiến phát biểu, thảo luận"),
            add_label=_("Thêm ý kiến"),
            order=38,
            prefetch=("raised_by",),
            help_text=_(
                "Ý kiến nêu tại hội nghị (của người dân, đại biểu hoặc đơn vị), trả lời tại chỗ hay chưa và ai trả lời."
            ),
        )
    )
    register(
        Section(
            key="difficulties",
            model=Difficulty,
            form_class=forms.DifficultyForm,
            label=_("I.2. Khó khăn, hạn chế"),
            add_label=_("Thêm khó khăn, hạn chế"),
            order=40,
            prefetch=("raised_by",),
        )
    )


_register_own_sections()
