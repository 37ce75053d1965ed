"""Finding 8: a person's erasure left their copies as a speaker (name and title) public in
`/api/v1/events/panels` and on the event page, and their data export left those copies out.
The membership team exports and erases through the registry's own buttons; an anonymous visitor
then reads the public pages and the API.
"""

import json
import secrets

SPOKE = """
from metrohub.events.tests.factories import SpeakerFactory
from metrohub.network.models import Person, Position
from metrohub.programs.models import Participant
from metrohub.programs.tests.factories import make_lab
from tests.security.seed import city
dakar = city("dakar")
person = Person.objects.create(name=name, email=email, gender="woman")
Position.objects.create(person=person, organisation=dakar, role="head", title="Mayor")
speaker = SpeakerFactory(person=person, name=name, title=title, gender="woman",
                         panel__title="Panel " + tag, panel__session__event__title="Summit " + tag)
# a copy of her name with no link: the way the 2024 programme lists participants
Participant.objects.create(lab=make_lab(title="Lab " + tag), name=name, gender="woman")
result = {"person": person.pk, "speaker": speaker.pk, "event": speaker.panel.session.event_id,
          "dakar": dakar.pk}
"""

COPIES = """
from metrohub.events.models import Speaker
from metrohub.programs.models import Participant
result = {
    "speakers": Speaker.objects.filter(name__icontains=name).count()
    + Speaker.history.filter(name__icontains=name).count()
    + Speaker.objects.filter(title=title).count(),
    "participants": Participant.objects.filter(name__icontains=name).count(),
    "women on the panel": Speaker.objects.filter(pk=speaker, gender="woman").count(),
}
"""


def test_an_erased_speaker_disappears_from_the_public_pages_and_the_api(site):
    # given Fatou, a mayor who spoke on a public panel and took part in a lab
    tag = secrets.token_hex(3)
    name, title = f"Fatou Erased {tag}", f"Mayor of Somewhere {tag}"
    made = site.run(SPOKE, name=name, email=f"fatou.{tag}@dakar.example", title=title, tag=tag)
    anonymous = site.browser()
    panels = f"/api/v1/events/panels?event={made['event']}"
    event_page = f"/events/{made['event']}/"
    assert name in anonymous.get(panels).text and name in anonymous.get(event_page).text
    staff = site.browser()
    staff.login(site.user("membership"))
    organisation = f"/registry/organisations/{made['dakar']}/"
    # when the membership team exports her data
    exported = staff.submit(f"/registry/people/{made['person']}/export/", form_page=organisation)
    # then the export holds her speaker entry and her participant copy
    assert exported.status_code == 200
    records = json.loads(exported.text)["records"]
    assert [(s["name"], s["title"]) for s in records["events.Speaker"]] == [(name, title)]
    assert [p["name"] for p in records["programs.Participant"]] == [name]
    # when they erase her
    erased = staff.submit(f"/registry/people/{made['person']}/erase/", {"confirmed": "1"})
    assert erased.status_code == 302
    # then neither the API nor the event page shows her name or title any more
    for path in (panels, event_page, "/api/v1/events/panels?limit=100"):
        answer = anonymous.get(path)
        assert answer.status_code == 200
        assert name not in answer.text and title not in answer.text, path
    # and no copy keeps them, history included; the panel still counts a woman
    copies = site.run(COPIES, name=name, title=title, speaker=made["speaker"])
    assert copies == {"speakers": 0, "participants": 0, "women on the panel": 1}
    assert site.server_errors() == []
