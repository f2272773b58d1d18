from django.urls import path

from navet.web import views

app_name = "web"

urlpatterns = [
    path("", views.start, name="start"),
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", views.LogoutView.as_view(), name="logout"),
    path("invanare/", views.resident_search, name="resident_search"),
    path("invanare/<int:person_id>/", views.resident_detail, name="resident_detail"),
]
