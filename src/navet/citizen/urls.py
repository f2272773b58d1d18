from django.urls import path

from navet.citizen import views

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
