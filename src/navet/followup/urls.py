from django.urls import path

from navet.followup import views

app_name = "followup"

urlpatterns = [
    path("uppfoljning/", views.overview, name="overview"),
    path("uppfoljning/korningar/", views.run_list, name="runs"),
    path("uppfoljning/indikator/<slug:indicator_id>/", views.indicator_detail, name="indicator"),
    path(
        "uppfoljning/indikator/<slug:indicator_id>/resultat.csv",
        views.download_csv,
        name="download_csv",
    ),
    path(
        "uppfoljning/indikator/<slug:indicator_id>/resultat.xlsx",
        views.download_excel,
        name="download_excel",
    ),
]
