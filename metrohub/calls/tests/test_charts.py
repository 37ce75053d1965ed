"""A call's scores per criterion: the chart's data are the figures of the table beside it."""

from metrohub.calls import services
from metrohub.calls.tests.factories import make_application
from metrohub.calls.workflow import Status
from metrohub.core.permissions import SYSTEM
from metrohub.core.testing import chart_values, table_cells
from metrohub.network.tests.factories import make_user


def _score(application, reviewer, scores: dict[str, int]) -> None:
    assignment = services.assignment_create(actor=SYSTEM, application=application, reviewer=reviewer)
    services.conflict_declare(actor=reviewer, assignment=assignment, conflict=False)
    criteria = {c.name: c.pk for c in application.call.criteria.all()}
    services.review_submit(
        actor=reviewer, assignment=assignment, scores={criteria[name]: s for name, s in scores.items()}
    )


def test_the_scores_chart_shows_the_mean_per_criterion_of_its_table(
    client, programs_staff, data_2024, lab_call, city, other_city
):
    # given two applications in review: one scored by two reviewers, the other by one
    rita, rui = make_user("reviewer"), make_user("reviewer")
    dakar = make_application(lab_call, city, status=Status.IN_REVIEW)
    lisbon = make_application(lab_call, other_city, status=Status.IN_REVIEW)
    _score(dakar, rita, {"Relevance": 5, "Feasibility": 3})
    _score(dakar, rui, {"Relevance": 4, "Feasibility": 2})
    _score(lisbon, rita, {"Relevance": 2, "Feasibility": 5})

    # when the programs team opens the call's decisions
    client.force_login(programs_staff)
    page = client.get(f"/calls/{lab_call.pk}/decisions/").content

    # then the table gives each criterion's mean score, best application first
    rows = table_cells(page, "criterion-scores")
    assert rows == [["Dakar Test", "4.5", "2.5"], ["Lisbon Test", "2.0", "5.0"]]
    # and the chart draws those figures, as a share of the highest score (5)
    values = chart_values(page, "criteria")
    from_table = [
        (name, criterion, float(score))
        for name, *scores in rows
        for criterion, score in zip(["Relevance", "Feasibility"], scores, strict=True)
    ]
    assert [(v["application"], v["criterion"], v["score"]) for v in values] == from_table
    assert [v["percent"] for v in values] == [90.0, 50.0, 40.0, 100.0]
