from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.forms import LanguageForm
from medvirk.i18n import set_language_cookie
from orgs import policy
from orgs.models import Person


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    person_id = getattr(request.user, "person_id", None)
    person = (
        Person.objects.filter(pk=person_id).select_related("unit").first() if person_id else None
    )
    form = None
    if person is not None:
        initial = {"language": person.language or translation.get_language()}
        form = LanguageForm(request.POST if request.method == "POST" else None, initial=initial)
        if form.is_bound and form.is_valid():
            return _choose_language(request, person, form.cleaned_data["language"])
    context = {"needs_mfa": policy.needs_mfa(request.user), "person": person, "form": form}
    return render(request, "accounts/profile.html", context)


def _choose_language(request: HttpRequest, person: Person, language: str) -> HttpResponse:
    Person.objects.filter(pk=person.pk).update(language=language, language_chosen=True)
    translation.activate(language)  # the message in the language just chosen
    name = translation.get_language_info(language)["name_local"]  # the message is in it too
    messages.success(
        request, _("Saved: e-mails and pages now come in %(language)s.") % {"language": name}
    )
    response = redirect("accounts:profile")
    set_language_cookie(response, language)
    return response
