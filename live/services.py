"""The use cases of the live meeting mode. Facilitator actions are audited; participant
actions are not (an audit entry is a timestamp, and the cards must carry none)."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from audit.models import record
from live.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_GROUPS,
    MAX_TEXT,
    MAX_VOTES,
    Card,
    Cluster,
    Kind,
    LiveSession,
    Participant,
    Phase,
    Prompt,
    Status,
    Vote,
)
from orgs.models import OrgUnit
from respond.questionnaire import text as instrument_text
from surveys.models import SurveyRound

LIFETIME = dt.timedelta(hours=12)
RATE_LIMIT = 30  # cards per participant per minute
MAX_TITLE = 200


class Conflict(Exception):
    """Somebody else changed the object since the form was shown."""

    def __init__(self, current: Any) -> None:
        super().__init__("conflict")
        self.current = current


class RateLimited(Exception):
    pass


# --- codes and participants ---------------------------------------------------------------


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if not ch.isspace() and ch != "-")


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def find_open(code: str) -> LiveSession | None:
    """The open, unexpired session with this join code, or None."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return LiveSession.objects.joinable().filter(code=code).first()


def participant_hash(session: LiveSession, key: str) -> str:
    """A keyed hash of the browser's random key, different in every session."""
    return salted_hmac(
        "medvirk.live.participant", f"{session.uid}:{key}", algorithm="sha256"
    ).hexdigest()


def participant(session: LiveSession, key: str) -> Participant:
    found, _created = Participant.objects.get_or_create(
        session=session, key_hash=participant_hash(session, key)
    )
    return found


def find_participant(session: LiveSession, key: str | None) -> Participant | None:
    if not key:
        return None
    return Participant.objects.filter(
        session=session, key_hash=participant_hash(session, key)
    ).first()


def _bump(session: LiveSession) -> None:
    LiveSession.objects.filter(pk=session.pk).update(version=F("version") + 1)


# --- the facilitator ----------------------------------------------------------------------


def expire_stale() -> int:
    """Close open sessions whose time is up, so their codes can be used again."""
    stale = list(LiveSession.objects.filter(status=Status.OPEN, expires_at__lte=timezone.now()))
    for session in stale:
        close_session(session=session, actor=None)
    return len(stale)


def create_session(
    *,
    unit: OrgUnit,
    title: str,
    actor: Any,
    survey_round: SurveyRound | None = None,
    small_groups: int = 0,
    votes_per_participant: int = 3,
) -> LiveSession:
    """Open a live session for `unit` with a fresh join code."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the session a title.")})
    if not 0 <= small_groups <= MAX_GROUPS:
        raise ValidationError({"small_groups": _("Choose between 0 and 12 small groups.")})
    if not 1 <= votes_per_participant <= MAX_VOTES:
        raise ValidationError({"votes_per_participant": _("Choose between 1 and 10 dots.")})
    expire_stale()
    now = timezone.now()
    for _attempt in range(20):
        try:
            with transaction.atomic():
                session = LiveSession.objects.create(
                    unit=unit,
                    round=survey_round,
                    title=title[:MAX_TITLE],
                    code=_new_code(),
                    small_groups=small_groups,
                    votes_per_participant=votes_per_participant,
                    created_by=actor,
                    created_at=now,
                    expires_at=now + LIFETIME,
                )
                record("live.session_opened", actor=actor, obj=session, data={"unit": unit.code})
                return session
        except IntegrityError:  # the code is taken by another open session: draw again
            continue
    raise RuntimeError("no free join code")


def set_phase(*, session: LiveSession, phase: str, actor: Any) -> None:
    if not session.is_open:
        raise ValidationError(_("The session is closed."))
    if phase not in Phase.values:
        raise ValidationError(_("Unknown phase."))
    if phase == Phase.VOTE and not session.clusters.exists():
        raise ValidationError(_("Make at least one cluster before voting opens."))
    with transaction.atomic():
        LiveSession.objects.filter(pk=session.pk).update(phase=phase, version=F("version") + 1)
        record("live.phase", actor=actor, obj=session, data={"phase": phase})
    session.phase = phase


def share_group(*, session: LiveSession, group_no: int, actor: Any) -> int:
    """Put a small group's cards on the shared board."""
    with transaction.atomic():
        count = Card.objects.filter(session=session, group_no=group_no, shared=False).update(
            shared=True, version=F("version") + 1
        )
        _bump(session)
        record("live.group_shared", actor=actor, obj=session, data={"group": group_no})
    return count


