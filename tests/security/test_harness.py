"""The suite's own footing: the site runs with production settings and a staff login works."""


def test_staff_log_in_with_password_and_second_factor(site):
    user = site.user("finance")
    browser = site.browser()
    assert browser.get("/finance/").status_code == 302  # not yet logged in
    browser.login(user)
    page = browser.get("/finance/")
    assert page.status_code == 200
    assert "Strict-Transport-Security" in page.headers  # production settings, behind TLS


def test_a_wrong_second_factor_is_refused(site):
    user = site.user("hr")
    browser = site.browser()
    response = browser.login(user, totp="000000", expect=False)
    assert browser.get("/people/").status_code == 302
    assert response.status_code == 200
