from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = "Start Smart teams"
    default_auto_field = "django.db.models.BigAutoField"
