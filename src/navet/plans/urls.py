from django.urls import path

from navet.plans import print_views, views, views_agreement, views_follow_up

app_name = "plans"

P = "invanare/<int:person_id>/sip/"
PLAN = P + "<int:plan_id>/"
AGREEMENT = "invanare/<int:person_id>/overenskommelse/"
ONE = AGREEMENT + "<int:agreement_id>/"

urlpatterns = [
    path("sip/", views.worklist, name="worklist"),
    path(P, views.person_plans, name="person_plans"),
    path(P + "ny/", views.new_plan, name="new"),
    path(PLAN, views.detail, name="detail"),
    path(PLAN + "plan/", views.edit, name="edit"),
    path(PLAN + "versioner/", views.versions, name="versions"),
    path(PLAN + "samtycke/", views.consent, name="consent"),
    path(PLAN + "samtycke/<int:consent_id>/aterkalla/", views.withdraw, name="withdraw"),
    path(PLAN + "inbjudan/", views.invite, name="invite"),
    path(PLAN + "extern/", views.invite_external, name="invite_external"),
    path(PLAN + "mote/", views.meeting, name="meeting"),
    path(PLAN + "mote/<int:meeting_id>/anteckningar/", views.minutes, name="minutes"),
    path(PLAN + "mote/<int:meeting_id>/kalender.ics", views.calendar_file, name="ics"),
    path(PLAN + "steg/", views.stage, name="stage"),
    path(PLAN + "faststall/", views.finalise, name="finalise"),
    path(PLAN + "narstaende/", views.relative, name="relative"),
    path(PLAN + "sekretess/", views.secrecy, name="secrecy"),
    path(PLAN + "samordnare/", views.hand_over, name="hand_over"),
    path(PLAN + "uppfoljning/", views_follow_up.record_follow_up, name="follow_up"),
    path(PLAN + "avsluta/", views_follow_up.close, name="close"),
    path(AGREEMENT + "ny/", views_agreement.new, name="agreement_new"),
    path(ONE, views_agreement.detail, name="agreement"),
    path(ONE + "andra/", views_agreement.edit, name="agreement_edit"),
    path(ONE + "egenvard/", views_agreement.assessment, name="agreement_assessment"),
    path(ONE + "avsluta/", views_agreement.end, name="agreement_end"),
]

# The person's own plan printed by staff (the paper fallback): navet.plans.print_views
urlpatterns += [path(PLAN + "utskrift.pdf", print_views.plan_pdf, name="print")]
