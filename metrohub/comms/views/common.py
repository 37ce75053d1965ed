"""Helpers of the newsletter pages, public and staff."""

from metrohub.comms.models import Issue


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _author(issue: Issue) -> str:
    return issue.author.name if issue.author else ""
