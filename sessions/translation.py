"""The programme's texts in every language of the site (see conference/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Room, Segment, Session


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description", "aim")
    conference_path = "conference"
    position = 4


@register(Segment)
class SegmentTranslation(TranslationOptions):
    fields = ("title", "description")
    conference_path = "session__conference"
    position = 5


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)
    conference_path = "conference"
    position = 3
