"""WCAG 2.2 AA on the main pages: axe-core finds no serious or critical violation.

axe-core is the vendored copy (metrohub/static/vendor/axe-core); it is evaluated through the
browser's debugging protocol, which the page's Content-Security-Policy does not govern.
"""

from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "metrohub" / "static" / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

PUBLIC_PAGES = [
    "/",
    "/members/",
    "/members/dakar/",
    "/members/map/",
    "/calls/public/",
    "/fund/public/",
    "/accounts/login/",
]
STAFF_PAGES = [
    "/registry/",
    "/registry/?region=africa",
    "/registry/governance/",
    "/registry/figures/",
    "/mel/reconciliation/",
    "/finance/agreements/",
    "/registry/import/",
    "DAKAR",
    "DAKAR/edit/",
]


def serious_violations(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_public_pages_have_no_serious_accessibility_violation(page, data_2024):
    for path in PUBLIC_PAGES:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert serious_violations(page) == [], path


def test_staff_pages_have_no_serious_accessibility_violation(page, membership_user, login):
    from metrohub.network.models import Organisation

    dakar = f"/registry/organisations/{Organisation.objects.get(name='Dakar').pk}/"
    page.goto("/registry/")
    login(page, "mona")
    for path in STAFF_PAGES:
        path = path.replace("DAKAR", dakar.rstrip("/"))
        page.goto(path if path.endswith("/") or "?" in path else path + "/")
        page.wait_for_load_state("networkidle")
        assert serious_violations(page) == [], path


def test_the_directory_works_from_the_keyboard(page, data_2024):
    page.goto("/members/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    page.locator("#id_region").focus()
    page.keyboard.press("ArrowDown")  # choose the next region with the keyboard
    page.wait_for_url("**region=**")
    assert "region=" in page.url


# Every page of the Metro Futures explorer and the API documentation, in each language.
EXPLORER_PAGES = [
    "/futures/",
    "/futures/indicators/",
    "/futures/indicators/pm25/",
    "/futures/indicators/pm25/about/",
    "/futures/cities/dakar-e2e/",
    "/futures/compare/?cities=dakar-e2e&cities=lisbon-e2e",
    "/futures/benchmark/?city=dakar-e2e&group=overall",
    "/futures/strategies/",
    "/futures/releases/",
    "/futures/embed/indicators/pm25/",
    "/api/v1/docs",
]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_explorer_and_the_api_docs_have_no_serious_violation(
    new_page, futures_release, language, screenshot
):
    page = new_page(locale=language)
    found = {}
    for n, path in enumerate(EXPLORER_PAGES):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        if language == "en":
            screenshot(page, f"{n:02d}")
        violations = serious_violations(page)
        if not page.evaluate("document.documentElement.lang").startswith(language):
            violations.append(f"the page is not in {language}")
        if violations:
            found[path] = violations
    # on a phone the city list wraps onto several lines: each link is still a target of its own
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/futures/")
    if violations := serious_violations(page):
        found["/futures/ at 375 px"] = violations
    assert found == {}
