from django.urls import path

from navet.citizen import views

app_name = "citizen"

urlpatterns = [
    path("mina-kontakter/", views.my_contacts, name="my_contacts"),
]
