from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from frontwork import views as frontwork_views
from frontwork.accounts.forms import LoginForm

admin.site.site_header = _("frontwork — quản trị")
admin.site.site_title = "frontwork"

urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("ngon-ngu/", set_language, name="set_language"),
    path("quan-tri/", admin.site.urls),
    path("healthz", frontwork_views.health, name="health"),
    path("", include("reports.home.urls")),
    path("", include("reports.final.urls")),
    path("", include("reports.signing.urls")),
    path("hoi-nghi/", include("conferences.urls")),
    path("du-thao/", include("reports.drafts.urls")),
    path("", include("recommendations.urls")),
]
