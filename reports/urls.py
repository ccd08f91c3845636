from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("hoi-nghi/<int:pk>/bao-cao/", views.record, name="record"),
]
