"""Disclosure control: decide which cells of lib.stats.RoundStats may be published.
Plain Python and numpy, no Django. DESIGN.md §3 is the specification; docs/disclosure-control.md
explains the rules, the repair algorithm and what the tests prove.

    catalogue = control(stats, thresholds, previous=comparisons)
    catalogue.cell("IFI", "W1")                 # a Cell, published or hidden with a reason
    catalogue.cells("IFI")                      # every cell of the unit's report
    catalogue.comments("IFI", texts)            # shuffled texts, or [] below the threshold
    catalogue.audit_release("2026")             # the auditor's view (lib.auditor.Release)

Rules, per analysis variable (item, index, fact item) because every variable has its own n:
1. A number is shown for a group with at least k answers: k = thresholds["numbers"], or
   thresholds["sensitive"] for sensitive questions.
2. Residual rule with bottom-up repair: for every published unit, the answers not covered by
   its published descendants (hidden sub-units plus staff attached directly) number 0 or at
   least k. Units are visited deepest first; while a unit's residual is 1…k−1, its smallest
   covering published sub-unit is hidden (preferring one whose own residual is non-zero, since
   hiding that always fixes the problem in one step); the unit itself is hidden only if no
   sub-unit is left to hide. Hidden units fold into their parent: their answers still count.
3. Distributions (and fact-item counts) need thresholds["distributions"] answers; below it a
   published item shows n, mean, sd and the favourable / neutral / unfavourable split only.
   The residual rule applies to distributions too, with k = thresholds["distributions"]: a
   unit's distribution minus its sub-units' shown distributions never describes 1…k−1
   answers (the same repair hides a sub-unit's distribution, never its numbers). Breakdown
   cells show no distributions.
4. Comments: the same residual rule over respondents with k = thresholds["comments"].
5. Breakdowns by one background variable: only in units with at least thresholds["breakdowns"]
   respondents whose own cell is published; each shown category has at least k answers and
   the hidden remainder (hidden categories and missing background) is 0 or at least k, with
   the same repair (hide the smallest shown category). Two rules go beyond DESIGN §3 because
   without them the auditor finds real leaks (see docs/disclosure-control.md):
   a. the breakdown must survive an exact differencing check against the unit's published
      sub-units ("the women of the department minus an all-female section");
   b. breakdown tables do not overlap: per variable at most one background variable per unit
      and no breakdown in a unit that contains a unit already showing one (units are visited
      deepest first, background variables in the order given).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import product
from typing import TYPE_CHECKING

import numpy as np

from lib.stats import WHOLE, Comparison, Group, Kind, RoundStats

if TYPE_CHECKING:  # only the auditor's input type; the auditor never imports this module
    from lib.auditor import Release

REASONS: dict[str, str] = {
    "few_answers": "fewer than %(threshold)s answers",
    "sensitive": "sensitive questions are shown only for groups of at least %(threshold)s",
    "residual": "hidden so that a smaller group cannot be worked out",
    "distribution": "too few answers to show the distribution",
    "residual_distribution": "the distribution is hidden so that the answers of a group "
    "smaller than %(threshold)s cannot be worked out",
    "comments": "comments are shown only for units with at least %(threshold)s respondents",
    "breakdown_unit": "background breakdowns need at least %(threshold)s respondents in the unit",
    "breakdown_overlap": "only one background breakdown is shown for these answers, so that "
    "breakdowns cannot be combined to work out a smaller group",
    "unit_hidden": "the unit's own result is hidden, so its breakdowns are too",
    "rates": "response rates are shown only where at least %(threshold)s were invited",
    "not_comparable": "not comparable with the previous round because the unit has moved",
}
"""Machine reason code → English sentence (gettext source; the Django side translates by code).
Fill `%(threshold)s` from the round's thresholds with `reason_text`."""

REASON_THRESHOLD: dict[str, str] = {
    "few_answers": "numbers",
    "sensitive": "sensitive",
    "comments": "comments",
    "breakdown_unit": "breakdowns",
    "rates": "rates",
    "residual_distribution": "distributions",
}

