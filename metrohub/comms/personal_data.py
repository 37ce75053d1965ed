"""Personal data in communications (see core/privacy.py): subscribers, their deliveries, and
the people quoted in testimonials."""

from metrohub.core.privacy import not_personal, personal

personal(
    "comms.Subscriber",
    "email",
    "name",
    match={"email": "email"},
    on_erase={"status": "unsubscribed"},
    context=("status", "language", "confirmed_at", "unsubscribed_at"),
    why="an erased subscriber receives nothing more",
)
personal("comms.Delivery", "email", match={"email": "email"}, context=("issue__title", "status", "sent_at"))
personal(
    "comms.Testimonial",
    "person_name",
    "title",
    match={"person_name": "name"},
    on_erase={"consent": "withdrawn"},
    context=("quote", "city_name"),
    why="an erased testimonial is no longer shown",
)
not_personal("comms.Testimonial", "city_name")
not_personal("comms.Issue", "title")
not_personal("comms.Publication", "title")
not_personal("comms.Channel", "name")
not_personal("comms.Campaign", "name")
not_personal("comms.VideoSeries", "title")
not_personal("comms.Episode", "city_name")
