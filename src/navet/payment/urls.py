from django.urls import path

from navet.payment import views

app_name = "payment"

urlpatterns = [
    path("betalningsansvar/", views.overview, name="overview"),
    path("betalningsansvar/underlag/", views.basis, name="basis"),
    path("betalningsansvar/belopp/", views.amount, name="amount"),
]
