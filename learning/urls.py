"""All of learning's URLs under /belajar/, one module per concern."""
from learning.catalog.urls import urlpatterns as catalog_urls
from learning.completion.urls import urlpatterns as completion_urls
from learning.enrollment.urls import urlpatterns as enrollment_urls
from learning.plans.urls import urlpatterns as plan_urls
from learning.recommendations.urls import urlpatterns as recommendation_urls

app_name = "learning"
urlpatterns = catalog_urls + enrollment_urls + completion_urls + recommendation_urls + plan_urls
