"""Use cases on commitments: adding, changing status, notes, listing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from core.access import (
    require_can_change,
    require_known,
    resolve_commitment,
    resolve_organization,
)
from core.calendar import numbered_sessions
from core.context import Context
from core.errors import Refusal
from core.i18n import N_, _, speaking
from core.vocabulary import (
    ACTIVE_STATUSES,
    NOTE_LIMIT,
    PSE_LEVELS,
    STATUSES,
    TITLE_LIMIT,
    status_label,
)
from storage.models import Commitment, CommitmentUpdate, Organization, Person
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class NewCommitment:
    title: str
    organization: str | None = None
    due: date | None = None
    owner: str | None = None
    detail: str | None = None
    pse_level: str | None = None


@dataclass
class Listing:
    """Commitments grouped by organization, in the order they should be shown."""

    title: str
    groups: list[tuple[Organization, list[Commitment]]] = field(default_factory=list)
    empty_hint: str = ""

    @property
    def count(self) -> int:
        return sum(len(items) for _, items in self.groups)


async def current_session_id(uow: UnitOfWork, ctx: Context) -> int | None:
    """A commitment belongs to the latest session that has started: that is where it was made."""
    latest = None
    for session in await uow.repos.sessions.all(ctx.collaborative.id):
        if session.starts_at <= ctx.now:
            latest = session
    return latest.id if latest else None


async def _target_organization(
    uow: UnitOfWork, ctx: Context, actor: Person, reference: str | None
) -> Organization:
    if reference is not None:
        try:
            organization = await resolve_organization(uow, ctx, reference, "add")
        except Refusal as unknown:
            raise Refusal(
                _(
                    "{refusal} If “{reference}:” is part of the title, put the title in "
                    'quotes: `/plan add "Note: call them"`.'
                ).format(refusal=unknown.message, reference=reference),
                "add",
                field="org",
            ) from None
        if not actor.is_ta and organization.id != actor.organization_id:
            raise Refusal(
                _(
                    "You can add commitments only for your own organization: "
                    "leave out the organization name."
                ),
                "add",
                field="org",
            )
        return organization
    if actor.organization_id is None:
        raise Refusal(
            _("Say which organization it is for: `/plan add <organization>: <text>`."), "add"
        )
    own = await uow.repos.organizations.get(actor.organization_id)
    assert own is not None
    return own


async def _check_owner(
    uow: UnitOfWork,
    ctx: Context,
    organization: Organization,
    owner: str,
    usage_key: str = "add",
    *,
    plain: bool = False,
) -> None:
    """An owner must belong to the commitment's organization. `plain` is for a form's field
    error, which Slack shows as plain text: names only, no mention markup, no backticks. Only a
    TA provider is pointed at `/plan member add`, the command only they can run."""
    person = await uow.repos.people.by_slack_id(ctx.collaborative.id, owner)
    if person is not None and person.organization_id == organization.id:
        return
    if plain:
        who = person.display_name if person and person.display_name else _("That person")
        raise Refusal(
            _("{name} isn't a member of {organization}: pick one of its members as owner.").format(
                name=who, organization=organization.name
            ),
            usage_key,
            field="owner",
        )
    if ctx.actor is not None and ctx.actor.is_ta:
        message = _(
            "<@{user_id}> isn't a member of {organization}: add them with "
            "`/plan member add {handle} @them` first."
        ).format(user_id=owner, organization=organization.name, handle=organization.handle)
    else:
        message = _(
            "<@{user_id}> isn't a member of {organization}: pick someone from your "
            "organization as owner."
        ).format(user_id=owner, organization=organization.name)
    raise Refusal(message, usage_key, field="owner")


def _checked_fields(
    ctx: Context,
    title: str,
    detail: str | None,
    pse_level: str | None,
    due: date | None,
    usage_key: str,
) -> str:
    """The rules a commitment's own fields follow, for adding and editing alike; returns the
    title as it will be stored. `due` is checked only when given (an edit passes it only when
    the date changes, so an overdue step can still have its title fixed)."""
    title = title.strip()
    if not title:
        raise Refusal(_("A commitment needs a title."), usage_key, field="title")
    if len(title) > TITLE_LIMIT:
        raise Refusal(
            _(
                "A commitment can be at most {limit:,} characters (this one has "
                "{length:,}): keep the step itself and put the rest in the details."
            ).format(limit=TITLE_LIMIT, length=len(title)),
            usage_key,
            field="title",
        )
    if detail and len(detail) > NOTE_LIMIT:
        raise Refusal(
            _("Keep the detail under {limit} characters.").format(limit=NOTE_LIMIT),
            usage_key,
            field="detail",
        )
    if pse_level is not None and pse_level not in PSE_LEVELS:
        raise Refusal(
            _("“{level}” isn't a PSE level.").format(level=pse_level), usage_key, field="pse"
        )
    if due is not None and due < ctx.today:
        raise Refusal(
            _("That due date is in the past: pick today or a later date."),
            usage_key,
            field="due",
        )
    return title


async def add_commitment(
    uow: UnitOfWork, ctx: Context, new: NewCommitment, source: str
) -> Commitment:
    actor = require_known(ctx, "add")
    title = _checked_fields(ctx, new.title, new.detail, new.pse_level, new.due, "add")
    organization = await _target_organization(uow, ctx, actor, new.organization)
    owner = new.owner
    if owner is None and actor.organization_id == organization.id:
        owner = actor.slack_user_id
    if owner is not None:
        await _check_owner(uow, ctx, organization, owner, plain=source == "modal")
    number = await uow.repos.collaboratives.next_number(
        ctx.collaborative.id, "next_commitment_number"
    )
    commitment = Commitment(
        collaborative_id=ctx.collaborative.id,
        number=number,
        organization_id=organization.id,
        title=title,
        detail=new.detail,
        owner_slack_id=owner,
        due=new.due,
        status="open",
        pse_level=new.pse_level,
        session_id=await current_session_id(uow, ctx),
        created_by_slack_id=ctx.user_id,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    await uow.repos.commitments.add(commitment)
    await _record(uow, ctx, commitment, "created", source, new_status="open")
    await uow.commit()
    return commitment


@dataclass(frozen=True)
class Prior:
    """What a status or snooze change may alter besides the status, as it was before: kept on
    the change's update so Undo restores the commitment whole (a Done clears the snooze and
    moves "last updated"; taking the Done back must put both back)."""

    snoozed_until: datetime | None
    updated_at: datetime | None

    @classmethod
    def of(cls, commitment: Commitment) -> Prior:
        return cls(commitment.snoozed_until, commitment.updated_at)


async def _record(
    uow: UnitOfWork,
    ctx: Context,
    commitment: Commitment,
    kind: str,
    source: str,
    *,
    old_status: str | None = None,
    new_status: str | None = None,
    note: str | None = None,
    source_key: str | None = None,
    prior: Prior | None = None,
) -> CommitmentUpdate:
    update = CommitmentUpdate(
        commitment_id=commitment.id,
        actor_slack_id=ctx.user_id,
        at=ctx.now,
        kind=kind,
        old_status=old_status,
        new_status=new_status,
        note=note,
        source=source,
        source_key=source_key,
        prior_snoozed_until=prior.snoozed_until if prior else None,
        prior_updated_at=prior.updated_at if prior else None,
    )
    await uow.repos.commitments.add(update)
    return update


def _check_note(note: str | None, usage_key: str) -> str | None:
    if note is None:
        return None
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise Refusal(
            _("Keep the note under {limit} characters.").format(limit=NOTE_LIMIT), usage_key
        )
    return note or None


async def set_status(
    uow: UnitOfWork,
    ctx: Context,
    number: int,
    status: str,
    note: str | None,
    source: str,
    usage_key: str = "status",
    source_key: str | None = None,
) -> tuple[Commitment, str]:
    """Returns the commitment and its previous status, so the reply can say what changed."""
    if status not in STATUSES:
        raise Refusal(
            _("“{status}” isn't a status: use {statuses}.").format(
                status=status, statuses=", ".join(STATUSES)
            ),
            usage_key,
        )
    note = _check_note(note, usage_key)
    commitment = await resolve_commitment(uow, ctx, number, usage_key)
    require_can_change(ctx, commitment, usage_key)
    previous = commitment.status
    prior = Prior.of(commitment)
    commitment.status = status
    commitment.updated_at = ctx.now
    if status not in ("open", "in-progress", "blocked"):
        commitment.snoozed_until = None
    kind = "status" if previous != status else "note"
    await _record(
        uow,
        ctx,
        commitment,
        kind,
        source,
        old_status=previous,
        new_status=status,
        note=note,
        source_key=source_key,
        prior=prior,
    )
    await uow.commit()
    return commitment, previous


async def add_note(
    uow: UnitOfWork,
    ctx: Context,
    number: int,
    text: str,
    source: str,
    source_key: str | None = None,
) -> Commitment:
    note = _check_note(text, "note")
    if not note:
        raise Refusal(_("Say what the note is: `/plan note #12 <text>`."), "note")
    commitment = await resolve_commitment(uow, ctx, number, "note")
    require_can_change(ctx, commitment, "note")
    commitment.updated_at = ctx.now
    await _record(uow, ctx, commitment, "note", source, note=note, source_key=source_key)
    await uow.commit()
    return commitment


async def list_commitments(
    uow: UnitOfWork, ctx: Context, scope: str, organization: str | None
) -> Listing:
    """The commitments a listing shows, grouped by organization in the organizations' order.

    Only a listing that spans organizations reads them all: one organization's listing (a
    participant's, or `list <org>`) reads just that one, which in a collaborative of hundreds
    of organizations is most of the work of a command that must answer under load (issue 11).
    """
    actor = require_known(ctx, "list")
    repos = uow.repos
    cid = ctx.collaborative.id

    def grouped(
        organizations: Sequence[Organization], items: Sequence[Commitment], title: str, hint: str
    ) -> Listing:
        listing = Listing(title=title, empty_hint=hint)
        by_org: dict[int, list[Commitment]] = {}
        for item in items:
            by_org.setdefault(item.organization_id, []).append(item)
        for org in organizations:
            if org.id in by_org:
                listing.groups.append((org, by_org[org.id]))
        return listing

    if scope == "org":
        assert organization is not None
        org = await resolve_organization(uow, ctx, organization, "list")
        if not actor.is_ta and org.id != actor.organization_id:
            raise Refusal(_("You can list only your own organization's commitments."), "list")
        items = await repos.commitments.for_organization(org.id)
        return grouped(
            [org],
            items,
            _("{organization}: all commitments").format(organization=org.name),
            _("Nothing recorded yet."),
        )
    if scope == "mine":
        items = [
            c
            for c in await repos.commitments.all(cid, ACTIVE_STATUSES)
            if c.owner_slack_id == ctx.user_id
        ]
        return grouped(
            await repos.organizations.all(cid),
            items,
            _("Your open commitments"),
            _("You own no open commitments."),
        )
    everything = scope == "all"
    statuses = None if everything else ACTIVE_STATUSES
    if actor.is_ta:
        items = await repos.commitments.all(cid, statuses)
        title = _("All commitments") if everything else _("Open commitments, by organization")
        return grouped(
            await repos.organizations.all(cid),
            items,
            title,
            _("No commitments yet: add one with `/plan add`."),
        )
    assert actor.organization_id is not None
    own_org = await repos.organizations.get(actor.organization_id)
    assert own_org is not None and own_org.collaborative_id == cid
    items = await repos.commitments.for_organization(own_org.id, statuses)
    if everything:
        title = _("{organization}: all commitments").format(organization=own_org.name)
    else:
        title = _("{organization}: open commitments").format(organization=own_org.name)
    return grouped(
        [own_org],
        items,
        title,
        _("Nothing open: add a commitment with `/plan add <text>`."),
    )


@dataclass(frozen=True)
class CommitmentRecord:
    """Everything about one commitment that `/plan show` presents: the whole text, where it
    belongs, and every change in the order it happened."""

    commitment: Commitment
    organization: Organization
    session_number: int | None
    session_title: str | None
    history: Sequence[CommitmentUpdate]


async def show_commitment(uow: UnitOfWork, ctx: Context, number: int) -> CommitmentRecord:
    """The whole of `#N`, for its own organization and the TA team (as `/plan note` allows)."""
    actor = require_known(ctx, "show")
    commitment = await resolve_commitment(uow, ctx, number, "show")
    if not actor.is_ta and actor.organization_id != commitment.organization_id:
        raise Refusal(
            _(
                "#{number} belongs to another organization, so only its members or a TA provider "
                "can see it."
            ).format(number=number),
            "show",
        )
    organization = await uow.repos.organizations.get(commitment.organization_id)
    assert organization is not None
    session_number = session_title = None
    for numbered in await numbered_sessions(uow, ctx.collaborative.id):
        if numbered.session.id == commitment.session_id:
            session_number, session_title = numbered.number, numbered.session.title
    history = await uow.repos.commitments.history(commitment.id)
    return CommitmentRecord(commitment, organization, session_number, session_title, history)


def is_overdue(commitment: Commitment, today: date) -> bool:
    return (
        commitment.due is not None
        and commitment.due < today
        and commitment.status in ACTIVE_STATUSES
    )


SNOOZE = timedelta(days=3)


async def snooze(
    uow: UnitOfWork, ctx: Context, number: int, source: str, length: timedelta = SNOOZE
) -> Commitment:
    """No reminders about it for a few days. Not an update: the stale clock keeps running."""
    commitment = await resolve_commitment(uow, ctx, number, "list")
    require_can_change(ctx, commitment, "list")
    if commitment.status not in ACTIVE_STATUSES:
        raise Refusal(
            _("#{number} is already {status}: nothing to snooze.").format(
                number=number, status=status_label(commitment.status).lower()
            ),
            "list",
        )
    prior = Prior.of(commitment)
    commitment.snoozed_until = ctx.now + length
    await _record(uow, ctx, commitment, "snooze", source, prior=prior)
    await uow.commit()
    return commitment


@dataclass(frozen=True)
class CommitmentEdit:
    """A commitment's fields as the edit form submits them: every field, changed or not."""

    title: str
    detail: str | None
    due: date | None
    owner: str | None
    pse_level: str | None


