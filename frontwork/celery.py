import os

from celery import Celery
from django.apps import apps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontwork.settings")

app = Celery("frontwork")
app.config_from_object("django.conf:settings", namespace="CELERY")


def task_packages():
    """The packages whose `tasks` modules the worker loads: each installed app's, or those its
    AppConfig lists in `task_packages` (the reports app keeps its tasks per concern)."""
    return [
        package
        for config in apps.get_app_configs()
        for package in getattr(config, "task_packages", [config.name])
    ]


app.autodiscover_tasks(task_packages)
