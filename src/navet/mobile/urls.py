from django.urls import path

from navet.mobile import views

app_name = "mobile"

urlpatterns = [
    path("mobilt-team/", views.worklist, name="worklist"),
    path("mobilt-team/dagsplan/", views.day_plan, name="day_plan"),
    path("mobilt-team/mangbesokare/", views.frequent, name="frequent"),
    path("mobilt-team/person/<int:person_id>/ny/", views.new_request, name="new_request"),
    path(
        "mobilt-team/person/<int:person_id>/begaran/<int:request_id>/",
        views.request_detail,
        name="request",
    ),
    path(
        "mobilt-team/person/<int:person_id>/begaran/<int:request_id>/bedomning/",
        views.triage,
        name="triage",
    ),
    path(
        "mobilt-team/person/<int:person_id>/begaran/<int:request_id>/hembesok/",
        views.visit,
        name="visit",
    ),
    path("mobilt-team/person/<int:person_id>/uppfoljning/", views.follow_up, name="follow_up"),
]
