"""A URLconf with a view that fails, to test the 500 handler end to end."""

from django.urls import include, path


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom), path("", include("navet.web.urls"))]

handler500 = "navet.web.views.server_error"
