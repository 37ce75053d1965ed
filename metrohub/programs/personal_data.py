"""Personal data in programs (see core/privacy.py): lab participants."""

from metrohub.core.privacy import not_personal, personal

personal(
    "programs.Participant",
    "name",
    "gender",
    "gender_description",
    person="person",
    match={"name": "name"},
    keep=("gender",),
    context=("lab__title", "lab__year", "role"),
    why="gender stays for the share of women among participants, anonymous once the name is gone",
)
not_personal("programs.Lab", "title")
not_personal("programs.Session", "title")
not_personal("programs.TrainingInstitute", "name", "host_name")
not_personal("programs.Course", "title")
