from metrohub.network.tests.factories import make_user


def test_the_reconciliation_lists_every_declared_figure_and_its_difference(client, data_2024, policy_staff):
    # given the 2024 data
    client.force_login(policy_staff)
    # when the secretariat opens the reconciliation
    page = client.get("/mel/reconciliation/?year=2024").content.decode()
    # then each declared figure stands beside its computed value, differences shown, sources cited
    assert 'data-key="network.members.total"' in page and "164" in page and "160" in page
    assert 'data-key="finance.income.fees"' in page and "592,271" in page
    assert 'data-key="people.staff.total"' in page
    assert "Metropolis Annual Report 2024, Key Figures from 2024" in page
    assert "</i> -4</strong>" in page


def test_the_reconciliation_is_for_the_secretariat(client, db):
    client.force_login(make_user("reviewer"))
    assert client.get("/mel/reconciliation/").status_code == 403
