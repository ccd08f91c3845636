from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from conferences.access import conferences_visible_to


@login_required
def conference_list(request):
    conferences = conferences_visible_to(request.user).select_related("host_unit")
    page = Paginator(conferences, 25).get_page(request.GET.get("page"))
    return render(request, "conferences/conference_list.html", {"page": page})
