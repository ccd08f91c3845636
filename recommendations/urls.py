from django.urls import path, re_path

from recommendations import views
from recommendations.registers import DIRECTIVES, RECOMMENDATIONS

app_name = "recommendations"


def _register(prefix, kind):
    """The page of one register and its export (xuat.xlsx, xuat.csv)."""
    return [
        path(f"{prefix}/", views.register, {"kind": kind}, name=kind.url_name),
        re_path(
            rf"^{prefix}/xuat\.(?P<fmt>xlsx|csv)$",
            views.register_export,
            {"kind": kind},
            name=f"{kind.url_name}_export",
        ),
    ]


urlpatterns = [
    *_register("kien-nghi", RECOMMENDATIONS),
    path("kien-nghi/tong-hop/", views.dashboard, name="dashboard"),
    path("kien-nghi/<int:pk>/", views.detail, name="detail"),
    path("kien-nghi/<int:pk>/giao/", views.assign, name="assign"),
    path("kien-nghi/<int:pk>/lien-ket/", views.link_previous, name="link_previous"),
    path("kien-nghi/<int:pk>/tep-tra-loi/", views.attachment, name="attachment"),
    path("kien-nghi/<int:pk>/<slug:step>/", views.take_step, name="step"),
    *_register("ket-luan", DIRECTIVES),
    path("ket-luan/<int:pk>/", views.directive_detail, name="directive"),
    path("ket-luan/<int:pk>/bao-cao/", views.directive_report, name="directive_report"),
    path("ket-luan/<int:pk>/thoi-han/", views.directive_due, name="directive_due"),
    path("hoi-nghi/<int:pk>/ton-dong/", views.carry_over, name="carry_over"),
]
