from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Kiến nghị và kết luận")

    def ready(self):
        from conferences import actions
        from recommendations import sections  # noqa: F401  (registers the editor's sections)

        actions.register(
            actions.Action(
                label=_("Việc còn tồn đọng"),
                url_name="recommendations:carry_over",
                order=40,
                rule="conference.change",
            )
        )
