from __future__ import annotations

import io

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from accounts.models import User
from actions import services
from actions.models import ActionPlan
from conversations.models import Conversation
from meetings.models import ExperienceNote, Meeting, MethodCard
from orgs import policy
from orgs.management.commands.demo import PASSWORD
from orgs.models import OrgUnit
from surveys.models import RoundStatus, SurveyRound

pytestmark = pytest.mark.django_db


@override_settings(DEMO=True)
def test_it_builds_the_demo_university_with_one_login_per_role():
    out = io.StringIO()
    call_command("demo", stdout=out)
    users = list(User.objects.select_related("person"))
    assert len(users) == 10
    assert all(u.check_password(PASSWORD) for u in users)
    admins = [u for u in users if policy.can(u, "orgs.import")]
    assert len(admins) == 1
    assert Authenticator.objects.filter(user=admins[0], type=Authenticator.Type.TOTP).exists()
    roles = set().union(*(policy.roles_of(u) for u in users))
    assert roles >= {
        "administrator",
        "hr_partner",
        "top_management",
        "leader",
        "safety_rep",
        "union_rep",
        "facilitator",
        "member",
    }
    for user in users:
        assert user.email in out.getvalue()
    root = OrgUnit.objects.current().get(parent=None)
    rectors = [u for u in users if policy.can(u, "overviews.decide_institution", root)]
    assert "Rector" in out.getvalue() and len(rectors) == 2  # the rector and the administrator
    rounds = {r.name: r for r in SurveyRound.objects.all()}
    later = rounds["Arbeidsmiljøundersøkelsen 2026"]
    assert later.status == RoundStatus.CLOSED
    assert later.previous_round == rounds["Arbeidsmiljøundersøkelsen 2023"]
    assert later.responses.count() > 2000 and not later.invitations.exists()
    assert rounds["Pulsmåling HF"].status == RoundStatus.DRAFT
    plan = ActionPlan.objects.get(round=later, unit__code="HF-02-01")
    section_leader = next(u for u in users if policy.can(u, "actions.agree_plan", plan.unit))
    assert "Section leader" in out.getvalue() and section_leader.email in out.getvalue()
    failing = services.failing_measures(plan)
    assert [m.title for m, _result in failing] == ["Bedre arbeidsmengde"]
    assert plan.measures.count() == 3
    assert MethodCard.objects.count() >= 14
    meeting = Meeting.objects.get(kind="preparation", status="planned")
    assert meeting.agenda_items.count() == 4 and meeting.participants.exists()
    facilitator = next(u for u in users if "facilitator" in policy.roles_of(u))
    assert meeting.unit in policy.facilitated_units(facilitator)
    held = Meeting.objects.filter(status="held")
    assert held.count() == 2 and all(m.evaluation.updated_by == facilitator for m in held)
    mapping = held.get(kind="mapping")
    assert mapping.feedback.count() == 6 and mapping.feedback_unlinked
    assert ExperienceNote.objects.count() == 1
    conversation = Conversation.objects.get()
    assert (conversation.unit, conversation.year, conversation.is_held) == (plan.unit, 2025, True)
    assert conversation.notes.count() == 4 and conversation.participants.exists()
    between = ActionPlan.objects.get(unit=plan.unit, round=None)
    assert [m.title for m in between.measures.all()] == ["Jevnere fordeling av sensur"]
    assert policy.can(section_leader, "conversations.manage", conversation.unit)


@override_settings(DEMO=False, DEBUG=False)
def test_it_refuses_to_run_outside_demo_mode():
    with pytest.raises(CommandError):
        call_command("demo", stdout=io.StringIO())