def close_session(*, session: LiveSession, actor: Any) -> None:
    """Close the session: the code is free again, the votes are tallied into the clusters, and
    the participants and their votes are deleted, which unlinks every card from its author."""
    with transaction.atomic():
        locked = LiveSession.objects.select_for_update().get(pk=session.pk)
        if locked.status == Status.CLOSED:
            return
        tally = dict(
            Vote.objects.filter(session=locked)
            .values_list("cluster")
            .annotate(n=Count("pk"))
            .values_list("cluster", "n")
        )
        for cluster in Cluster.objects.filter(session=locked):
            Cluster.objects.filter(pk=cluster.pk).update(votes=tally.get(cluster.pk, 0))
        Vote.objects.filter(session=locked).delete()
        Participant.objects.filter(session=locked).delete()
        Card.objects.filter(session=locked).update(shared=True)
        LiveSession.objects.filter(pk=locked.pk).update(
            status=Status.CLOSED,
            phase=Phase.DONE,
            closed_at=timezone.now(),
            version=F("version") + 1,
        )
        record("live.session_closed", actor=actor, obj=locked)
    session.refresh_from_db()


# --- clusters -----------------------------------------------------------------------------


def _clean_cluster(title: str, kind: str, dimension: str, session: LiveSession) -> str:
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the cluster a name.")})
    if len(title) > MAX_TITLE:
        raise ValidationError({"title": _("Keep the name under 200 characters.")})
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose preserve or improve.")})
    if dimension and dimension not in dict(dimensions_for(session)):
        raise ValidationError({"dimension": _("Choose one of the questionnaire's dimensions.")})
    return title


def create_cluster(
    *,
    session: LiveSession,
    title: str,
    kind: str,
    actor: Any,
    dimension: str = "",
    card: Card | None = None,
) -> Cluster:
    """A new cluster, optionally starting with `card`."""
    if not session.is_open:
        raise ValidationError(_("The session is closed."))
    title = _clean_cluster(title, kind, dimension, session)
    with transaction.atomic():
        last = session.clusters.aggregate(m=Max("position"))["m"] or 0
        cluster = Cluster.objects.create(
            session=session, title=title, kind=kind, dimension=dimension, position=last + 1
        )
        if card is not None:
            Card.objects.filter(pk=card.pk).update(cluster=cluster, version=F("version") + 1)
        _bump(session)
        record("live.cluster_created", actor=actor, obj=session, data={"cluster": title})
    return cluster


def update_cluster(
    *,
    cluster: Cluster,
    title: str,
    kind: str,
    dimension: str,
    description: str,
    version: int,
    actor: Any,
) -> Cluster:
    """Rename or re-mark a cluster; refuses (Conflict) if it changed since `version`."""
    session = cluster.session
    if not session.is_open:
        raise ValidationError(_("The session is closed."))
    title = _clean_cluster(title, kind, dimension, session)
    description = description.strip()[:2000]
    with transaction.atomic():
        changed = Cluster.objects.filter(pk=cluster.pk, version=version).update(
            title=title,
            kind=kind,
            dimension=dimension,
            description=description,
            version=F("version") + 1,
        )
        if not changed:
            raise Conflict(Cluster.objects.filter(pk=cluster.pk).first())
        _bump(session)
        record("live.cluster_changed", actor=actor, obj=session, data={"cluster": title})
    cluster.refresh_from_db()
    return cluster


def delete_cluster(*, cluster: Cluster, actor: Any) -> None:
    """Remove a cluster; its cards go back to the ungrouped cards."""
    session = cluster.session
    if session.phase in (Phase.VOTE, Phase.DONE) or not session.is_open:
        raise ValidationError(_("Clusters cannot be removed once voting has opened."))
    with transaction.atomic():
        Card.objects.filter(cluster=cluster).update(cluster=None, version=F("version") + 1)
        cluster.delete()
        _bump(session)
        record("live.cluster_removed", actor=actor, obj=session, data={"cluster": cluster.title})