@dataclass(frozen=True)
class EditTarget:
    """What the edit form is built from: the commitment and who may own it."""

    commitment: Commitment
    organization: Organization
    members: Sequence[Person]


async def commitment_to_edit(uow: UnitOfWork, ctx: Context, number: int) -> EditTarget:
    """`#N` for its own organization or a TA, with the members who may own it."""
    commitment = await resolve_commitment(uow, ctx, number, "edit")
    require_can_change(ctx, commitment, "edit")
    organization = await uow.repos.organizations.get(commitment.organization_id)
    assert organization is not None
    members = await uow.repos.people.members(organization.id)
    return EditTarget(commitment, organization, members)


async def _owner_name(uow: UnitOfWork, ctx: Context, slack_id: str | None) -> str | None:
    if slack_id is None:
        return None
    person = await uow.repos.people.by_slack_id(ctx.collaborative.id, slack_id)
    return person.display_name if person and person.display_name else slack_id


#: What an emptied field is called in the words of an edit.
NONE = N_("none")
NOT_SET = N_("not set")
NOBODY = N_("nobody")


@dataclass(frozen=True)
class _Change:
    """One change an edit made, put in words only when shown: the reply is in the editor's
    language, the history note in English."""

    template: str
    before: str | None = None
    after: str | None = None
    empty: str = NONE

    def said(self) -> str:
        before, after = self.before or _(self.empty), self.after or _(self.empty)
        return _(self.template).format(before=before, after=after)


