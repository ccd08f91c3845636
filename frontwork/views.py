from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    """For load balancers and monitoring: the process answers and the database too (one query)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


def apply(request, service, to, done, *, form=None, invalid=None, **arguments):
    """A step driven by a posted form (or by a button alone): call the service, show the message,
    go back.

    `service(**arguments, **form.cleaned_data)` runs when the form is valid; `done` is the message
    then (or a function of what the service returned). `to` is where the user goes back to either
    way (anything `redirect` takes). An invalid form is reported as `invalid`, or else each error
    with its field's label; a refusal of the service (ValidationError) with its messages."""
    if form is not None and not form.is_valid():
        if invalid is not None:
            messages.error(request, invalid)
        else:
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for text in errors:
                    messages.error(request, f"{label}: {text}" if label else text)
        return redirect(to)
    try:
        result = service(**arguments, **(form.cleaned_data if form is not None else {}))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(to)
    messages.success(request, done(result) if callable(done) else done)
    return redirect(to)
