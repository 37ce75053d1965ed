"""URL samples for the permission matrix: a lab (with a survey, City B in its cohort), a session,
a training institute and a course that exist."""

from metrohub.network.models import Organisation
from metrohub.programs.models import Course, TrainingInstitute
from metrohub.programs.tests.factories import add_city, add_session, make_lab, make_survey


def samples() -> dict:
    lab = make_lab(title="Matrix Lab")
    make_survey(lab)
    city_b = Organisation.objects.filter(slug="city-b").first()
    if city_b is not None:
        add_city(lab, city_b)
    institute = TrainingInstitute.objects.create(name="Matrix Institute")
    course = Course.objects.create(title="Matrix Course", institute=institute)
    return {
        "lab_pk": lab.pk,
        "session_pk": add_session(lab).pk,
        "institute_pk": institute.pk,
        "course_pk": course.pk,
    }
