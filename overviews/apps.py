from django.apps import AppConfig


class OverviewsConfig(AppConfig):
    name = "overviews"
    verbose_name = "Roll-up: common features, overviews sent up, HR's compilations and decisions"

    def ready(self) -> None:
        from overviews import progress_hooks

        progress_hooks.register()
