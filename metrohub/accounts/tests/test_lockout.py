"""django-axes locks a username at one address after five failed logins, through allauth's form.

Before, axes counted every failure under an empty username and never locked anyone; the old test
passed because allauth's own rate limit shows similar words. These tests look for axes' own page
(status 429, core/locked_out.html) and for the username axes stored.
"""

from axes.models import AccessAttempt

from metrohub.network.tests.factories import make_user

PASSWORD = "pw-Test-123!"


def fail(client, username: str, times: int, address: str = "127.0.0.1") -> None:
    for _ in range(times):
        client.post("/accounts/login/", {"login": username, "password": "wrong"}, REMOTE_ADDR=address)


def test_five_failed_logins_lock_the_username_out_with_the_lockout_page(client, db):
    # given five wrong passwords for maria
    make_user("focal_point", username="maria")
    fail(client, "maria", 5)
    # when the right password comes next, from the same address
    response = client.post("/accounts/login/", {"login": "maria", "password": PASSWORD})
    # then axes refuses it with its own page, and no one is logged in
    assert response.status_code == 429
    assert "core/locked_out.html" in [template.name for template in response.templates]
    assert "This account is locked for an hour" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # and the failures were counted against maria, not against an empty username
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == ("maria", "127.0.0.1", 5)


def test_changing_the_case_of_the_username_does_not_start_a_new_count(client, db):
    # given failures spread over spellings allauth's login takes for the same account
    make_user("focal_point", username="maria")
    for spelling in ["Maria", "MARIA", "maria", "mAria", " maria"]:
        fail(client, spelling, 1)
    # then the account is locked all the same
    response = client.post("/accounts/login/", {"login": "maria", "password": PASSWORD})
    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["maria"]


def test_the_lockout_holds_that_address_only(client, db):
    # given maria locked out at one address
    make_user("focal_point", username="maria")
    fail(client, "maria", 5, address="203.0.113.7")
    assert (
        client.post(
            "/accounts/login/", {"login": "maria", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
        ).status_code
        == 429
    )
    # when she logs in from another address
    response = client.post(
        "/accounts/login/", {"login": "maria", "password": PASSWORD}, REMOTE_ADDR="198.51.100.9"
    )
    # then she is in
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_a_good_login_after_a_few_mistakes_works_and_clears_the_count(client, db):
    make_user("focal_point", username="maria")
    fail(client, "maria", 4)
    response = client.post("/accounts/login/", {"login": "maria", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
    assert not AccessAttempt.objects.exists()


def test_a_locked_out_client_does_not_use_up_the_usernames_allowance_for_others(client, db):
    # given a client that keeps trying maria's password long after it was locked out
    make_user("focal_point", username="maria")
    fail(client, "maria", 25, address="203.0.113.7")
    # then maria still logs in from her own address (allauth's per-username limit was not spent)
    response = client.post(
        "/accounts/login/", {"login": "maria", "password": PASSWORD}, REMOTE_ADDR="198.51.100.9"
    )
    assert response.status_code == 302
