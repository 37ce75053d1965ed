"""URL samples for the permission matrix (`metrohub/core/tests/test_permission_matrix.py`)."""

from metrohub.people.tests.factories import StaffMemberFactory


def samples() -> dict:
    staff = StaffMemberFactory(name="Matrix Staff", gender="woman")
    return {"staff_pk": staff.pk, "level_pk": staff.level_id}
