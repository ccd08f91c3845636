from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext_lazy as _


class UnitQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=day)).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=day)
        )

    def within(self, unit):
        """The unit and everything below it in the tree.

        On SQLite as a range of paths (from the unit's path to the next one that does not start
        with it), which the index on path serves: its LIKE, being case-insensitive, cannot. A path
        is ids between slashes, so the range holds exactly the subtree."""
        if connection.vendor == "sqlite":
            after = unit.path[:-1] + chr(ord(unit.path[-1]) + 1)
            return self.filter(path__gte=unit.path, path__lt=after)
        return self.filter(path__startswith=unit.path)

    def of_kind(self, *kinds):
        return self.filter(kind__in=kinds)

    def authorities_for(self, unit):
        """The outside authorities a conference hosted by `unit` may address: those of its
        committee's area and of every area above it (authorities sit directly under the Front
        committee of their area), none of another province or of a lower area."""
        committee = unit.front_committee() or unit
        return self.filter(kind__in=Unit.AUTHORITY_KINDS, parent_id__in=committee.ancestor_ids())

    def of_area(self, committee):
        """The units a committee works with: its own bodies (standing board, departments, member
        organisations, its area's authorities), the Front committees below it (a province's
        districts and communes, a district's communes; for the central committee only the
        provinces), the committees above it with their standing boards, and the authorities of
        the areas above. Nothing of a sibling's area, and no authority of a lower area: another
        province's or a commune's People's Committee is never offered to a province."""
        ancestors = committee.ancestor_ids()
        if committee.kind == Unit.Kind.CENTRAL:
            below = Q(kind__in=Unit.COMMITTEE_KINDS, parent__committee=committee)
        else:
            below = Q(kind__in=Unit.COMMITTEE_KINDS, path__startswith=committee.path)
        return self.filter(
            Q(committee=committee)
            | below
            | Q(pk__in=ancestors)
            | Q(kind__in=[Unit.Kind.STANDING_BOARD, *Unit.AUTHORITY_KINDS], parent_id__in=ancestors)
        )

    def bulk_create_tree(self, units, *, batch_size=1000):
        """Create `units` at once with their paths (what Unit.save() does one by one). Their parents
        must exist already: create a tree level by level."""
        created = self.bulk_create(units, batch_size=batch_size)
        # The new rows are the only ones without a path (save() always gives one): one UPDATE
        # gives them theirs, the parent's path followed by their own id.
        parent_path = Subquery(Unit.objects.filter(pk=OuterRef("parent_id")).values("path")[:1])
        self.filter(path="").update(
            path=Concat(Coalesce(parent_path, Value("/")), Cast("pk", models.CharField()), Value("/"))
        )
        # Then their committee: a committee is its own, anything else has its parent's (the
        # parents are older rows, whose committee is known).
        self.filter(committee__isnull=True, kind__in=Unit.COMMITTEE_KINDS).update(committee=F("pk"))
        parent_committee = Subquery(Unit.objects.filter(pk=OuterRef("parent_id")).values("committee")[:1])
        self.filter(committee__isnull=True, parent__isnull=False).exclude(
            kind__in=Unit.COMMITTEE_KINDS
        ).update(committee=parent_committee)
        committees = dict(self.filter(pk__in=[unit.pk for unit in created]).values_list("pk", "committee"))
        for unit in created:
            unit.path = unit.path_below_parent()
            unit.committee_id = committees.get(unit.pk)
        return created


