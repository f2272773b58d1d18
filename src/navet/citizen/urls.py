from django.urls import path

from navet.citizen import plans, views

app_name = "citizen"

urlpatterns = [
    path("mina-kontakter/", views.my_contacts, name="my_contacts"),
    path("mina-samtycken/", views.my_consents, name="my_consents"),
    path(
        "mina-samtycken/<int:consent_id>/aterkalla/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("mina-samtycken/sparr/", views.set_block, name="set_block"),
    path("min-logg/", views.my_log, name="my_log"),
    path("min-logg/pdf/", views.my_log_pdf, name="my_log_pdf"),
]

# The resident's own plans (issue "Coordinated care", part 7): navet.citizen.plans
urlpatterns += [
    path("mina-planer/", plans.my_plans, name="my_plans"),
    path("mina-planer/<int:plan_id>/", plans.my_plan, name="my_plan"),
    path("mina-planer/<int:plan_id>/last/", plans.confirm_read, name="confirm_read"),
    path("mina-planer/<int:plan_id>/fraga/", plans.ask, name="ask_coordinator"),
    path("mina-planer/<int:plan_id>/plan.pdf", plans.my_plan_pdf, name="my_plan_pdf"),
    path(
        "mina-planer/overenskommelse/<int:agreement_id>/",
        plans.my_agreement,
        name="my_agreement",
    ),
    path(
        "mina-planer/overenskommelse/<int:agreement_id>/overenskommelse.pdf",
        plans.my_agreement_pdf,
        name="my_agreement_pdf",
    ),
]
