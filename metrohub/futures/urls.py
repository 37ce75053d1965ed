from django.urls import path

from metrohub.futures.views import explorer, staff

app_name = "futures"

urlpatterns = [
    path("", explorer.home, name="home"),
    path("indicators/<slug:indicator>/", explorer.indicator, name="indicator"),
    path("cities/<slug:city>/", explorer.city, name="city"),
    path("compare/", explorer.compare, name="compare"),
    path("benchmark/", explorer.benchmark, name="benchmark"),
    path("strategies/", explorer.strategies, name="strategies"),
    path("embed/indicators/<slug:indicator>/", explorer.embed_indicator, name="embed_indicator"),
    path("embed/cities/<slug:city>/", explorer.embed_city, name="embed_city"),
    path("embed/compare/", explorer.embed_compare, name="embed_compare"),
    path("embed/benchmark/", explorer.embed_benchmark, name="embed_benchmark"),
    path("releases/", explorer.releases, name="releases"),
    path("releases/<int:number>/<str:name>", explorer.release_file, name="release_file"),
    path("manage/", staff.manage, name="manage"),
    path("manage/import/", staff.import_upload, name="import"),
    path("manage/import/confirm/", staff.import_confirm, name="import_confirm"),
    path("manage/publish/", staff.publish, name="publish"),
    path("manage/publications/<int:publication_pk>/", staff.publication, name="publication"),
]
