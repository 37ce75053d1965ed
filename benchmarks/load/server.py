"""The server under load: checks that the prepared sessions work as the locustfile uses them,
warming the workers up, and the server errors its log tells of."""

import json
from pathlib import Path


def check_sessions(base: str, data: dict) -> None:
    """The prepared sessions work as the locustfile uses them: a cookie set on a requests session,
    over plain HTTP, although production's session cookie is Secure."""
    import requests

    cookie = data["session_cookie"]
    staff = requests.Session()
    staff.cookies.set(cookie, data["staff"][0]["session"])
    response = staff.get(f"{base}/registry/", allow_redirects=False, timeout=30)
    if response.status_code != 200:
        raise SystemExit(
            f"A staff session got {response.status_code} {response.headers.get('Location', '')}"
            " for /registry/, not 200."
        )
    focal = requests.Session()
    account = data["focal_points"][0]
    focal.cookies.set(cookie, account["session"])
    response = focal.get(f"{base}/portal/", timeout=30)
    landing = f"/registry/organisations/{account['organisation']}/"
    if response.status_code != 200 or not response.url.endswith(landing):
        raise SystemExit(
            f"A focal point's /portal/ got {response.status_code} at {response.url}, not {landing}."
        )
    if requests.get(f"{base}/registry/", allow_redirects=False, timeout=30).status_code == 200:
        raise SystemExit("An anonymous visitor reached /registry/: the check above proves nothing.")


def warm_up(base: str, data: dict, workers: int) -> None:
    """Each worker loads its code and templates before anything is measured."""
    import requests

    staff = requests.Session()
    staff.cookies.set(data["session_cookie"], data["staff"][0]["session"])
    pk, slug = data["organisation_ids"][0], data["member_slugs"][0]
    urls = [
        "/",
        "/members/",
        f"/members/{slug}/",
        "/members/map.json",
        "/api/v1/organisations?limit=50",
        f"/api/v1/organisations/{data['member_ids'][0]}",
        "/registry/",
        f"/registry/organisations/{pk}/",
        "/registry/governance/",
    ]
    for _ in range(2 * workers):
        for url in urls:
            staff.get(f"{base}{url}", timeout=60)


def server_errors(log: Path) -> list[str]:
    """Lines of the gunicorn log that tell of a server error: Django's ERROR records (500s, with
    their traceback), worker timeouts and crashes."""
    found = []
    if not log.exists():
        return found
    for line in log.read_text(errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if isinstance(record, dict):
            if record.get("level") in {"ERROR", "CRITICAL"}:
                found.append(line)
        elif any(mark in line for mark in ("[ERROR]", "[CRITICAL]", "WORKER TIMEOUT", "Traceback")):
            found.append(line)
    return found