def move_card(*, card: Card, cluster: Cluster | None, version: int, actor: Any) -> None:
    """Put a card into a cluster (or back among the ungrouped ones); refuses (Conflict) if
    another facilitator moved or the author changed it since `version`."""
    session = card.session
    if not session.is_open:
        raise ValidationError(_("The session is closed."))
    if cluster is not None and cluster.session_id != session.pk:
        raise ValidationError(_("Choose a cluster of this session."))
    with transaction.atomic():
        changed = Card.objects.filter(pk=card.pk, version=version, shared=True).update(
            cluster=cluster, version=F("version") + 1
        )
        if not changed:
            raise Conflict(Card.objects.filter(pk=card.pk).select_related("cluster").first())
        _bump(session)


def hide_card(*, card: Card, hidden: bool, actor: Any) -> None:
    """Take a card off the shared screen and the outcome (or put it back). For a card that
    names someone or hurts: the room should not see it, and it must not reach the plan."""
    with transaction.atomic():
        Card.objects.filter(pk=card.pk).update(hidden=hidden, version=F("version") + 1)
        _bump(card.session)
        action = "live.card_hidden" if hidden else "live.card_shown"
        record(action, actor=actor, obj=card.session)


# --- participants' cards ------------------------------------------------------------------


def _check_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write something first.")})
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {
                "text": _("Keep it under %(max)s characters (now %(n)s).")
                % {"max": MAX_TEXT, "n": len(text)}
            }
        )
    return text


