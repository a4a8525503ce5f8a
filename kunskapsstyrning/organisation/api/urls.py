"""The structure's endpoints under /api/v1/: one router line each."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("sjukvardsregioner", views.HealthcareRegionViewSet, basename="healthcare-region")
router.register("regioner", views.RegionViewSet, basename="region")
router.register("grupper", views.GroupViewSet, basename="group")
router.register("uppdrag", views.MembershipViewSet, basename="membership")
router.register("personer", views.PersonViewSet, basename="person")
router.register("mina-uppdrag", views.MyAssignmentsViewSet, basename="my-assignment")

urlpatterns = router.urls
