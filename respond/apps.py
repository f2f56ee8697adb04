from django.apps import AppConfig


class RespondConfig(AppConfig):
    name = "respond"
    verbose_name = "The anonymous respondent surface: answering a survey by personal link"
