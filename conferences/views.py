from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from conferences import actions, selectors, services
from conferences.access import get_conference_for, get_item_for, get_parent_for
from conferences.composition import compose, with_record
from conferences.editing import get_section
from conferences.forms import ConferenceFilterForm, ConferenceForm
from conferences.models import Conference, units_named
from conferences.rows import list_row
from frontwork.accounts.permissions import can, require

# --- conferences ------------------------------------------------------------------------------


@login_required
def conference_list(request):
    filters = ConferenceFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    conferences, years, count = selectors.conference_search(request.user, **criteria)
    filters.offer_years(years)
    paginator = Paginator(conferences, 25)
    paginator.count = count  # known already: no COUNT query of its own
    page = paginator.get_page(request.GET.get("page"))
    editing = can(request.user, "conference.add")
    rows = [list_row(conference, request.user, editing=editing) for conference in page]
    context = {"page": page, "rows": rows, "filters": filters, "can_add": editing}
    return render(request, "conferences/conference_list.html", context)


@login_required
def record(request, pk):
    """The conference record, read like the report, with what the other apps offer on it. The
    page prints the report's lines, not the units on its items, and only names the units it
    mentions: read without the items' units, and the others' names only."""
    conference = get_conference_for(
        request.user, pk, queryset=with_record(Conference.objects.all(), units=False, named=True)
    )
    composition = compose(conference, units=False)
    context = {
        "conference": conference,
        "report": composition,
        "actions": actions.actions_for(request.user, conference),
    }
    return render(request, "conferences/record.html", context)


@login_required
def conference_create(request):
    require(request.user, "conference.add")
    form = ConferenceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        conference = services.conference_create(data=data, user=request.user)
        messages.success(request, _("Đã tạo hội nghị. Hãy nhập thành phần tham dự và kết quả hội nghị."))
        return redirect("conferences:edit", conference.pk)
    return render(request, "conferences/conference_form.html", {"form": form, "conference": None})


@login_required
def conference_update(request, pk):
    conference = get_conference_for(request.user, pk, write=True)
    form = ConferenceForm(request.POST or None, instance=conference, user=request.user)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.conference_update(
                conference=conference, data=data, expected_version=form.cleaned_data["version"]
            )
        except services.EditConflict as error:
            conflict = _conflict(form, error.current, ConferenceForm, user=request.user)
            form = conflict["form"]
        except ValidationError as error:
            form.add_error(None, error)
            conference.refresh_from_db()  # validating the form set the typed values on it
        else:
            messages.success(request, _("Đã lưu thông tin chung của hội nghị."))
            return redirect("conferences:edit", conference.pk)
    return render(
        request,
        "conferences/conference_form.html",
        {"form": form, "conference": conference, "conflict": conflict},
    )


@login_required
def conference_edit(request, pk):
    """The editing page: every section of the record, each item editable in place."""
    conference = get_conference_for(
        request.user,
        pk,
        write=True,
        queryset=Conference.objects.select_related("host_unit__committee").prefetch_related(
            Prefetch("co_hosts", queryset=units_named())  # the header names them
        ),
    )
    blocks = selectors.editing_blocks(conference)
    return render(request, "conferences/conference_edit.html", {"conference": conference, "blocks": blocks})


@login_required
def conference_history(request, pk):
    conference = get_conference_for(request.user, pk, write=True)
    entries = selectors.conference_history(conference)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "conferences/conference_history.html", {"conference": conference, "page": page})


def _conflict(form, current, form_class, **form_kwargs):
    """The refused form again, keeping what the user typed, with what the other person saved."""
    if current is None:
        return {"deleted": True, "form": form}
    rows = selectors.differences(current.__class__, form, current)
    data = form.data.copy()
    data[form.add_prefix("version")] = current.version
    fresh = form_class(data, instance=current, prefix=form.prefix, **form_kwargs)
    fresh.is_valid()
    return {"rows": rows, "form": fresh, "last": selectors.last_change(current)}


# --- items of a record (the generic editor) ------------------------------------------------------


def _item_context(section, conference, item, **extra):
    item.fw_title = section.title_of(item)
    item.fw_details = selectors.item_details(section, item)
    item.fw_children = selectors.child_blocks(section, item)
    return {"section": section, "conference": conference, "item": item, **extra}


