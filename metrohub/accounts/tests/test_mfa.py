"""Staff log in with a second factor, and reach no page from a session that did not use it; focal
points may have one; only demo accounts under demo settings skip it. Secrets are encrypted at rest."""

import importlib
import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps

from metrohub.accounts.mfa import MFAAdapter
from metrohub.network.tests.factories import make_user

PASSWORD = "pw-Test-123!"


def code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def password_only_session(client, user) -> None:
    """A session logged in without the code step, as Django's own login form used to make."""
    client.force_login(user)
    session = client.session
    del session[AUTHENTICATION_METHODS_SESSION_KEY]
    session.save()


def test_staff_log_in_with_password_then_an_authenticator_code(client, db):
    # given a membership officer who enrolled an authenticator app
    user = make_user("membership", username="teresa", mfa=False)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    # when she gives her password, she is not logged in yet: the code is asked for
    response = client.post("/accounts/login/", {"login": "teresa", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    # a wrong code is refused
    client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    # then the right code lets her in
    client.post("/accounts/2fa/authenticate/", {"code": code_for(secret)})
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/registry/").status_code == 200


@pytest.mark.parametrize("path", ["/registry/", "/admin/", "/accounts/2fa/", "/accounts/password/change/"])
def test_a_staff_session_that_skipped_the_code_is_logged_out(client, db, path):
    # given an administrator's session made by the password alone
    user = make_user("admin", username="ada")
    password_only_session(client, user)
    # when it asks for a page, the admin and the account's own pages included
    response = client.get(path)
    # then it is logged out and sent to the login, which asks for the code
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "_auth_user_id" not in client.session


def test_the_admin_has_no_login_form_of_its_own(client, db):
    # given an administrator with a second factor
    make_user("admin", username="ada")
    # when her password alone is posted to the admin's login page
    response = client.post("/admin/login/?next=/admin/", {"username": "ada", "password": PASSWORD})
    # then nobody is logged in, and the admin's login page sends to allauth's
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"


def test_the_admin_login_page_never_sends_to_another_site(client, db):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_a_logged_in_user_without_the_admin_is_refused_there_without_a_loop(client, focal_point):
    client.force_login(focal_point)
    assert client.get("/admin/login/?next=/admin/").status_code == 403


# A real transaction: allauth announces the new authenticator when its row is committed.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_without_a_second_factor_are_sent_to_enrol_and_enrolling_lets_them_in(client):
    make_user("finance", username="finance-officer", mfa=False)
    client.post("/accounts/login/", {"login": "finance-officer", "password": PASSWORD})
    response = client.get("/registry/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"
    # allauth asks for the password once more before showing the authenticator's secret
    confirm = client.get("/accounts/2fa/totp/activate/", follow=True)
    assert "Your role needs a second factor" in confirm.content.decode()
    enrol = client.post(confirm.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert enrol.redirect_chain[-1][0] == "/accounts/2fa/totp/activate/"
    assert 'name="code"' in enrol.content.decode()
    # entering the app's first code uses the factor in this session: the pages open
    secret = enrol.context["form"].secret
    client.post("/accounts/2fa/totp/activate/", {"code": code_for(secret)})
    assert Authenticator.objects.filter(user__username="finance-officer").exists()
    assert client.get("/finance/").status_code == 200


def test_focal_points_need_no_second_factor(client, focal_point, city):
    password_only_session(client, focal_point)
    assert client.get(f"/registry/organisations/{city.pk}/").status_code == 200


def test_demo_accounts_skip_the_second_factor_only_under_demo_settings(client, db, settings):
    user = make_user("membership", username="membership", mfa=False)
    password_only_session(client, user)
    settings.METROHUB_DEMO = True
    assert client.get("/registry/").status_code == 200
    settings.METROHUB_DEMO = False
    assert client.get("/registry/").status_code == 302
    # and never where the machine is not a development one, whatever METROHUB_DEMO says
    password_only_session(client, user)
    settings.METROHUB_DEMO, settings.DEVELOPMENT = True, False
    assert client.get("/registry/").status_code == 302


def test_totp_secrets_are_stored_encrypted(db):
    # given a secret enrolled through allauth
    user = make_user("membership", username="teresa", mfa=False)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    # then the row holds a Fernet token, not the secret, and the adapter reads it back
    stored = Authenticator.objects.get(user=user).data["secret"]
    assert secret not in stored and stored.startswith("gAAAAA")
    assert MFAAdapter().decrypt(stored) == secret


def test_a_secret_that_does_not_decrypt_is_refused_not_used(settings):
    stored = MFAAdapter().encrypt("JBSWY3DPEHPK3PXP")
    settings.METROHUB_FIELD_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(InvalidToken):
        MFAAdapter().decrypt(stored)
    with pytest.raises(InvalidToken):
        MFAAdapter().decrypt("JBSWY3DPEHPK3PXP")


def test_rotating_the_field_key_keeps_old_secrets_readable(settings):
    old = settings.METROHUB_FIELD_KEYS[0]
    stored = MFAAdapter().encrypt("JBSWY3DPEHPK3PXP")
    settings.METROHUB_FIELD_KEYS = [Fernet.generate_key().decode(), old]
    assert MFAAdapter().decrypt(stored) == "JBSWY3DPEHPK3PXP"


def test_secrets_written_before_encryption_are_encrypted_by_the_migration(db):
    # given a TOTP row and recovery codes written in the clear, as before
    user = make_user("membership", username="teresa", mfa=False)
    totp = Authenticator.objects.create(user=user, type="totp", data={"secret": "JBSWY3DPEHPK3PXP"})
    codes = Authenticator.objects.create(
        user=user, type="recovery_codes", data={"seed": "ab12", "used_mask": 0}
    )
    migration = importlib.import_module("metrohub.accounts.migrations.0005_encrypt_mfa_secrets")
    # when the migration runs (twice: a second run changes nothing)
    migration.encrypt(apps, None)
    migration.encrypt(apps, None)
    # then both are encrypted and read back
    totp.refresh_from_db()
    codes.refresh_from_db()
    assert MFAAdapter().decrypt(totp.data["secret"]) == "JBSWY3DPEHPK3PXP"
    assert MFAAdapter().decrypt(codes.data["seed"]) == "ab12" and codes.data["used_mask"] == 0
