"""The care-pathway endpoints under /api/v1/: one router line each."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("vardforlopp", views.CarePathwayViewSet, basename="care-pathway")
router.register("vardforlopp-inforande", views.ImplementationViewSet, basename="care-pathway-implementation")
router.register("vardforlopp-indikatorer", views.IndicatorViewSet, basename="care-pathway-indicator")
router.register("vardforlopp-indikatorvarden", views.IndicatorValueViewSet, basename="care-pathway-indicator-value")

urlpatterns = router.urls
