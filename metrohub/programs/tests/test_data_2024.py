"""The 2024 data: ten labs with their priorities and action lines, sessions the report places,
the MITIs, the Diploma; declared figures, and no invented participant."""

import pytest

from metrohub.core.models import DeclaredFigure
from metrohub.core.testing import load_dataset_2024
from metrohub.programs.models import CourseEdition, Lab, Participant, Session, TrainingInstitute

pytestmark = pytest.mark.django_db


def test_the_2024_labs_are_loaded_with_their_priorities_and_cite_the_report(data_2024):
    labs = Lab.objects.filter(year=2024)
    assert labs.count() == 10
    caregivers = labs.get(title="Supporting Caregivers")
    assert sorted(caregivers.priorities.values_list("code", flat=True)) == [
        "gender-equality",
        "social-cohesion",
    ]
    assert list(caregivers.action_lines.values_list("code", flat=True)) == ["AL1", "AL2", "AL3"]
    assert all("Knowledge Exchange — Launch of Solution Labs" in lab.source for lab in labs)
    istanbul = Session.objects.get(place="Istanbul")
    assert istanbul.lab.title == "Empowering Women Leaders" and istanbul.mode == "in_person"


def test_declared_figures_are_kept_and_no_participant_is_invented(data_2024):
    declared = dict(DeclaredFigure.objects.filter(key__startswith="programs.").values_list("key", "value"))
    assert declared == {
        "programs.labs.count": 10,
        "programs.labs.member_cities": 39,
        "programs.participants.women_share": 54,
        "programs.participants.men_share": 46,
    }
    assert not Participant.objects.exists()


def test_the_mitis_and_the_diploma(data_2024):
    hosts = set(TrainingInstitute.objects.values_list("host__name", flat=True))
    assert hosts == {"Seoul", "Mashhad", "Cairo"}
    second = CourseEdition.objects.get(number=2)
    assert (second.year, second.month, second.place, second.attendance) == (2024, 11, "Barcelona", None)
    assert "more than double that of 2023" in second.attendance_note


def test_loading_again_adds_nothing(data_2024):
    # given the 2024 data, with labs, sessions and course editions on record
    before = (Lab.objects.count(), Session.objects.count(), CourseEdition.objects.count())
    assert all(before), before
    # when loaded again
    output = load_dataset_2024()
    # then nothing is added
    assert "nothing added" in output
    assert (Lab.objects.count(), Session.objects.count(), CourseEdition.objects.count()) == before
