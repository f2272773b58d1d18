from django.urls import path

from navet.reception import views, views_staff

app_name = "reception"

urlpatterns = [
    path("digital-mottagning/", views.my_requests, name="my_requests"),
    path("digital-mottagning/nytt/", views.new_request, name="new_request"),
    path("digital-mottagning/<int:request_id>/", views.my_request, name="my_request"),
    path("digital-mottagning/<int:request_id>/status/", views.my_status, name="my_status"),
    path("digital-mottagning/<int:request_id>/skriv/", views.my_write, name="my_write"),
    path("mottagning/", views_staff.queue, name="queue"),
    path("mottagning/<int:request_id>/", views_staff.case, name="case"),
    path("mottagning/<int:request_id>/chatt/", views_staff.case_chat, name="case_chat"),
    path("mottagning/<int:request_id>/ta/", views_staff.pick, name="pick"),
    path("mottagning/<int:request_id>/skriv/", views_staff.write, name="write"),
    path("mottagning/<int:request_id>/video/", views_staff.video, name="video"),
    path("mottagning/<int:request_id>/avsluta/", views_staff.close, name="close"),
]