def _form_kwargs(conference, user):
    return {"conference": conference, "user": user}


@login_required
def item_add(request, pk, section_key, parent_pk):
    section = get_section(section_key)
    conference, parent = get_parent_for(request.user, pk, section, parent_pk)
    context = {"section": section, "conference": conference, "parent": parent}
    if request.GET.get("dong"):
        return render(request, "conferences/editing/add_button.html", context)
    prefix = f"{section.key}-new-{parent.pk}"
    form = section.form_class(request.POST or None, prefix=prefix, **_form_kwargs(conference, request.user))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        item = services.item_create(section=section, parent=parent, data=data)
        item = section.items_of(parent).get(pk=item.pk)
        context["added"] = _item_context(section, conference, item)
        form = section.form_class(prefix=prefix, **_form_kwargs(conference, request.user))
    context["form"] = form
    return render(request, "conferences/editing/add_form.html", context)


@login_required
def item_detail(request, pk, section_key, item_pk):
    section = get_section(section_key)
    conference, item = get_item_for(request.user, pk, section, item_pk)
    return render(request, "conferences/editing/item_body.html", _item_context(section, conference, item))


@login_required
def item_edit(request, pk, section_key, item_pk):
    section = get_section(section_key)
    try:
        conference, item = get_item_for(request.user, pk, section, item_pk)
    except Http404:
        if request.method != "POST":
            raise
        # Deleted by someone else while this user was typing: say so, keep what was typed.
        conference = get_conference_for(request.user, pk, write=True)
        kwargs = _form_kwargs(conference, request.user)
        form = section.form_class(request.POST, prefix=f"{section.key}-{item_pk}", **kwargs)
        form.is_valid()
        item = section.model(pk=item_pk)
        context = _item_context(section, conference, item, form=form, conflict={"deleted": True})
        return render(request, "conferences/editing/item_form.html", context)
    kwargs = _form_kwargs(conference, request.user)
    form = section.form_class(
        request.POST or None, instance=item, prefix=f"{section.key}-{item.pk}", **kwargs
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            item = services.item_save(
                section=section, item=item, data=data, expected_version=form.cleaned_data["version"]
            )
        except services.EditConflict as error:
            conflict = _conflict(form, error.current, section.form_class, **kwargs)
            form = conflict["form"]
        else:
            item = section.items_of(section.parent_of(item)).get(pk=item.pk)
            return render(
                request, "conferences/editing/item_body.html", _item_context(section, conference, item)
            )
    return render(
        request,
        "conferences/editing/item_form.html",
        _item_context(section, conference, item, form=form, conflict=conflict),
    )


@login_required
@require_POST
def item_delete(request, pk, section_key, item_pk):
    section = get_section(section_key)
    conference, item = get_item_for(request.user, pk, section, item_pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        services.item_delete(section=section, item=item, expected_version=version)
    except services.EditConflict as error:
        if not request.htmx:
            messages.error(request, _("Người khác vừa sửa mục này; chưa xóa. Hãy xem lại rồi thử lại."))
            return redirect("conferences:edit", conference.pk)
        if error.current is None:
            return HttpResponse("")
        current = section.items_of(section.parent_of(error.current)).get(pk=error.current.pk)
        context = _item_context(section, conference, current, refused=selectors.last_change(current))
        response = render(request, "conferences/editing/item_body.html", context)
        return reswap(retarget(response, f"#body-{section.key}-{item.pk}"), "outerHTML")
    if not request.htmx:
        messages.success(request, _("Đã xóa."))
        return redirect(reverse("conferences:edit", args=[conference.pk]) + f"#sec-{section.key}")
    return HttpResponse("")


@login_required
@require_POST
def item_move(request, pk, section_key, item_pk):
    section = get_section(section_key)
    conference, item = get_item_for(request.user, pk, section, item_pk)
    direction = request.POST.get("direction")
    moved = direction in ("up", "down") and services.item_move(
        section=section, item=item, direction=direction
    )
    if not request.htmx:
        return redirect(reverse("conferences:edit", args=[conference.pk]) + f"#sec-{section.key}")
    response = HttpResponse("")
    if moved:
        response["FW-Moved"] = direction
    return response
