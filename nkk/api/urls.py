"""NKK's read-only endpoints under /api/v1/: one router line each (included from kunskapsstyrning.api.urls)."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("kunskapsstod/amnesomraden", views.SubjectAreaViewSet, basename="nkk-subject-area")
router.register("kunskapsstod/versioner", views.VersionViewSet, basename="nkk-version")
router.register("kunskapsstod", views.RecommendationViewSet, basename="nkk-recommendation")

urlpatterns = router.urls
