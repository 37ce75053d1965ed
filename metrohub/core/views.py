from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from metrohub.core.access import public


@public
def home(request):
    return render(request, "core/home.html")


@public
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
