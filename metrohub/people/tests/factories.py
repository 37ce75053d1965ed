"""Factories for HR records. They go through the models directly, for speed; services are tested on
their own."""

import factory

from metrohub.people.models import Level, StaffMember


class LevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Level

    name = factory.Sequence(lambda n: f"Level {n}")
    rank = factory.Sequence(lambda n: n + 100)


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    name = factory.Sequence(lambda n: f"Staff Member {n}")
    position = "Programmes Officer"
    level = factory.SubFactory(LevelFactory)

    class Params:
        remote = factory.Trait(work_arrangement=StaffMember.WorkArrangement.REMOTE, outside_headquarters=True)
        woman = factory.Trait(gender=StaffMember.Gender.WOMAN)
        man = factory.Trait(gender=StaffMember.Gender.MAN)
