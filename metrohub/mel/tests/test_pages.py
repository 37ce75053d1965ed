import csv
import io

from metrohub.mel.models import LearningEntry
from metrohub.mel.tests.html import figures, unlinked_figures
from metrohub.network.tests.factories import make_user


def test_every_figure_of_the_dashboard_links_to_its_records_or_source(client, data_2024):
    client.force_login(make_user("programs"))
    page = client.get("/mel/?year=2024").content.decode()
    # figures: targets, computed results and their parts, manual results, declared figures
    assert len(figures(page)) > 20
    assert unlinked_figures(page) == []
    # the member count shows the computed 160 beside the declared 164, flagged
    assert 'data-figure="I1.2-result" href="/registry/?status=active">160<' in page
    assert (
        'data-figure="I1.2-declared" href="/reports/2024/sources/#declared-network.members.total">164<'
        in page
    )
    # every computed indicator names a registered metric (mel/tests/test_metric_keys.py): none waits
    assert "metric not available yet" not in page


def test_the_indicator_page_shows_its_history_and_evidence(client, data_2024):
    client.force_login(make_user("policy"))
    page = client.get("/mel/indicators/I4.3/").content.decode()
    assert "658,382" in page and "12 videos" in page
    assert unlinked_figures(page) == []
    page = client.get("/mel/indicators/I1.2/").content.decode()
    assert 'data-period="2024"' in page and unlinked_figures(page) == []


def test_the_csv_export_lists_targets_and_results_with_their_sources(client, data_2024):
    client.force_login(make_user("policy"))
    response = client.get("/mel/results.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    members_2024 = next(r for r in rows if r[2] == "I1.2" and r[7] == "2024" and not r[8])
    assert members_2024[11] == "160" and members_2024[13].endswith("/registry/?status=active")
    assert any(r[2] == "I4.4" and r[8] == "gender" and r[9] == "woman" and r[10] == "100" for r in rows)


def test_staff_add_to_the_learning_log(client, data_2024):
    user = make_user("communications")
    client.force_login(user)
    # a form with no title changes nothing and says what is wrong
    response = client.post("/mel/learning/add/", {"kind": "lesson", "text": "x", "period": 2025})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    before = LearningEntry.objects.count()
    response = client.post(
        "/mel/learning/add/",
        {
            "kind": "story",
            "title": "Newsletter readers write back",
            "text": "Replies doubled.",
            "period": 2025,
            "indicators": [],
            "evidence": "Mailbox count",
        },
    )
    assert response.status_code == 302
    assert LearningEntry.objects.count() == before + 1
    page = client.get("/mel/learning/?year=2025").content.decode()
    assert "Newsletter readers write back" in page and "Solutions Labs: a first year" not in page


def test_mel_pages_are_for_the_secretariat(client, data_2024):
    for who in ("reviewer", "focal_point"):
        client.force_login(make_user(who))
        for url in (
            "/mel/",
            "/mel/learning/",
            "/mel/learning/add/",
            "/mel/indicators/I1.1/",
        ):
            assert client.get(url).status_code == 403, (who, url)
    client.logout()
    assert client.get("/mel/").status_code == 302


def test_the_policy_team_records_a_result_and_sets_a_target(client, data_2024):
    from metrohub.mel.models import Result, Target

    client.force_login(make_user("policy"))
    # a result without evidence is refused, and nothing is written
    before = Result.objects.count()
    response = client.post("/mel/indicators/I4.4/results/add/", {"period": 2025, "value": "40"})
    assert response.status_code == 200 and Result.objects.count() == before
    response = client.post(
        "/mel/indicators/I4.4/results/add/",
        {
            "period": 2025,
            "value": "40",
            "evidence": "Training register",
            "dimension": "gender",
            "dimension_value": "woman",
        },
    )
    assert response.status_code == 302
    assert Result.objects.get(indicator__code="I4.4", period=2025).dimension_value == "woman"
    # a computed indicator's result cannot be typed in
    response = client.post(
        "/mel/indicators/I1.2/results/add/", {"period": 2025, "value": "170", "evidence": "x"}
    )
    assert "cannot be typed in" in response.content.decode()
    # a target for a computed indicator appears on the dashboard, linked to its source
    client.post(
        "/mel/indicators/I1.2/targets/add/", {"period": 2024, "value": "170", "source": "Plan 2024–2026"}
    )
    target = Target.objects.get(indicator__code="I1.2", period=2024)
    page = client.get("/mel/?year=2024").content.decode()
    assert f'data-figure="I1.2-target" href="/mel/indicators/I1.2/#target-{target.pk}">170<' in page
    # others may not
    client.force_login(make_user("finance"))
    assert client.get("/mel/indicators/I4.4/results/add/").status_code == 403


def test_the_dashboard_names_cores_action_lines_in_the_readers_language(client, data_2024):
    client.force_login(make_user("policy"))
    page = client.get("/mel/?year=2024", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "AL2 · Resources for Members: Programs" in page
    page = client.get("/mel/?year=2024", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "AL2 · Ressources pour les membres : programmes" in page
    page = client.get("/mel/indicators/I4.3/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "AL4 · Comunicación" in page
