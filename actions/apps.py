from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Action plans: measures, their SMART check and follow-up"

    def ready(self) -> None:
        from actions import progress_hooks

        progress_hooks.register()
