from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo")
    # Each concern keeps its own tasks module (frontwork/celery.py loads these).
    task_packages = ["reports.drafts", "reports.final"]

    def ready(self):
        from conferences import actions

        actions.register(
            actions.Action(
                label=_("Báo cáo chính thức"),
                url_name="reports:final_report",
                order=50,
                style="outline-primary",
            )
        )
        actions.register(
            actions.Action(
                label=_("Tạo bản PDF"),
                url_name="reports:final_report_render",
                order=60,
                rule="report.render",
                post=True,
                style="primary",
            )
        )