async def edit_commitment(
    uow: UnitOfWork, ctx: Context, number: int, edit: CommitmentEdit, source: str
) -> tuple[Commitment, list[str]]:
    """Change what was submitted and record one update saying what changed (nothing is
    recorded when nothing changed). Returns the commitment and the changes, in words."""
    target = await commitment_to_edit(uow, ctx, number)
    commitment = target.commitment
    new_due = edit.due if edit.due != commitment.due else None
    title = _checked_fields(ctx, edit.title, edit.detail, edit.pse_level, new_due, "edit")
    if edit.owner is not None and edit.owner != commitment.owner_slack_id:
        await _check_owner(uow, ctx, target.organization, edit.owner, "edit", plain=True)
    changes: list[_Change] = []
    if title != commitment.title:
        changes.append(_Change(N_("the title")))
        commitment.title = title
    if edit.detail != commitment.detail:
        changes.append(_Change(N_("the details")))
        commitment.detail = edit.detail
    if edit.due != commitment.due:
        before = commitment.due.isoformat() if commitment.due else None
        after = edit.due.isoformat() if edit.due else None
        changes.append(_Change(N_("the due date ({before} → {after})"), before, after))
        commitment.due = edit.due
    if edit.owner != commitment.owner_slack_id:
        before = await _owner_name(uow, ctx, commitment.owner_slack_id)
        after = await _owner_name(uow, ctx, edit.owner)
        changes.append(_Change(N_("the owner ({before} → {after})"), before, after, NOBODY))
        commitment.owner_slack_id = edit.owner
    if edit.pse_level != commitment.pse_level:
        template = N_("the level of change ({before} → {after})")
        changes.append(_Change(template, commitment.pse_level, edit.pse_level, NOT_SET))
        commitment.pse_level = edit.pse_level
    if changes:
        commitment.updated_at = ctx.now
        with speaking("en"):  # the history is the collaborative's record: kept in English
            note = _("Changed {changes}.").format(changes=", ".join(c.said() for c in changes))
        await _record(uow, ctx, commitment, "edit", source, note=note)
        await uow.commit()
    return commitment, [change.said() for change in changes]


