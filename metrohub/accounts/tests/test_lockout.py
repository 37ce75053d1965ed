from metrohub.network.tests.factories import make_user


def test_repeated_failed_logins_lock_the_account_out(client, db):
    make_user("membership", username="maria")
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": "maria", "password": "wrong"})
    # then even the right password is refused, with a clear message
    response = client.post("/accounts/login/", {"login": "maria", "password": "pw-Test-123!"})
    assert response.status_code in {200, 429}
    assert "Too many failed login" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_good_login_after_a_few_mistakes_works(client, db):
    make_user("focal_point", username="maria")
    client.post("/accounts/login/", {"login": "maria", "password": "wrong"})
    response = client.post("/accounts/login/", {"login": "maria", "password": "pw-Test-123!"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