CODES: tuple[str, ...] = ("", *REASONS)  # reason arrays store indices into this tuple
_CODE = {code: i for i, code in enumerate(CODES)}


def reason_text(code: str, thresholds: Mapping[str, int]) -> str:
    """The English sentence for a reason code, with its threshold filled in."""
    name = REASON_THRESHOLD.get(code)
    sentence = REASONS[code]
    return sentence % {"threshold": thresholds[name]} if name else sentence


@dataclass(frozen=True)
class Cell:
    """One cell of the catalogue, laid out like the export rows. Hidden cells have no numbers
    and a `hidden_reason` code; `distribution_reason` says why a published cell shows no
    distribution."""

    unit: str
    code: str
    kind: Kind
    group_variable: str
    group: str
    n: int | None
    mean: float | None = None
    sd: float | None = None
    favourable: float | None = None
    neutral: float | None = None
    unfavourable: float | None = None
    distribution: tuple[tuple[str, int], ...] | None = None
    parent_mean: float | None = None
    institution_mean: float | None = None
    previous_mean: float | None = None
    previous_status: str = ""
    hidden_reason: str = ""
    distribution_reason: str = ""

    @property
    def published(self) -> bool:
        return self.hidden_reason == ""


@dataclass
class Catalogue:
    """The published catalogue of one release: `reason` holds a code index per
    [unit, group, variable] (0 = published), `comments_reason` one per unit."""

    stats: RoundStats
    thresholds: dict[str, int]
    k: np.ndarray  # (V,) smallest group allowed per variable
    reason: np.ndarray  # (U, G, V)
    distribution_shown: np.ndarray  # (U, G, V)
    comments_reason: np.ndarray  # (U,)
    previous: Mapping[tuple[str, str], Comparison] | None = None
    # (U, V) whole-unit distributions hidden by the residual rule for distributions (rule 3).
    distribution_residual: np.ndarray | None = None

    @property
    def published(self) -> np.ndarray:
        return self.reason == 0

    def cell(self, unit: str, code: str, group: Group = WHOLE) -> Cell:
        stats = self.stats
        u, g, v = stats.tree.index[unit], stats.group_index(group), stats.variable_index(code)
        variable = stats.variables[v]
        where = Cell(unit, code, variable.kind, group.variable, group.category, n=None)
        if self.reason[u, g, v]:
            return replace(where, hidden_reason=CODES[self.reason[u, g, v]])
        raw = stats.cell(unit, code, group)
        shown = bool(self.distribution_shown[u, g, v])
        previous = (self.previous or {}).get((unit, code)) if group.is_whole else None
        return replace(
            where,
            n=raw.n,
            mean=raw.mean,
            sd=raw.sd,
            favourable=raw.favourable,
            neutral=raw.neutral,
            unfavourable=raw.unfavourable,
            distribution=raw.distribution if shown else None,
            parent_mean=self._mean(int(stats.tree.parent[u]), g, v),
            institution_mean=self._mean(0, g, v) if u else None,
            previous_mean=previous.mean if previous else None,
            previous_status=previous.status if previous else "",
            distribution_reason=self._distribution_reason(u, g, v) if not shown else "",
        )

    def _distribution_reason(self, u: int, g: int, v: int) -> str:
        if not self.stats.variables[v].levels:
            return ""
        residual = self.distribution_residual
        if g == 0 and residual is not None and residual[u, v]:
            return "residual_distribution"
        return "distribution"

    def _mean(self, u: int, g: int, v: int) -> float | None:
        """A comparison value, only from a published cell of the same group."""
        if u < 0 or self.reason[u, g, v] or self.stats.variables[v].kind == "fact":
            return None
        return float(self.stats.sum[u, g, v] / self.stats.n[u, g, v])

    def cells(self, unit: str, *, breakdowns: bool = True) -> Iterator[Cell]:
        """Every whole-unit cell of the unit, then its breakdown cells that are published."""
        for variable in self.stats.variables:
            yield self.cell(unit, variable.code)
        if not breakdowns:
            return
        u = self.stats.tree.index[unit]
        for g, group in enumerate(self.stats.groups[1:], start=1):
            for v, variable in enumerate(self.stats.variables):
                if self.reason[u, g, v] == 0:
                    yield self.cell(unit, variable.code, group)

    def comments_shown(self, unit: str) -> bool:
        return self.comments_reason[self.stats.tree.index[unit]] == 0

    def comments(
        self, unit: str, texts: Sequence[str], *, rng: random.Random | None = None
    ) -> list[str]:
        """The texts of a unit's subtree, shuffled and without metadata, or nothing when the
        unit does not pass the comment rule."""
        if not self.comments_shown(unit):
            return []
        shuffled = list(texts)
        (rng or random.SystemRandom()).shuffle(shuffled)
        return shuffled

    def audit_release(self, name: str) -> Release:
        """The auditor's view of this catalogue alone (see `audit_releases`)."""
        return audit_releases([(name, self)])[0]


