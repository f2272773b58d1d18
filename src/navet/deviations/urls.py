from django.urls import path

from navet.deviations import views, views_statistics

app_name = "deviations"

P = "invanare/<int:person_id>/avvikelser/"
ONE = "avvikelser/<int:deviation_id>/"

urlpatterns = [
    path("avvikelser/", views.worklist, name="worklist"),
    path("avvikelser/ny/", views.new, name="new"),
    path("avvikelser/statistik/", views_statistics.overview, name="statistics"),
    path("avvikelser/statistik.csv", views_statistics.download, name="statistics_csv"),
    path(ONE, views.detail, name="detail"),
    path(ONE + "<slug:action>/", views.act, name="act"),
    path(P, views.person_deviations, name="person"),
    path(P + "<int:deviation_id>/", views.person_detail, name="person_detail"),
    path(P + "<int:deviation_id>/<slug:action>/", views.person_act, name="person_act"),
]