class Unit(models.Model):
    """A node of the organisation tree: committees, boards, departments, member organisations,
    and the outside authorities that recommendations are addressed to."""

    class Kind(models.TextChoices):
        CENTRAL = "central", _("Ủy ban Trung ương MTTQ Việt Nam")
        PROVINCIAL_COMMITTEE = "provincial_committee", _("Ủy ban MTTQ cấp tỉnh")
        STANDING_BOARD = "standing_board", _("Ban Thường trực")
        DEPARTMENT = "department", _("Ban, Văn phòng")
        MEMBER_ORGANISATION = "member_organisation", _("Tổ chức thành viên")
        DISTRICT_COMMITTEE = "district_committee", _("Ủy ban MTTQ cấp huyện")
        COMMUNE_COMMITTEE = "commune_committee", _("Ủy ban MTTQ cấp xã")
        RESIDENTIAL_AREA = "residential_area", _("Ban công tác Mặt trận khu dân cư")
        PARTY_COMMITTEE = "party_committee", _("Cấp ủy Đảng")
        PEOPLES_COUNCIL = "peoples_council", _("Hội đồng nhân dân")
        PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
        AUTHORITY = "authority", _("Cơ quan, tổ chức khác")

    # Front committees, from the top: each holds its own briefings.
    COMMITTEE_KINDS = (
        Kind.CENTRAL,
        Kind.PROVINCIAL_COMMITTEE,
        Kind.DISTRICT_COMMITTEE,
        Kind.COMMUNE_COMMITTEE,
    )
    # Bodies outside the Front (recommendations are addressed to them); each sits directly under
    # the Front committee of its area (national bodies under the central committee).
    AUTHORITY_KINDS = (Kind.PARTY_COMMITTEE, Kind.PEOPLES_COUNCIL, Kind.PEOPLES_COMMITTEE, Kind.AUTHORITY)

    code = models.SlugField(
        _("mã"), max_length=64, unique=True, help_text=_("Mã ổn định dùng khi trao đổi dữ liệu.")
    )
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=100, blank=True)
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    active_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    active_to = models.DateField(_("hoạt động đến"), null=True, blank=True)
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    committee = models.ForeignKey(
        "self",
        verbose_name=_("thuộc ủy ban Mặt trận"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Ủy ban Mặt trận mà đơn vị thuộc về (chính nó nếu là một ủy ban)."),
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    place_name = models.CharField(
        _("địa danh"),
        max_length=100,
        blank=True,
        help_text=_("In trước ngày tháng trên văn bản của đơn vị, ví dụ: Tuyên Quang, Thượng Lâm."),
    )
    division_code = models.CharField(
        _("mã đơn vị hành chính"),
        max_length=10,
        blank=True,
        db_index=True,
        help_text=_("Mã theo danh mục đơn vị hành chính của Nhà nước (ủy ban Mặt trận của tỉnh, xã)."),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="unit_active_dates_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self._check_parent()  # also when saved without clean(): a cycle would make the tree endless
        old_committee = self.committee_id
        if self.kind not in self.COMMITTEE_KINDS:
            self.committee_id = self.parent.committee_id if self.parent_id else None
        super().save(*args, **kwargs)
        changes = {}
        new_path = self.path_below_parent()
        moved = bool(self.path) and new_path != self.path
        if new_path != self.path:
            changes["path"] = self.path = new_path
        if self.kind in self.COMMITTEE_KINDS and self.committee_id != self.pk:
            changes["committee_id"] = self.committee_id = self.pk
        if changes:
            Unit.objects.filter(pk=self.pk).update(**changes)
        if moved or (old_committee is not None and old_committee != self.committee_id):
            for child in self.children.all():
                child.save()

    def clean(self):
        super().clean()
        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError(
                {"active_to": _("Ngày thôi hoạt động không được trước ngày bắt đầu hoạt động.")}
            )
        self._check_parent()

    def _check_parent(self):
        """A unit cannot be placed under itself or under one of its own descendants."""
        if not (self.pk and self.parent_id):
            return
        own_path = Unit.objects.filter(pk=self.pk).values_list("path", flat=True).first()
        if self.parent_id == self.pk or (
            own_path and Unit.objects.filter(pk=self.parent_id, path__startswith=own_path).exists()
        ):
            raise ValidationError(
                {"parent": _("Không thể đặt một đơn vị dưới chính nó hoặc dưới một đơn vị cấp dưới của nó.")}
            )

    @property
    def label(self):
        return self.short_name or self.name

    @property
    def label_in_committee(self):
        """The label as lists show it, with its committee when it is a body inside one ("Ban
        Thường trực (Mặt trận xã Hòa An)"): the standing boards of every committee share one short
        name. (Lists select the unit's committee with it.)"""
        if self.committee_id and self.committee_id != self.pk:
            return f"{self.label} ({self.committee.label})"
        return self.label

    def is_active_on(self, day):
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or self.active_to >= day
        )

    def path_below_parent(self):
        """The materialized path of this (saved) unit: its ancestors' ids from the root, then its own."""
        return f"{self.parent.path if self.parent_id else '/'}{self.pk}/"

    def ancestor_ids(self):
        """Ids on the path from the root to this unit, this unit included."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    @property
    def level(self):
        """ "central", "province", "district" or "commune": the level of the unit's committee
        (None outside any committee)."""
        kind = self.committee.kind if self.committee_id else None
        return LEVEL_OF_KIND.get(kind)

    def front_committee(self):
        """The Front committee this unit belongs to: itself when it is one, else its nearest
        ancestor that is one (None for a unit outside any committee)."""
        if self.kind in self.COMMITTEE_KINDS:
            return self
        committees = Unit.objects.filter(pk__in=self.ancestor_ids(), kind__in=self.COMMITTEE_KINDS)
        return max(committees, key=lambda unit: len(unit.path), default=None)


LEVEL_OF_KIND = {
    Unit.Kind.CENTRAL: "central",
    Unit.Kind.PROVINCIAL_COMMITTEE: "province",
    Unit.Kind.DISTRICT_COMMITTEE: "district",
    Unit.Kind.COMMUNE_COMMITTEE: "commune",
}


class FrontUserManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().select_related("unit__committee")


class User(AbstractUser):
    """A person with a role in the committee of its unit: staff, leaders and administrators act
    for that committee; an office user acts for its own unit (a subordinate committee or body)."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Cán bộ cơ quan Mặt trận")
        OFFICE = "office", _("Cán bộ đơn vị (góp ý, báo cáo)")
        LEADER = "leader", _("Lãnh đạo")
        ADMIN = "admin", _("Quản trị viên")

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.OFFICE)
    title = models.CharField(_("chức vụ"), max_length=150, blank=True)

    objects = FrontUserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    @property
    def committee(self):
        """The Front committee the user acts for (its unit's committee), or None."""
        return self.unit.committee if self.unit_id else None

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        """Vietnamese order: family and middle names first ("Nguyễn Thị Lan")."""
        return f"{self.last_name} {self.first_name}".strip()
