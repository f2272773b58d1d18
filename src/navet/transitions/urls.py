from django.urls import path

from navet.transitions import views

app_name = "transitions"

P = "invanare/<int:person_id>/utskrivning/"

urlpatterns = [
    path("utskrivning/", views.worklist, name="worklist"),
    path(P, views.person_stays, name="person_stays"),
    path(P + "ny/", views.admit, name="admit"),
    path(P + "<int:stay_id>/", views.stay, name="stay"),
    path(P + "<int:stay_id>/<slug:action>/", views.act, name="act"),
]