def thresholds_k(stats: RoundStats, thresholds: Mapping[str, int]) -> np.ndarray:
    return np.array(
        [thresholds["sensitive" if v.sensitive else "numbers"] for v in stats.variables],
        dtype=np.int64,
    )


def control(
    stats: RoundStats,
    thresholds: Mapping[str, int],
    *,
    previous: Mapping[tuple[str, str], Comparison] | None = None,
    repair: bool = True,
) -> Catalogue:
    """Build the published catalogue. `repair=False` switches the residual repair off: only
    the auditor's tests use it, to prove that the auditor catches a weakened suppression."""
    k = thresholds_k(stats, thresholds)
    # The tree pass runs on every variable plus one extra column for comments.
    n_tree = np.concatenate([stats.n[:, 0, :], stats.respondents[:, :1]], axis=1)
    k_tree = np.append(k, thresholds["comments"])
    below = np.array(
        [_CODE["sensitive" if v.sensitive else "few_answers"] for v in stats.variables]
        + [_CODE["comments"]]
    )
    published = n_tree >= k_tree[None, :]
    reason = np.where(published, 0, below[None, :]).astype(np.int8)
    if repair:
        _repair_tree(stats, n_tree, k_tree, published, reason)
    shape = stats.n.shape
    full_reason = np.full(shape, _CODE["breakdown_unit"], dtype=np.int8)
    full_reason[:, 0, :] = reason[:, :-1]
    if len(stats.groups) > 1:
        _breakdowns(stats, thresholds, k, published[:, :-1], full_reason, repair=repair)
    distribution_shown = (full_reason == 0) & (stats.n >= thresholds["distributions"])
    # Breakdowns show the mean and the split only: their distributions could be subtracted
    # from the unit's and from each other's.
    distribution_shown[:, 1:, :] = False
    distribution_residual = np.zeros(stats.n[:, 0, :].shape, dtype=bool)
    if repair:
        distribution_residual = _repair_distributions(stats, thresholds, distribution_shown)
    return Catalogue(
        stats=stats,
        thresholds=dict(thresholds),
        k=k,
        reason=full_reason,
        distribution_shown=distribution_shown,
        comments_reason=reason[:, -1].copy(),
        previous=previous,
        distribution_residual=distribution_residual,
    )


def _repair_distributions(
    stats: RoundStats, thresholds: Mapping[str, int], distribution_shown: np.ndarray
) -> np.ndarray:
    """Rule 3's residual rule: a unit's distribution minus those of its sub-units must not
    describe 1…k−1 answers (k = thresholds["distributions"]), by the same bottom-up repair as
    the numbers. Changes `distribution_shown` in place; returns where it hid a distribution."""
    n = stats.n[:, 0, :]
    k = np.full(n.shape[1], thresholds["distributions"], dtype=np.int64)
    shown = distribution_shown[:, 0, :].copy()
    reason = np.zeros(n.shape, dtype=np.int8)
    _repair_tree(stats, n, k, shown, reason)
    distribution_shown[:, 0, :] = shown
    return reason != 0


