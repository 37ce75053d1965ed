import pytest

from metrohub.network.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PositionFactory,
    make_user,
)

pytest_plugins = ["metrohub.core.testing"]  # data_2024: the 2024 data, loaded once per session


@pytest.fixture
def staff_user(db):
    """`staff_user("finance", organisation=…, username=…)`: a user with that role; staff have a
    second factor enrolled, as production requires (network.tests.factories.make_user)."""
    return make_user


@pytest.fixture
def user_with_role(staff_user):
    return staff_user


# One user per role (metrohub.accounts.roles.Role), for the tests that need one of each.
@pytest.fixture
def admin_staff(db):
    return make_user("admin", username="admin-staff")


@pytest.fixture
def membership_staff(db):
    return make_user("membership")


@pytest.fixture
def programs_staff(db):
    return make_user("programs", username="prog")


@pytest.fixture
def policy_staff(db):
    return make_user("policy", username="policy")


@pytest.fixture
def communications_staff(db):
    return make_user("communications", username="comms")


@pytest.fixture
def finance_staff(db):
    return make_user("finance", username="fin")


@pytest.fixture
def hr_staff(db):
    return make_user("hr", username="hr")


@pytest.fixture
def reviewer(db):
    """Rita, an external reviewer."""
    return make_user("reviewer", username="rita")


@pytest.fixture
def city(db):
    """A member city with one person on record."""
    organisation = OrganisationFactory(name="Dakar Test", slug="dakar-test", country="SN")
    MembershipFactory(organisation=organisation)
    PositionFactory(organisation=organisation, person__name="Awa Ndiaye", person__email="awa@dakar.example")
    return organisation


@pytest.fixture
def other_city(db):
    organisation = OrganisationFactory(name="Lisbon Test", slug="lisbon-test", country="PT")
    MembershipFactory(organisation=organisation)
    PositionFactory(organisation=organisation, person__name="João Silva", person__email="joao@lisbon.example")
    return organisation


@pytest.fixture
def focal_point(city):
    return make_user("focal_point", organisation=city, username="focal")


@pytest.fixture
def city_with_focal_point(city, focal_point):
    """Dakar Test, a member city, with its focal point (`city.focal_point`) tied to it."""
    city.focal_point = focal_point
    return city


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing a password properly takes a third of a second; tests need not pay it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_at_once_and_files_in_tmp(settings, tmp_path):
    """Tasks (mail, sending an issue) run as soon as they are enqueued, not by a worker, and
    uploaded files land in the test's own folder, never in var/media."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _language_of_the_settings():
    """A page asked in French leaves French active in the thread (LocaleMiddleware activates a
    language and nothing deactivates it): each test starts, and ends, in the default language."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits (django-allauth) live in the cache: no test inherits another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _forced_logins_are_full_logins(monkeypatch):
    """`client.force_login(user)` stands for the whole login, password and second factor: staff
    reach no page from a session that did not use its second factor (accounts.middleware). A test
    of such a session removes the records (metrohub/accounts/tests/test_mfa.py)."""
    from django.test import Client

    from metrohub.accounts.testing import record_full_login

    force_login = Client.force_login

    def force_full_login(self, user, backend=None):
        force_login(self, user, backend)
        session = self.session
        record_full_login(session, user)
        session.save()

    monkeypatch.setattr(Client, "force_login", force_full_login)
