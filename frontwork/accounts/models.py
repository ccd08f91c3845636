from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import OuterRef, Q, Subquery, Value
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
        for unit in created:
            unit.path = unit.path_below_parent()
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
        super().save(*args, **kwargs)
        new_path = self.path_below_parent()
        if new_path != self.path:
            moved = bool(self.path)
            self.path = new_path
            Unit.objects.filter(pk=self.pk).update(path=new_path)
            if moved:
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

    def front_committee(self):
        """The Front committee this unit belongs to: itself when it is one, else its nearest
        ancestor that is one (None for a unit outside any committee)."""
        if self.kind in self.COMMITTEE_KINDS:
            return self
        committees = Unit.objects.filter(pk__in=self.ancestor_ids(), kind__in=self.COMMITTEE_KINDS)
        return max(committees, key=lambda unit: len(unit.path), default=None)


class User(AbstractUser):
    class Role(models.TextChoices):
        STAFF = "staff", _("Cán bộ Mặt trận tỉnh")
        OFFICE = "office", _("Mặt trận cấp dưới")
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

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        """Vietnamese order: family and middle names first ("Nguyễn Thị Lan")."""
        return f"{self.last_name} {self.first_name}".strip()
