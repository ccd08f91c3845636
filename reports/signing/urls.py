from django.urls import path

from reports.signing import views

app_name = "signing"
urlpatterns = [
    path("xac-minh/", views.verify, name="verify"),
    path("bao-cao-chinh-thuc/phien-ban/<int:pk>/ban-ky-so/", views.signed_download, name="signed_download"),
    path(
        "bao-cao-chinh-thuc/phien-ban/<int:pk>/ban-luu-tru/",
        views.archival_download,
        name="archival_download",
    ),
    path("bao-cao-chinh-thuc/phien-ban/<int:pk>/ky-lai/", views.signing_retry, name="signing_retry"),
]