def _repair_tree(
    stats: RoundStats,
    n: np.ndarray,
    k: np.ndarray,
    published: np.ndarray,
    reason: np.ndarray,
) -> None:
    """The bottom-up repair of the residual rule, all variables at once per depth level.
    cover[u, v] = answers of u's subtree inside its published descendants."""
    tree = stats.tree
    cover = np.zeros_like(n)
    for level in range(int(tree.depth.max(initial=0)), -1, -1):
        rows = np.flatnonzero(tree.depth == level)
        residual = n[rows] - cover[rows]
        bad = published[rows] & (residual >= 1) & (residual < k[None, :])
        for r, v in zip(*np.nonzero(bad), strict=True):
            _repair_unit(tree.children, int(rows[r]), int(v), n, k, published, reason, cover)
        if level:
            contribution = np.where(published[rows], n[rows], cover[rows])
            np.add.at(cover, tree.parent[rows], contribution)


def _repair_unit(
    children: Sequence[Sequence[int]],
    u: int,
    v: int,
    n: np.ndarray,
    k: np.ndarray,
    published: np.ndarray,
    reason: np.ndarray,
    cover: np.ndarray,
) -> None:
    covering = _covering(children, u, v, published)
    while 1 <= n[u, v] - cover[u, v] < k[v]:
        if not covering:  # cannot happen in a tree (then the residual is n ≥ k); be safe
            published[u, v] = False
            reason[u, v] = _CODE["residual"]
            return
        # Prefer a sub-unit with its own residual (hiding it adds ≥ k), then the smallest.
        d = min(covering, key=lambda d: (n[d, v] - cover[d, v] == 0, n[d, v], d))
        covering.remove(d)
        covering.extend(_covering(children, d, v, published))
        published[d, v] = False
        reason[d, v] = _CODE["residual"]
        cover[u, v] += cover[d, v] - n[d, v]


def _covering(
    children: Sequence[Sequence[int]], u: int, v: int, published: np.ndarray
) -> list[int]:
    """The maximal published descendants of u for variable v."""
    found, stack = [], list(children[u])
    while stack:
        d = stack.pop()
        if published[d, v]:
            found.append(d)
        else:
            stack.extend(children[d])
    return found


def _breakdowns(
    stats: RoundStats,
    thresholds: Mapping[str, int],
    k: np.ndarray,
    published: np.ndarray,
    reason: np.ndarray,
    *,
    repair: bool,
) -> None:
    """Decide every breakdown cell (groups 1…) in place; see the module docstring, rule 5."""
    tree = stats.tree
    atoms = _tree_atoms(stats, published)  # (U, G, V) answers of each unit's own tree atom
    group_slices = _group_slices(stats)
    has_breakdown = np.zeros(published.shape, dtype=bool)  # (U, V) this unit shows one
    below = np.zeros(published.shape, dtype=bool)  # (U, V) a unit below shows one
    for level in range(int(tree.depth.max(initial=0)), -1, -1):
        for u in np.flatnonzero(tree.depth == level).tolist():
            eligible = published[u] & (stats.respondents[u, 0] >= thresholds["breakdowns"])
            if stats.respondents[u, 0] >= thresholds["breakdowns"]:
                hidden_unit = ~published[u]
                for slc in group_slices:
                    reason[u, slc][:, hidden_unit] = _CODE["unit_hidden"]
            subtree = np.array(tree.subtree(tree.codes[u]))
            for slc in group_slices:
                shown, why = _categories_shown(stats, u, slc, k, eligible, repair=repair)
                if repair:
                    ok = _differencing_ok(
                        atoms[subtree][:, slc, :], atoms[subtree][:, 0, :], shown, k
                    )
                    shown &= ok[None, :]
                    why = np.where(~ok[None, :] & (why == 0), _CODE["residual"], why)
                blocked = has_breakdown[u] | below[u]
                overlap = shown.any(axis=0) & blocked
                why = np.where(overlap[None, :] & (why == 0), _CODE["breakdown_overlap"], why)
                shown &= ~blocked[None, :]
                has_breakdown[u] |= shown.any(axis=0)
                reason[u, slc] = np.where(eligible[None, :], why, reason[u, slc])
        if level:
            rows = np.flatnonzero(tree.depth == level)
            np.logical_or.at(below, tree.parent[rows], has_breakdown[rows] | below[rows])


