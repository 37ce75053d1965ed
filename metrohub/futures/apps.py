from django.apps import AppConfig


class FuturesConfig(AppConfig):
    name = "metrohub.futures"
    label = "futures"
    verbose_name = "Metro Futures"

    def backup_folders(self) -> dict:
        """What `manage.py backup` keeps besides the records: the releases (Parquet, manifests and
        the DuckDB file each is read from). Uploads awaiting confirmation are in the held-upload
        store (core/imports/held.py), in the media folder by default."""
        from metrohub.futures.storage import futures_root

        return {"futures": futures_root()}

    def ready(self):
        from metrohub.futures import forms  # noqa: F401  (registers the cities' search, core/search_select.py)
