from django.urls import path

from metrohub.futures.views import public, public_data, staff

app_name = "futures"

urlpatterns = [
    path("", public.home, name="home"),
    path("indicators/", public_data.definitions, name="definitions"),
    path("indicators/<slug:indicator>/", public.indicator, name="indicator"),
    path("indicators/<slug:indicator>/about/", public_data.indicator_about, name="indicator_about"),
    path("cities/<slug:city>/", public.city, name="city"),
    path("compare/", public.compare, name="compare"),
    path("benchmark/", public.benchmark, name="benchmark"),
    path("strategies/", public.strategies, name="strategies"),
    path("embed/indicators/<slug:indicator>/", public.embed_indicator, name="embed_indicator"),
    path("embed/cities/<slug:city>/", public.embed_city, name="embed_city"),
    path("embed/compare/", public.embed_compare, name="embed_compare"),
    path("embed/benchmark/", public.embed_benchmark, name="embed_benchmark"),
    path("releases/", public_data.releases, name="releases"),
    path("releases/<int:number>/<str:name>", public_data.release_file, name="release_file"),
    path("manage/", staff.manage, name="manage"),
    path("manage/import/", staff.import_upload, name="import"),
    path("manage/import/confirm/", staff.import_confirm, name="import_confirm"),
    path("manage/publish/", staff.publish, name="publish"),
    path("manage/publications/<int:publication_pk>/", staff.publication, name="publication"),
]
