from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "frontwork.notifications"
    label = "notifications"
    verbose_name = _("Thư thông báo")

    def ready(self):
        # The tasks are registered in every process, so that sending one by its name runs it
        # in place when Celery is eager (tests), as a task object would.
        from frontwork.notifications import tasks  # noqa: F401
