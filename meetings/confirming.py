"""The meeting actions that ask first: a confirmation page on GET, the action on POST."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from meetings.models import Meeting


def confirm_then(
    request: HttpRequest,
    meeting: Meeting,
    act: Callable[[], str],
    *,
    title: str,
    question: str,
    button: str,
    danger: bool = False,
    anchor: str = "",
) -> HttpResponse:
    """GET shows `question` with a `button`; POST runs `act`, whose return value is the success
    message (a ValidationError it raises is shown instead), and goes back to the meeting's
    page at `anchor`."""
    if request.method != "POST":
        context: dict[str, Any] = {
            "meeting": meeting,
            "title": title,
            "question": question,
            "button": button,
            "danger": danger,
        }
        return render(request, "meetings/confirm.html", context)
    try:
        done = act()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(reverse("meetings:detail", args=[meeting.uid]) + anchor)
