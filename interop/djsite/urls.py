from django.urls import path

from . import views

urlpatterns = [
    path("login", views.login_view),
    path("me", views.me),
    path("session", views.session_view),
    path("session/set", views.session_set),
    path("signed", views.signed),
    path("signed/set", views.signed_set),
    path("signed/set-legacy", views.signed_set_legacy),
    path("password", views.password),
    path("healthz", views.healthz),
]
