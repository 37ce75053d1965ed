"""Synthetic Solutions Labs records for demonstrations: cohorts, sessions, participants,
attendance, surveys and answers for the year's labs.

The 2024 report names no participant and no cohort city, so none is loaded as fact. This generator
makes plausible ones, deterministically (the same seed gives the same rows), and marks every row
synthetic: the pages badge them and show them only when asked, and no metric compared with the
report counts them. Dakar takes part in "Supporting Caregivers", so the demo focal point of Dakar
can answer that lab's survey.
"""

import datetime as dt
import random

from django.db import transaction

from metrohub.core.permissions import SYSTEM
from metrohub.network.models import MembershipPeriod, Organisation
from metrohub.programs import services
from metrohub.programs.models import CohortMember, Lab, Participant, Question, Session, Survey

DAKAR_LAB = "Supporting Caregivers"
GENDERS = [Participant.Gender.WOMAN] * 11 + [Participant.Gender.MAN] * 8 + [Participant.Gender.NOT_STATED]


@transaction.atomic
def generate(*, year: int, seed: int = 2024) -> dict[str, int]:
    """Add what is missing for `year`; running it again adds nothing."""
    rng = random.Random(seed)
    created = {"cohort members": 0, "sessions": 0, "participants": 0, "survey answers": 0}
    members = list(
        Organisation.objects.filter(
            pk__in=MembershipPeriod.objects.active_during(year).values("membership__organisation_id"),
            kind=Organisation.Kind.CITY,
        ).order_by("name", "pk")
    )
    if not members:
        return {}
    dakar = Organisation.objects.filter(name="Dakar").first()
    for lab in Lab.objects.filter(year=year).order_by("title", "pk"):
        cities = rng.sample(members, k=min(4, len(members)))  # drawn for every lab: the sequence stays put
        scores = [rng.choice([3, 4, 4, 5, 5]) for _ in range(12)]
        if lab.cohort.filter(synthetic=True).exists():
            continue
        if lab.title == DAKAR_LAB and dakar is not None and dakar not in cities:
            cities[0] = dakar
        for index, city in enumerate(cities):
            if CohortMember.objects.filter(lab=lab, organisation=city).exists():
                continue
            role = CohortMember.Role.HOST if index == 0 else CohortMember.Role.LEARNER
            services.cohort_add(actor=SYSTEM, lab=lab, organisation=city, role=role, synthetic=True)
            created["cohort members"] += 1
        session = services.session_add(
            actor=SYSTEM,
            lab=lab,
            mode=Session.Mode.ONLINE,
            title="Kick-off (synthetic)",
            date=dt.date(year, 5, 1) + dt.timedelta(days=rng.randint(0, 120)),
            synthetic=True,
        )
        created["sessions"] += 1
        participants = []
        for n in range(5):
            participants.append(
                services.participant_add(
                    actor=SYSTEM,
                    lab=lab,
                    name=f"Synthetic participant {lab.pk}-{n + 1}",
                    organisation=cities[n % len(cities)],
                    gender=GENDERS[rng.randrange(len(GENDERS))],
                    synthetic=True,
                )
            )
            created["participants"] += 1
        services.attendance_set(actor=SYSTEM, session=session, participants=participants[:4])
        survey = Survey.objects.filter(lab=lab).first() or services.survey_create(
            actor=SYSTEM, lab=lab, synthetic=True
        )
        scale = [q for q in survey.questions.all() if q.kind == Question.Kind.SCALE]
        for sheet in range(3):
            services.survey_answer(
                actor=SYSTEM,
                survey=survey,
                scores={q.pk: scores[(sheet * len(scale) + i) % len(scores)] for i, q in enumerate(scale)},
                comments={},
                anonymous=True,
                synthetic=True,
            )
            created["survey answers"] += 1
    return {what: count for what, count in created.items() if count}