#: How long after a button press its Undo still works: long enough to notice a slip, short
#: enough that nobody takes back a change others may already have acted on.
UNDO_WINDOW = timedelta(minutes=1)

#: Changes a button makes, and so the ones an Undo can take back.
UNDOABLE_KINDS = ("status", "snooze")


@dataclass(frozen=True)
class Undone:
    """What an Undo did: the commitment as it is now, which kind of change it took back, and
    whether an earlier press had already taken it back (then nothing changed this time)."""

    commitment: Commitment
    kind: str
    already: bool = False


def undo_key(update_id: int) -> str:
    """The source key of the update recording an Undo: one Undo per change, even if pressed
    twice (the unique index on source keys backs the check below)."""
    return f"undo:{update_id}"


def _restore_prior(commitment: Commitment, change: CommitmentUpdate, ctx: Context) -> None:
    """Put back everything else the change altered (the snooze, "last updated"). A change
    recorded before updates kept that (no `prior_updated_at`) gets what Undo did then."""
    if change.prior_updated_at is not None:
        commitment.snoozed_until = change.prior_snoozed_until
        commitment.updated_at = change.prior_updated_at
    elif change.kind == "snooze":
        commitment.snoozed_until = None
    else:
        commitment.updated_at = ctx.now


async def undo_last_change(uow: UnitOfWork, ctx: Context, number: int, update_id: int) -> Undone:
    """Take back the change `update_id` made to `#number` (a button pressed by mistake).

    Both the change and its undo stay in the history, so `/plan show` and the export tell
    what happened; the digest reads the commitment's current status, so an undone Done is not
    counted as done. Refused after `UNDO_WINDOW` (from `ctx.now`) or once something else has
    changed the commitment since: then `/plan status` is the way.
    """
    commitment = await resolve_commitment(uow, ctx, number, "status")
    require_can_change(ctx, commitment, "status")
    history = await uow.repos.commitments.history(commitment.id)
    change = next((u for u in history if u.id == update_id), None)
    later_than = (change.at, change.id) if change is not None else None
    if change is None or change.kind not in UNDOABLE_KINDS:
        raise Refusal(
            _(
                "There is no change to #{number} to undo here: "
                "change it with `/plan status #{number} <status>`."
            ).format(number=number),
            "status",
        )
    later = [u for u in history if later_than is not None and (u.at, u.id) > later_than]
    if any(u.source_key == undo_key(change.id) for u in later):
        return Undone(commitment, change.kind, already=True)
    if ctx.now - change.at > UNDO_WINDOW:
        raise Refusal(
            _(
                "Too late to undo: Undo works for a minute after the click. Set #{number} with "
                "`/plan status #{number} <status>` instead."
            ).format(number=number),
            "status",
        )
    if any(u.kind in UNDOABLE_KINDS for u in later):
        raise Refusal(
            _(
                "#{number} has changed again since then: "
                "change it with `/plan status #{number} <status>`."
            ).format(number=number),
            "status",
        )
    if change.kind == "snooze":
        await _record(uow, ctx, commitment, "unsnooze", "undo", source_key=undo_key(change.id))
    else:
        restored = change.old_status or "open"
        await _record(
            uow,
            ctx,
            commitment,
            "status",
            "undo",
            old_status=commitment.status,
            new_status=restored,
            source_key=undo_key(change.id),
        )
        commitment.status = restored
    _restore_prior(commitment, change, ctx)
    await uow.commit()
    return Undone(commitment, change.kind)
