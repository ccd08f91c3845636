from django.urls import path

from reports.final import views

app_name = "reports"
urlpatterns = [
    path("hoi-nghi/<int:pk>/bao-cao-chinh-thuc/", views.final_report, name="final_report"),
    path(
        "hoi-nghi/<int:pk>/bao-cao-chinh-thuc/tao-pdf/", views.final_report_render, name="final_report_render"
    ),
    path(
        "hoi-nghi/<int:pk>/bao-cao-chinh-thuc/xem-truoc/",
        views.final_report_preview,
        name="final_report_preview",
    ),
    path(
        "hoi-nghi/<int:pk>/bao-cao-chinh-thuc/sua-doi/", views.final_report_revise, name="final_report_revise"
    ),
    path(
        "hoi-nghi/<int:pk>/bao-cao-chinh-thuc/theo-bien-ban/",
        views.final_report_follow_record,
        name="final_report_follow_record",
    ),
    path("bao-cao-chinh-thuc/yeu-cau/<int:pk>/", views.render_job_status, name="render_job_status"),
    path(
        "bao-cao-chinh-thuc/phien-ban/<int:pk>/tai-ve/",
        views.report_version_download,
        name="version_download",
    ),
    path(
        "bao-cao-chinh-thuc/phien-ban/<int:pk>/phe-duyet/",
        views.report_version_approve,
        name="version_approve",
    ),
    path("bao-cao-chinh-thuc/cho-phe-duyet/", views.approvals, name="approvals"),
    path("hoi-nghi/<int:pk>/bao-cao-chinh-thuc/word/", views.final_report_docx, name="final_report_docx"),
]
