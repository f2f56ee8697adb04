"""The tokens page: those who may use the API (holders of "api.read", team facilitators)
create and revoke their own API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from api import services
from api.forms import TokenForm
from api.models import ApiToken
from orgs import policy


def _get_token_for_user(user: Any, uid: Any) -> ApiToken:
    """One of the user's own tokens; anybody else's is a 404."""
    return get_object_or_404(ApiToken.objects.owned_by(user).select_related("owner"), uid=uid)


@never_cache
@policy.requires_api
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created: tuple[ApiToken, str] | None = None
    if request.method == "POST" and form.is_valid():
        created = services.create_token(
            owner=request.user,
            name=form.cleaned_data["name"],
            expires_at=form.expires_at(),
            actor=request.user,
        )
        form = TokenForm()
    context = {
        "form": form,
        # Only in this response: the raw token is never stored, so it cannot be shown again.
        "new_token": created[0] if created else None,
        "raw_token": created[1] if created else "",
        "tokens": ApiToken.objects.owned_by(request.user),
    }
    return render(request, "api/tokens.html", context)


@require_POST
@policy.requires_api
def revoke(request: HttpRequest, uid: str) -> HttpResponse:
    token = _get_token_for_user(request.user, uid)
    services.revoke_token(token=token, actor=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api:tokens")
