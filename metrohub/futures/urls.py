app_name = "futures"
urlpatterns: list = []