def _group_slices(stats: RoundStats) -> list[slice]:
    slices, start = [], 1
    for categories in stats.categories:
        slices.append(slice(start, start + len(categories)))
        start += len(categories)
    return slices


def _categories_shown(
    stats: RoundStats, u: int, slc: slice, k: np.ndarray, eligible: np.ndarray, *, repair: bool
) -> tuple[np.ndarray, np.ndarray]:
    """(C, V) shown categories and reason codes for one background variable in unit u: each
    shown category has at least k answers; the remainder is repaired to 0 or at least k."""
    n_cat = stats.n[u, slc, :]  # (C, V)
    shown = (n_cat >= k[None, :]) & eligible[None, :]
    why = np.where(n_cat >= k[None, :], 0, _CODE["few_answers"]).astype(np.int8)
    total = stats.n[u, 0, :]
    while repair:
        remainder = total - (n_cat * shown).sum(axis=0)
        bad = (remainder >= 1) & (remainder < k) & shown.any(axis=0)
        if not bad.any():
            break
        smallest = np.argmin(np.where(shown, n_cat, np.iinfo(np.int64).max), axis=0)
        for v in np.flatnonzero(bad):
            shown[smallest[v], v] = False
            why[smallest[v], v] = _CODE["residual"]
    return shown, why


def _tree_atoms(stats: RoundStats, published: np.ndarray) -> np.ndarray:
    """(U, G, V): for each published unit, the answers (per group) in its subtree that are not
    inside a published descendant — its tree atom; 0 for hidden units."""
    tree = stats.tree
    n = stats.n
    cover = np.zeros_like(n)
    pub = published[:, None, :]
    for level in range(int(tree.depth.max(initial=0)), 0, -1):
        rows = np.flatnonzero(tree.depth == level)
        np.add.at(cover, tree.parent[rows], np.where(pub[rows], n[rows], cover[rows]))
    return np.where(pub, n - cover, 0)


_PATTERNS: dict[int, np.ndarray] = {}


def _patterns(columns: int) -> np.ndarray:
    if columns not in _PATTERNS:
        _PATTERNS[columns] = np.array(list(product((0, 1), repeat=columns)), dtype=np.int64)
    return _PATTERNS[columns]


def _differencing_ok(
    cats: np.ndarray, totals: np.ndarray, shown: np.ndarray, k: np.ndarray
) -> np.ndarray:
    """(V,) whether one background variable's shown categories in a unit leak nothing when
    combined with the published units inside it.

    cats (W, C, V) and totals (W, V) are the tree atoms of the unit's subtree (its own residual
    and each published descendant's). Classes are the shown categories plus the remainder. A
    combination of the published groups is, on the atoms, A_w + β_class with A_w free per tree
    atom and β free per shown category; it is a 0/1 vector exactly when every atom's β values
    span at most two consecutive integers, and thresholding shows that the smallest derivable
    groups come from 0/1 patterns β: for each pattern, every atom with answers on both sides
    contributes its answers on the 1 side. The check is exact for this structure."""
    n_cat = cats.shape[1]
    shown_cats = np.where(shown[None, :, :], cats, 0)  # (W, C, V)
    remainder = totals - shown_cats.sum(axis=1)  # (W, V)
    table = np.concatenate([shown_cats, remainder[:, None, :]], axis=1)  # (W, C+1, V)
    patterns = _patterns(n_cat + 1)  # (P, C+1)
    nonzero = (table > 0).astype(np.int64)
    ones = np.einsum("pc,wcv->pwv", patterns, nonzero) > 0
    zeros = np.einsum("pc,wcv->pwv", 1 - patterns, nonzero) > 0
    forced = np.einsum("pc,wcv->pwv", patterns, table)
    weight = (forced * (ones & zeros)).sum(axis=1)  # (P, V)
    small = (weight >= 1) & (weight < k[None, :])
    return ~small.any(axis=0)


