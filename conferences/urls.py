from django.urls import path

from conferences import views

app_name = "conferences"
urlpatterns = [
    path("", views.conference_list, name="list"),
    path("moi/", views.conference_create, name="create"),
    path("<int:pk>/bao-cao/", views.record, name="record"),
    path("<int:pk>/thong-tin/", views.conference_update, name="update"),
    path("<int:pk>/nhap-lieu/", views.conference_edit, name="edit"),
    path("<int:pk>/lich-su/", views.conference_history, name="history"),
    path("<int:pk>/muc/<slug:section_key>/them/<int:parent_pk>/", views.item_add, name="item_add"),
    path("<int:pk>/muc/<slug:section_key>/<int:item_pk>/", views.item_detail, name="item_detail"),
    path("<int:pk>/muc/<slug:section_key>/<int:item_pk>/sua/", views.item_edit, name="item_edit"),
    path("<int:pk>/muc/<slug:section_key>/<int:item_pk>/xoa/", views.item_delete, name="item_delete"),
    path("<int:pk>/muc/<slug:section_key>/<int:item_pk>/di-chuyen/", views.item_move, name="item_move"),
]