def _rate_limit(who: Participant) -> None:
    minute = int(timezone.now().timestamp() // 60)
    key = f"live.rate:{who.key_hash[:32]}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=120)
        count = 1
    if count > RATE_LIMIT:
        raise RateLimited


def choose_group(*, session: LiveSession, key: str, group_no: int) -> Participant:
    if not session.uses_groups or group_no not in session.group_numbers:
        raise ValidationError({"group": _("Choose one of the groups.")})
    who = participant(session, key)
    Participant.objects.filter(pk=who.pk).update(group_no=group_no)
    who.group_no = group_no
    return who


def add_card(
    *, session: LiveSession, key: str, prompt: str, text: str, uid: uuid.UUID | None = None
) -> Card:
    """Add a participant's card. `uid` comes from the phone, so that a resend after a lost
    answer finds the card it already made instead of making a second one."""
    if not session.accepts_cards:
        raise ValidationError(_("Writing is closed for now."))
    if prompt not in Prompt.values:
        raise ValidationError({"prompt": _("Choose which question you answer.")})
    text = _check_text(text)
    who = participant(session, key)
    if uid is not None:
        existing = Card.objects.filter(uid=uid).first()
        if existing is not None:
            if existing.author_id == who.pk and (existing.prompt, existing.text) == (prompt, text):
                return existing  # a resend of what is stored
            uid = None  # someone else's id, or another text: a card of its own
    if session.uses_groups and who.group_no is None:
        raise ValidationError({"group": _("Choose your group first.")})
    _rate_limit(who)
    try:
        with transaction.atomic():
            card = Card.objects.create(
                uid=uid or uuid.uuid4(),
                session=session,
                author=who,
                prompt=prompt,
                text=text,
                group_no=who.group_no if session.uses_groups else None,
                shared=not session.uses_groups,
            )
            _bump(session)
    except IntegrityError:  # the same resend twice at once: the other one made it
        if uid is None:
            raise
        found = Card.objects.filter(uid=uid, author=who).first()
        if found is None:
            raise
        return found
    return card


def own_card(session: LiveSession, key: str | None, uid: Any) -> Card | None:
    who = find_participant(session, key)
    if who is None:
        return None
    return Card.objects.filter(session=session, author=who, uid=uid).first()


def edit_card(*, card: Card, prompt: str, text: str) -> Card:
    if not card.session.accepts_cards:
        raise ValidationError(_("Cards can only be changed while the room is writing."))
    if prompt not in Prompt.values:
        raise ValidationError({"prompt": _("Choose which question you answer.")})
    text = _check_text(text)
    with transaction.atomic():
        Card.objects.filter(pk=card.pk).update(prompt=prompt, text=text, version=F("version") + 1)
        _bump(card.session)
    card.refresh_from_db()
    return card


def delete_card(*, card: Card) -> None:
    if not card.session.accepts_cards:
        raise ValidationError(_("Cards can only be changed while the room is writing."))
    with transaction.atomic():
        card.delete()
        _bump(card.session)


# --- dots ---------------------------------------------------------------------------------


def dots_used(who: Participant | None) -> dict[int, int]:
    """Cluster pk → this participant's dots on it."""
    if who is None:
        return {}
    return dict(
        Vote.objects.filter(participant=who)
        .values_list("cluster")
        .annotate(n=Count("pk"))
        .values_list("cluster", "n")
    )


def vote(*, session: LiveSession, key: str, cluster: Cluster) -> None:
    """Put one of the participant's dots on `cluster`. The (participant, slot) uniqueness makes
    the database itself refuse a dot beyond the limit, also under concurrent requests."""
    if not session.accepts_votes:
        raise ValidationError(_("Voting is not open."))
    if cluster.session_id != session.pk:
        raise ValidationError(_("Choose a cluster of this session."))
    who = participant(session, key)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                Participant.objects.select_for_update().filter(pk=who.pk).first()
                used = set(Vote.objects.filter(participant=who).values_list("slot", flat=True))
                free = [s for s in range(1, session.votes_per_participant + 1) if s not in used]
                if not free:
                    raise ValidationError(_("You have used all your dots."))
                Vote.objects.create(session=session, participant=who, cluster=cluster, slot=free[0])
                return
        except IntegrityError:  # another request took that slot just now: look again
            continue
    raise ValidationError(_("You have used all your dots."))


def unvote(*, session: LiveSession, key: str, cluster: Cluster) -> None:
    if not session.accepts_votes:
        raise ValidationError(_("Voting is not open."))
    who = find_participant(session, key)
    if who is None:
        return
    with transaction.atomic():
        dot = Vote.objects.filter(participant=who, cluster=cluster).order_by("-slot").first()
        if dot is not None:
            dot.delete()


# --- reading ------------------------------------------------------------------------------


def dimensions_for(session: LiveSession, language: str = "en") -> list[tuple[str, str]]:
    """The questionnaire dimensions a cluster may be linked to (code, title)."""
    if session.round_id is None:
        return []
    survey_round = SurveyRound.objects.select_related("instrument").get(pk=session.round_id)
    definition = survey_round.instrument.definition
    return [(d.code, instrument_text(d.title, language)) for d in definition.dimensions]


def vote_counts(session: LiveSession) -> dict[int, int]:
    if session.status == Status.CLOSED:
        return dict(session.clusters.values_list("pk", "votes"))
    return dict(
        Vote.objects.filter(session=session)
        .values_list("cluster")
        .annotate(n=Count("pk"))
        .values_list("cluster", "n")
    )


@dataclass
class OutcomeItem:
    """One ranked cluster: what the lead hands to the action plan as a focus area."""

    rank: int
    kind: str
    title: str
    description: str
    cards: list[str] = field(default_factory=list)
    dimension: str = ""
    dimension_title: str = ""
    votes: int = 0
    uid: str = ""


def outcome(session: LiveSession, language: str = "en") -> list[OutcomeItem]:
    """The clusters ranked by votes (most first; ties in the facilitator's order)."""
    counts = vote_counts(session)
    titles = dict(dimensions_for(session, language))
    clusters = list(session.clusters.prefetch_related("cards"))
    clusters.sort(key=lambda c: (-counts.get(c.pk, 0), c.position, c.pk))
    return [
        OutcomeItem(
            rank=number,
            kind=c.kind,
            title=c.title,
            description=c.description,
            cards=[card.text for card in c.cards.all() if card.shared and not card.hidden],
            dimension=c.dimension,
            dimension_title=titles.get(c.dimension, ""),
            votes=counts.get(c.pk, 0),
            uid=str(c.uid),
        )
        for number, c in enumerate(clusters, start=1)
    ]
