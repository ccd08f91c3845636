from django.urls import path

from reports.home import views

urlpatterns = [
    path("", views.home, name="home"),
]
