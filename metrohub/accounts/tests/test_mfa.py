"""Staff log in with a second factor; focal points may; only demo accounts under demo settings skip it."""

import time

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from metrohub.network.tests.factories import make_user


def test_staff_log_in_with_password_then_an_authenticator_code(client, db):
    # given a membership officer who enrolled an authenticator app
    user = make_user("membership", username="teresa", mfa=False)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    # when she gives her password, she is not logged in yet: the code is asked for
    response = client.post("/accounts/login/", {"login": "teresa", "password": "pw-Test-123!"})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    # a wrong code is refused
    client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    # then the right code lets her in
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post("/accounts/2fa/authenticate/", {"code": code})
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/registry/").status_code == 200


def test_staff_without_a_second_factor_are_sent_to_enrol(client, db, settings):
    settings.METROHUB_DEMO = False
    make_user("finance", username="finance-officer", mfa=False)
    client.post("/accounts/login/", {"login": "finance-officer", "password": "pw-Test-123!"})
    response = client.get("/registry/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"
    # allauth asks for the password once more before showing the authenticator's secret
    confirm = client.get("/accounts/2fa/totp/activate/", follow=True)
    assert "Your role needs a second factor" in confirm.content.decode()
    enrol = client.post(confirm.redirect_chain[-1][0], {"password": "pw-Test-123!"}, follow=True)
    assert enrol.redirect_chain[-1][0] == "/accounts/2fa/totp/activate/"
    assert 'name="code"' in enrol.content.decode()


def test_focal_points_need_no_second_factor(client, focal_point, city):
    client.force_login(focal_point)
    assert client.get(f"/registry/organisations/{city.pk}/").status_code == 200


def test_demo_accounts_skip_enrolment_only_under_demo_settings(client, db, settings):
    user = make_user("membership", username="membership", mfa=False)
    client.force_login(user)
    settings.METROHUB_DEMO = True
    assert client.get("/registry/").status_code == 200
    settings.METROHUB_DEMO = False
    assert client.get("/registry/").status_code == 302
