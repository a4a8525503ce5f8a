from django.urls import path

from . import views

app_name = "declarations"

urlpatterns = [
    path("mina-uppdrag/javsdeklaration/", views.MyDeclarationView.as_view(), name="mine"),
    path("javsdeklarationer/<int:pk>/", views.DeclarationDetailView.as_view(), name="detail"),
]
