"""What every app's API shares."""

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# An offset beyond this is refused (422) instead of reaching the database, where a huge one
# overflows (SQLite stores integers in 64 bits) or makes the database skip millions of rows.
MAX_OFFSET = 1_000_000


class Pagination(LimitOffsetPagination):
    """`limit` and `offset`, both bounded."""

    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
