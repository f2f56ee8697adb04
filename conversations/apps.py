from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "conversations"
    verbose_name = "Annual work-environment conversations"

    def ready(self) -> None:
        from conversations import progress_hooks

        progress_hooks.register()
