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
from navet.transitions import views_gaps, views_planning  # noqa: E402

# First: "<stay_id>/planering/" would otherwise be taken for an action of views.act.
urlpatterns[0:0] = [
    path(P + "<int:stay_id>/planering/brister/", views_gaps.claim, name="gap_claim"),
    path(
        P + "<int:stay_id>/planering/brister/<int:gap_id>/<slug:action>/",
        views_gaps.decide,
        name="gap_decide",
    ),
    path("utskrivning/fast-vardkontakt/", views_planning.named_contacts, name="named_contacts"),
    path(P + "<int:stay_id>/planering/", views_planning.page, name="planning"),
    path(
        P + "<int:stay_id>/planering/<slug:action>/",
        views_planning.act,
        name="planning_act",
    ),
]

# What follows the ready notice (views_followon.py): SIP call, discharge notice, follow-up call.
# Two segments after the stay, so that `act`'s <slug:action>/ does not catch them.
from navet.transitions import views_followon  # noqa: E402

urlpatterns += [
    path(P + "<int:stay_id>/sip/behovs/", views_followon.sip_needed, name="sip_needed"),
    path(P + "<int:stay_id>/sip/kallelse/", views_followon.sip_send, name="sip_send"),
    path(
        P + "<int:stay_id>/meddelande/utskrivning/",
        views_followon.send_discharge_notice,
        name="discharge_notice",
    ),
    path(P + "<int:stay_id>/sammanfattning.pdf", views_followon.summary_pdf, name="summary_pdf"),
    path(
        P + "<int:stay_id>/uppfoljning/gjord/",
        views_followon.follow_up_done,
        name="follow_up_done",
    ),
]
