from django.urls import path, re_path

from recommendations import views

app_name = "recommendations"
urlpatterns = [
    path("kien-nghi/", views.register, name="register"),
    re_path(r"^kien-nghi/xuat\.(?P<fmt>xlsx|csv)$", views.register_export, name="register_export"),
    path("kien-nghi/tong-hop/", views.dashboard, name="dashboard"),
    path("kien-nghi/<int:pk>/", views.detail, name="detail"),
    path("kien-nghi/<int:pk>/giao/", views.assign, name="assign"),
    path("kien-nghi/<int:pk>/lien-ket/", views.link_previous, name="link_previous"),
    path("kien-nghi/<int:pk>/tep-tra-loi/", views.attachment, name="attachment"),
    path("kien-nghi/<int:pk>/<slug:step>/", views.take_step, name="step"),
    path("ket-luan/", views.directives, name="directives"),
    re_path(r"^ket-luan/xuat\.(?P<fmt>xlsx|csv)$", views.directives_export, name="directives_export"),
    path("ket-luan/<int:pk>/", views.directive_detail, name="directive"),
    path("ket-luan/<int:pk>/bao-cao/", views.directive_report, name="directive_report"),
    path("ket-luan/<int:pk>/thoi-han/", views.directive_due, name="directive_due"),
    path("hoi-nghi/<int:pk>/ton-dong/", views.carry_over, name="carry_over"),
]
