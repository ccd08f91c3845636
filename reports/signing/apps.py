from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    """The signed electronic original of an approved report, its archival copy and the public
    verification page. An app of its own (label "signing") inside reports/, with its own
    migrations; the final report never imports it: approval sends `version_approved`
    (reports/final/signals.py) and this app listens."""

    name = "reports.signing"
    label = "signing"
    verbose_name = _("Văn bản điện tử")

    def ready(self):
        from reports.final import signals
        from reports.signing import services

        signals.version_approved.connect(services.on_version_approved, dispatch_uid="signing-on-approval")
