from django.apps import AppConfig


class DailyConfig(AppConfig):
    name = "daily"
    verbose_name = "The daily jobs and the record of their runs"
