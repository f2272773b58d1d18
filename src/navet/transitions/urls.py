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

# Planning before discharge and the named care contact (issue 7 parts 3 and 4).
from navet.transitions import views_planning  # noqa: E402

# First: "<stay_id>/planering/" would otherwise be taken for an action of views.act.
urlpatterns[0:0] = [
    path("utskrivning/fast-vardkontakt/", views_planning.named_contacts, name="named_contacts"),
    path(P + "<int:stay_id>/planering/", views_planning.page, name="planning"),
    path(
        P + "<int:stay_id>/planering/<slug:action>/",
        views_planning.act,
        name="planning_act",
    ),
]
