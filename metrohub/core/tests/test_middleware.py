def test_a_nul_character_in_the_address_is_refused_before_any_view(client, db):
    for url in ("/members/?q=a%00b", "/api/v1/programs/labs?action_line=%00", "/api/v1/organisations?q%00=1"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "not allowed" in response.content.decode()
    assert client.get("/members/?q=ab").status_code == 200