# --- The auditor's view ------------------------------------------------------------------------


def audit_releases(releases: Sequence[tuple[str, Catalogue]]) -> list[Release]:
    """The auditor's input for one or more releases of a round (earliest first).

    Atoms are the finest classes of respondents that any published group can tell apart:
    (reporting unit, category of every breakdown variable, which releases the response is in).
    A response is the same in two releases when its `key` is the same; a corrected response
    must get a new key (it is then an old version in the earlier release and a new one in the
    later). Atom sizes per variable are true answer counts; groups are unit subtrees and
    breakdown categories, as sets of atoms."""
    from lib.auditor import AuditGroup, Release

    presence: dict[str, list[int]] = {}
    for r, (_name, catalogue) in enumerate(releases):
        for i, key in enumerate(catalogue.stats.keys):
            presence.setdefault(key or f"#{r}:{i}", []).append(r)
    result: list[Release] = []
    for r, (name, catalogue) in enumerate(releases):
        stats = catalogue.stats
        tree = stats.tree
        signature = [
            ".".join(map(str, presence[key or f"#{r}:{i}"])) for i, key in enumerate(stats.keys)
        ]
        labels = [
            f"{tree.codes[stats.unit_of[i]]}|{','.join(map(str, stats.category_of[i]))}|{sig}"
            for i, sig in enumerate(signature)
        ]
        atom_ids, atom_of = np.unique(np.array(labels, dtype=object), return_inverse=True)
        n_atoms, n_vars = len(atom_ids), len(stats.variables)
        sizes = np.zeros((n_atoms, n_vars + 1), dtype=np.int64)
        np.add.at(
            sizes,
            atom_of,
            np.concatenate([stats.answered, np.ones((len(atom_of), 1), dtype=bool)], axis=1).astype(
                np.int64
            ),
        )
        first = np.zeros(n_atoms, dtype=np.int64)
        first[atom_of] = np.arange(len(atom_of))
        atom_unit = stats.unit_of[first]
        atom_cats = stats.category_of[first]
        in_unit: list[list[int]] = [[] for _ in tree.codes]
        for a, u in enumerate(atom_unit):
            while u >= 0:
                in_unit[u].append(a)
                u = int(tree.parent[u])
        groups, published = [], []
        reason = catalogue.reason
        comments = np.where(catalogue.comments_reason == 0, stats.respondents[:, 0], -1)
        for u, code in enumerate(tree.codes):
            members = np.array(in_unit[u], dtype=np.int64)
            groups.append(AuditGroup(f"{name}:{code}", "unit", tuple(members.tolist())))
            row = np.where(reason[u, 0] == 0, stats.n[u, 0], -1)
            published.append(np.append(row, comments[u]))
            for g, group in enumerate(stats.groups[1:], start=1):
                if not (reason[u, g] == 0).any():
                    continue
                b = stats.breakdowns.index(group.variable)
                c = stats.categories[b].index(group.category)
                chosen = members[atom_cats[members, b] == c]
                label = f"{name}:{code}|{group.variable}={group.category}"
                groups.append(AuditGroup(label, "breakdown", tuple(chosen.tolist())))
                published.append(np.append(np.where(reason[u, g] == 0, stats.n[u, g], -1), -1))
        result.append(
            Release(
                name=name,
                variables=(*(v.code for v in stats.variables), "comments"),
                k=(*catalogue.k.tolist(), catalogue.thresholds["comments"]),
                atoms=tuple(str(a) for a in atom_ids),
                sizes=sizes,
                groups=tuple(groups),
                published=np.array(published, dtype=np.int64),
            )
        )
    return result
