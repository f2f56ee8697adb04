from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = "Status reports for AMU, LAMU and the IDF meeting, and when they were discussed"
