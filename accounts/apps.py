from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts: logins linked to people, two-factor rules"

    def ready(self) -> None:
        # Auth events are recorded in the audit log (infrastructure, not domain flow).
        from accounts import auditing  # noqa: F401
