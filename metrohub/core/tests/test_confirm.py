"""Asking first (core/confirm.py): a one-way action shows what will happen and acts only on the
confirmation's own POST; Cancel goes back; a refusal hides the Confirm button."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

from metrohub.core.confirm import Confirmation, carried
from metrohub.core.errors import DomainError
from metrohub.core.form_pages import action, form_page

pytestmark = pytest.mark.django_db


def _request(method: str, path: str = "/things/7/send/", data=None):
    factory = RequestFactory()
    request = factory.post(path, data or {}) if method == "POST" else factory.get(path, data or {})
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)
    return request


def _send(request, done: list, **kwargs):
    return action(
        request,
        lambda: done.append("sent"),
        back="/things/7/",
        success_message="Sent.",
        confirm=lambda params: Confirmation(
            title="Send “Newsletter 12” to 1,234 subscribers?",
            consequences=[f"Each of the 1,234 subscribers receives one mail ({params.get('note', '')})."],
            button="Send it now",
            **kwargs,
        ),
    )


def test_a_get_shows_what_will_happen_with_confirm_and_cancel_and_does_nothing():
    done = []
    response = _send(_request("GET", data={"note": "june"}), done)
    page = response.content.decode()
    assert response.status_code == 200 and done == []
    assert "Send “Newsletter 12” to 1,234 subscribers?" in page
    assert "Each of the 1,234 subscribers receives one mail (june)." in page
    assert "This cannot be undone." in page
    assert 'action="/things/7/send/"' in page
    assert '<button class="btn btn-primary" type="submit">Send it now' in page
    assert 'href="/things/7/">Cancel</a>' in page
    # what the first request carried is posted again with the Confirm button
    assert '<input type="hidden" name="note" value="june">' in page
    assert '<input type="hidden" name="confirmed" value="1">' in page


def test_a_post_without_confirmed_only_shows_the_confirmation():
    done = []
    response = _send(_request("POST", data={"note": "june"}), done)
    assert response.status_code == 200 and done == []
    assert "Send it now" in response.content.decode()


def test_the_confirmations_post_acts_and_goes_back():
    done = []
    response = _send(_request("POST", data={"note": "june", "confirmed": "1"}), done)
    assert done == ["sent"]
    assert (response.status_code, response["Location"]) == (302, "/things/7/")


def test_a_refusal_says_why_and_offers_no_confirm_button():
    done = []
    page = _send(_request("GET"), done, refusal="Nobody has subscribed yet.").content.decode()
    assert "Nobody has subscribed yet." in page
    assert "Send it now" not in page and 'name="confirmed"' not in page
    assert done == []


def test_the_service_still_refuses_a_confirmed_post_with_its_reason():
    def refuse():
        raise DomainError("This issue has already been sent.")

    request = _request("POST", data={"confirmed": "1"})
    response = action(request, refuse, back="/things/7/", confirm=Confirmation(title="Send?"))
    assert response["Location"] == "/things/7/"
    assert [str(m) for m in request._messages] == ["This issue has already been sent."]


def test_the_csrf_token_and_the_confirmations_own_fields_are_not_carried():
    class NoteForm(forms.Form):
        note = forms.CharField(required=False)

    data = _request("POST", data={"csrfmiddlewaretoken": "x", "note": "n", "tag": ["a", "b"]}).POST
    assert carried(data) == [("note", "n"), ("tag", "a"), ("tag", "b")]
    assert carried(data, NoteForm()) == [("tag", "a"), ("tag", "b")]


class AmountForm(forms.Form):
    amount = forms.IntegerField(min_value=1)


def _award(request, saved: list):
    return form_page(
        request,
        AmountForm,
        save=lambda data: saved.append(data["amount"]),
        template="core/confirm.html",
        context={"confirmation": Confirmation(title="Award")},
        success_url="/grants/",
        confirm=lambda data: Confirmation(
            title=f"Award EUR {data['amount']:,} to Cairo?",
            consequences=["The fund's balance goes from EUR 100,000 to EUR 25,000."],
            cancel="/applications/3/",
        ),
    )


def test_a_form_page_confirms_its_valid_form_with_what_was_typed():
    saved = []
    page = _award(_request("POST", "/award/3/", {"amount": "75000"}), saved).content.decode()
    assert saved == []
    assert "Award EUR 75,000 to Cairo?" in page and "goes from EUR 100,000 to EUR 25,000" in page
    assert '<input type="hidden" name="amount" value="75000">' in page
    assert 'href="/applications/3/">Cancel</a>' in page
    response = _award(_request("POST", "/award/3/", {"amount": "75000", "confirmed": "1"}), saved)
    assert saved == [75000] and response["Location"] == "/grants/"


def test_a_form_page_shows_an_invalid_form_again_without_asking():
    saved = []
    response = _award(_request("POST", "/award/3/", {"amount": "0"}), saved)
    assert saved == [] and "to Cairo?" not in response.content.decode()
