from django.urls import path

from reports.drafts import views

app_name = "drafts"
urlpatterns = [
    path("", views.draft_list, name="list"),
    path("moi/", views.draft_create, name="create"),
    path("<int:pk>/", views.draft_detail, name="detail"),
    path("<int:pk>/phien-ban/moi/", views.version_publish, name="publish"),
    path("<int:pk>/phien-ban/<int:number>/", views.version_read, name="version"),
    path("<int:pk>/phien-ban/<int:number>/tep-goc/", views.version_file, name="version_file"),
    path("<int:pk>/phien-ban/<int:number>/lay-y-kien/", views.round_open, name="round_open"),
    path("<int:pk>/so-sanh/<int:old>/<int:new>/", views.version_compare, name="compare"),
    path("dot-gop-y/<int:pk>/", views.round_status, name="round_status"),
    path("dot-gop-y/<int:pk>/nhac/", views.round_remind, name="round_remind"),
    path("dot-gop-y/<int:pk>/y-kien/", views.round_comments, name="round_comments"),
    path("dot-gop-y/<int:pk>/y-kien/them/", views.comment_add, name="comment_add"),
    path("dot-gop-y/<int:pk>/gui/", views.round_submit, name="round_submit"),
    path("y-kien/<int:pk>/sua/", views.comment_edit, name="comment_edit"),
    path("y-kien/<int:pk>/xoa/", views.comment_delete, name="comment_delete"),
    path("y-kien/<int:pk>/xu-ly/", views.comment_triage, name="comment_triage"),
]
