"""What every admin page of the site shares."""

from frontwork.forms import TextHygiene


class TextHygieneAdmin:
    """ModelAdmin mixin: the admin's forms refuse what every form of the site refuses (control
    characters, line breaks in one-line fields), with the same messages."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if issubclass(form, TextHygiene):
            return form
        return type(form.__name__, (TextHygiene, form), {"__module__": form.__module__})
