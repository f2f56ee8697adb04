from ninja import NinjaAPI

api = NinjaAPI(
    title="Medvirk API",
    version="1",
    urls_namespace="api",
    description="Read units and people and run organisation imports. Authenticate with "
    "`Authorization: Bearer <token>`.",
)
