"""The groups' texts in every language of the site (see conference/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Breakout, BreakoutGroup, Question


@register(BreakoutGroup)
class BreakoutGroupTranslation(TranslationOptions):
    fields = ("name",)
    conference_path = "conference"
    position = 6


@register(Breakout)
class BreakoutTranslation(TranslationOptions):
    fields = ("topic", "thematic_label")
    conference_path = "session__conference"
    position = 7


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text",)
    conference_path = "breakout__session__conference"
    position = 8
    only = {"retired": False}  # a retired question shows nowhere
