from django.urls import path

from navet.roadmap import report_views, views

app_name = "roadmap"

urlpatterns = [
    path("fardplan/", views.roadmap_list, name="list"),
    path("fardplan/<int:roadmap_id>/", views.overview, name="overview"),
    path("fardplan/<int:roadmap_id>/tidslinje/", views.timeline_view, name="timeline"),
    path("fardplan/<int:roadmap_id>/styrning/", views.governance, name="governance"),
    path("fardplan/<int:roadmap_id>/versioner/", views.versions, name="versions"),
    path("fardplan/<int:roadmap_id>/versioner/jamfor/", views.compare_versions, name="compare"),
    path("fardplan/<int:roadmap_id>/versioner/revidera/", views.version_revise, name="revise"),
    path(
        "fardplan/<int:roadmap_id>/version/<int:number>/remiss/",
        views.version_consultation,
        name="version_consultation",
    ),
    path(
        "fardplan/<int:roadmap_id>/version/<int:number>/utkast/",
        views.version_back_to_draft,
        name="version_back_to_draft",
    ),
    path(
        "fardplan/<int:roadmap_id>/version/<int:number>/remissvar/",
        views.version_comment,
        name="version_comment",
    ),
    path(
        "fardplan/<int:roadmap_id>/version/<int:number>/anta/",
        views.version_adopt,
        name="version_adopt",
    ),
    path(
        "fardplan/<int:roadmap_id>/version/<int:number>/uppgifter/",
        views.version_edit,
        name="version_edit",
    ),
    path(
        "fardplan/<int:roadmap_id>/version/<int:number>/omrade/nytt/",
        views.area_edit,
        name="area_new",
    ),
    path(
        "fardplan/<int:roadmap_id>/version/<int:number>/omrade/<int:area_id>/",
        views.area_edit,
        name="area_edit",
    ),
    path(
        "fardplan/<int:roadmap_id>/version/<int:number>/aktivitet/ny/",
        views.activity_edit,
        name="activity_new",
    ),
    path(
        "fardplan/<int:roadmap_id>/version/<int:number>/aktivitet/<int:activity_id>/",
        views.activity_edit,
        name="activity_edit",
    ),
    path(
        "fardplan/<int:roadmap_id>/version/<int:number>/malindikator/ny/",
        views.target_new,
        name="target_new",
    ),
    path(
        "fardplan/<int:roadmap_id>/malindikator/<int:target_id>/varde/",
        views.target_value_new,
        name="target_value_new",
    ),
    path(
        "fardplan/<int:roadmap_id>/aktivitet/<int:activity_id>/",
        views.activity_detail,
        name="activity",
    ),
    path(
        "fardplan/<int:roadmap_id>/aktivitet/<int:activity_id>/uppfoljning/",
        views.activity_follow_up,
        name="activity_follow_up",
    ),
    path("fardplan/<int:roadmap_id>/forum/<int:forum_id>/", views.forum_detail, name="forum"),
    path(
        "fardplan/<int:roadmap_id>/forum/<int:forum_id>/mote/",
        views.meeting_new,
        name="meeting_new",
    ),
    path("fardplan/<int:roadmap_id>/mote/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path(
        "fardplan/<int:roadmap_id>/mote/<int:meeting_id>/aktivitet/<int:activity_id>/",
        views.meeting_follow_up,
        name="meeting_follow_up",
    ),
    path("fardplan/<int:roadmap_id>/rapporter/", report_views.report_list, name="reports"),
    path(
        "fardplan/<int:roadmap_id>/rapport/<int:report_id>/",
        report_views.report_detail,
        name="report",
    ),
    path(
        "fardplan/<int:roadmap_id>/rapport/<int:report_id>/avsnitt/<slug:key>/",
        report_views.report_section,
        name="report_section",
    ),
    path(
        "fardplan/<int:roadmap_id>/rapport/<int:report_id>/pdf/",
        report_views.report_pdf,
        name="report_pdf",
    ),
    path(
        "fardplan/<int:roadmap_id>/rapport/<int:report_id>/docx/",
        report_views.report_docx,
        name="report_docx",
    ),
]
