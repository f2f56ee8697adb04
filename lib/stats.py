"""The statistics engine for unit reports: plain Python and numpy, no Django.

Input: the instrument (lib.instrument.Instrument), the round's frozen unit tree (`UnitTree`
of `Unit`s) and the responses (`ResponseRecord`: reporting unit code, background categories,
answers). The survey code has already filed leaders under their parent unit and applied the
pre-flight merge (`report_as`), so a response simply counts in its reporting unit and in every
unit above it.

Output: `RoundStats`, the raw (unsuppressed!) aggregates for every unit's *subtree* (the unit
and everything below it), per analysis variable and per group (the whole unit, or one category
of one background variable). Nothing here may be shown to anybody before lib.disclosure has
decided what is publishable.

Analysis variables, in this order:
- items: scale questions. The analysed value is reverse coded (v → low + high − v) for items
  with `reverse: true`; the mean, sd and favourable / neutral / unfavourable split use the
  analysed value; the distribution counts the answers as given, over the scale points.
  "na" (not relevant) and a missing answer are both "not answered".
- indices: a respondent's index score is the mean of their answered (reverse-coded) items of the
  index, if they answered at least `min_answered` of its items; otherwise they have no score.
  The score is classed favourable when it is at least the lowest favourable value of the
  scale of the index's first item, unfavourable when at most the highest unfavourable value.
  Indices have no distribution.
- facts: single and multiple choice questions, as counts per option (a multiple-choice
  respondent counts once under every option chosen); n is the number who answered.

How it is fast: one respondent × variable matrix (NaN for not answered), per-leaf sums with
`np.bincount` over (unit, group, variable) and a roll-up of the sums up the tree, one depth
level at a time — no Python loop over respondents per unit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from lib.instrument import Instrument

Kind = Literal["item", "index", "fact"]
UNFAVOURABLE, NEUTRAL, FAVOURABLE = 0, 1, 2


@dataclass(frozen=True)
class Unit:
    """A unit of the round's frozen division. `path` ("/ROOT/FAC/DEP/") is optional; when given
    it must agree with the parent chain."""

    code: str
    parent: str | None
    path: str = ""


class UnitTree:
    """The frozen unit division as arrays: units are numbered in breadth-first order, so a
    parent always comes before its children."""

    def __init__(self, units: Iterable[Unit]) -> None:
        given = {u.code: u for u in units}
        roots = [u.code for u in given.values() if u.parent is None]
        if len(roots) != 1:
            raise ValueError(f"the unit tree needs exactly one root, found {len(roots)}")
        children: dict[str, list[str]] = {code: [] for code in given}
        for unit in given.values():
            if unit.parent is not None:
                if unit.parent not in given:
                    raise ValueError(f"unit {unit.code}: unknown parent {unit.parent}")
                children[unit.parent].append(unit.code)
        order = [roots[0]]
        for code in order:  # grows while we walk it: breadth first
            order.extend(sorted(children[code]))
        if len(order) != len(given):
            raise ValueError("the unit tree has a cycle")
        self.codes: tuple[str, ...] = tuple(order)
        self.index: dict[str, int] = {code: i for i, code in enumerate(order)}
        self.parent = np.array(
            [-1 if given[c].parent is None else self.index[given[c].parent or ""] for c in order],
            dtype=np.int64,
        )
        depth = np.zeros(len(order), dtype=np.int64)
        for i in range(1, len(order)):
            depth[i] = depth[self.parent[i]] + 1
        self.depth = depth
        self.children: tuple[tuple[int, ...], ...] = tuple(
            tuple(self.index[c] for c in sorted(children[code])) for code in order
        )
        for code in order:
            path = given[code].path
            if path and path != self.path(code):
                raise ValueError(f"unit {code}: path {path} does not match its parents")

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def root(self) -> str:
        return self.codes[0]

    def chain(self, code: str) -> tuple[str, ...]:
        """Unit codes from the root down to `code`."""
        chain: list[str] = []
        i = self.index[code]
        while i >= 0:
            chain.append(self.codes[i])
            i = int(self.parent[i])
        return tuple(reversed(chain))

    def path(self, code: str) -> str:
        return "/" + "/".join(self.chain(code)) + "/"

    def parent_code(self, code: str) -> str | None:
        i = int(self.parent[self.index[code]])
        return None if i < 0 else self.codes[i]

    def subtree(self, code: str) -> list[int]:
        """Indices of `code` and every unit below it."""
        found = [self.index[code]]
        for i in found:
            found.extend(self.children[i])
        return found

    def roll_up(self, direct: np.ndarray) -> np.ndarray:
        """Subtree totals from per-unit totals (unit on the first axis): each depth level,
        deepest first, is added into its parents."""
        totals = direct.copy()
        for level in range(int(self.depth.max(initial=0)), 0, -1):
            rows = np.flatnonzero(self.depth == level)
            np.add.at(totals, self.parent[rows], totals[rows])
        return totals


@dataclass(frozen=True)
class ResponseRecord:
    """One submitted response. `key` is only used to tell responses apart across releases
    (corrections, late answers) when auditing a re-release; it never reaches a report."""

    unit: str
    answers: Mapping[str, Any]
    background: Mapping[str, str] = field(default_factory=dict)
    key: str = ""


@dataclass(frozen=True)
class Variable:
    """An analysis variable. `levels` are the scale points (as strings) of an item or the
    option values of a fact item; indices have none."""

    code: str
    kind: Kind
    levels: tuple[str, ...] = ()
    sensitive: bool = False
    has_classes: bool = True  # favourable / neutral / unfavourable split defined


@dataclass(frozen=True)
class Group:
    """The whole unit (`Group()`) or the respondents of one background category."""

    variable: str = ""
    category: str = ""

    @property
    def is_whole(self) -> bool:
        return self.variable == ""


WHOLE = Group()


@dataclass(frozen=True)
class CellStats:
    n: int
    mean: float | None
    sd: float | None
    distribution: tuple[tuple[str, int], ...]
    favourable: float | None
    neutral: float | None
    unfavourable: float | None


@dataclass
class RoundStats:
    """Raw aggregates for every unit subtree × group × variable. Arrays are indexed
    [unit, group, variable(, level)] with units in `tree` order and groups in `groups` order
    (group 0 is the whole unit)."""

    tree: UnitTree
    variables: tuple[Variable, ...]
    groups: tuple[Group, ...]
    respondents: np.ndarray  # (U, G) respondents in the subtree and group
    n: np.ndarray  # (U, G, V) respondents with an answer / index score
    sum: np.ndarray  # (U, G, V) of analysed values
    sumsq: np.ndarray  # (U, G, V)
    levels: np.ndarray  # (U, G, V, L) answers per scale point / option
    classes: np.ndarray  # (U, G, V, 3) unfavourable, neutral, favourable
    # Respondent level, for building the auditor's atoms; never shown.
    unit_of: np.ndarray  # (R,) unit index of each response
    category_of: np.ndarray  # (R, B) category index per breakdown variable, -1 if missing
    answered: np.ndarray  # (R, V) bool
    breakdowns: tuple[str, ...] = ()
    categories: tuple[tuple[str, ...], ...] = ()
    keys: tuple[str, ...] = ()
    _var_index: dict[str, int] = field(default_factory=dict, repr=False)
    _group_index: dict[Group, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._var_index = {v.code: i for i, v in enumerate(self.variables)}
        self._group_index = {g: i for i, g in enumerate(self.groups)}

    def variable_index(self, code: str) -> int:
        return self._var_index[code]

    def group_index(self, group: Group) -> int:
        return self._group_index[group]

    def means(self) -> np.ndarray:
        """(U, G, V) means, NaN where nobody answered or the variable has no mean (facts)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            means = self.sum / self.n
        means[:, :, [v.kind == "fact" for v in self.variables]] = np.nan
        return means

    def cell(self, unit: str, code: str, group: Group = WHOLE) -> CellStats:
        u, g, v = self.tree.index[unit], self._group_index[group], self._var_index[code]
        variable = self.variables[v]
        n = int(self.n[u, g, v])
        mean = sd = None
        if variable.kind != "fact" and n:
            mean = float(self.sum[u, g, v] / n)
            if n > 1:
                var = (float(self.sumsq[u, g, v]) - n * mean * mean) / (n - 1)
                sd = math.sqrt(max(var, 0.0))
        distribution = tuple(
            (level, int(self.levels[u, g, v, i])) for i, level in enumerate(variable.levels)
        )
        shares: list[float | None] = [None, None, None]
        if variable.kind != "fact" and variable.has_classes and n:
            shares = [float(c) / n for c in self.classes[u, g, v]]
        return CellStats(
            n, mean, sd, distribution, shares[FAVOURABLE], shares[NEUTRAL], shares[UNFAVOURABLE]
        )


def variables_of(instrument: Instrument) -> tuple[Variable, ...]:
    """The analysis variables in report order: items, indices, fact items."""
    items: list[Variable] = []
    facts: list[Variable] = []
    for section in instrument.sections:
        for q in section.questions:
            if q.kind == "scale":
                scale = instrument.scale_of(q)
                has_classes = bool(scale.favourable or scale.unfavourable)
                levels = tuple(str(v) for v in scale.values)
                items.append(Variable(q.code, "item", levels, q.sensitive, has_classes))
            elif q.kind in ("single", "multiple"):
                facts.append(Variable(q.code, "fact", q.option_values, q.sensitive, False))
    indices = []
    for index in instrument.indices:
        scale = instrument.scale_of(instrument.question(index.items[0]))
        indices.append(
            Variable(index.code, "index", (), False, bool(scale.favourable or scale.unfavourable))
        )
    return (*items, *indices, *facts)


def compute(
    instrument: Instrument,
    tree: UnitTree,
    responses: Sequence[ResponseRecord],
    *,
    breakdowns: Sequence[str] = (),
) -> RoundStats:
    """Aggregate every unit subtree for every variable, for the whole unit and for each
    category of each background variable in `breakdowns` (one variable at a time)."""
    variables = variables_of(instrument)
    unit_of = np.array([tree.index[r.unit] for r in responses], dtype=np.int64)
    values, level_of, class_of, multi = _matrices(instrument, variables, responses)
    answered = ~np.isnan(values)
    for v, variable in enumerate(variables):
        if variable.kind == "fact":
            answered[:, v] = level_of[:, v] >= 0
    for r, v, _level in multi:
        answered[r, v] = True
    categories, category_of = _categories(responses, breakdowns)
    groups = [WHOLE] + [
        Group(b, c) for b, cats in zip(breakdowns, categories, strict=True) for c in cats
    ]
    offsets = np.cumsum([1] + [len(c) for c in categories])[:-1]
    shape = (len(tree), len(groups), len(variables))
    n_levels = max([len(v.levels) for v in variables] + [1])
    agg = _Aggregates(shape, n_levels)
    slots = [np.zeros(len(responses), dtype=np.int64)]
    for b in range(len(breakdowns)):
        slots.append(np.where(category_of[:, b] >= 0, category_of[:, b] + offsets[b], -1))
    for group_of in slots:
        agg.add(unit_of, group_of, values, answered, level_of, class_of, multi)
    return RoundStats(
        tree=tree,
        variables=variables,
        groups=tuple(groups),
        respondents=tree.roll_up(agg.respondents),
        n=tree.roll_up(agg.n),
        sum=tree.roll_up(agg.sum),
        sumsq=tree.roll_up(agg.sumsq),
        levels=tree.roll_up(agg.levels),
        classes=tree.roll_up(agg.classes),
        unit_of=unit_of,
        category_of=category_of,
        answered=answered,
        breakdowns=tuple(breakdowns),
        categories=categories,
        keys=tuple(r.key for r in responses),
    )


class _Aggregates:
    """Per-unit (not yet rolled up) sums, filled one group slot at a time with bincount."""

    def __init__(self, shape: tuple[int, int, int], n_levels: int) -> None:
        self.shape = shape
        self.n_levels = n_levels
        self.respondents = np.zeros(shape[:2], dtype=np.int64)
        self.n = np.zeros(shape, dtype=np.int64)
        self.sum = np.zeros(shape)
        self.sumsq = np.zeros(shape)
        self.levels = np.zeros((*shape, n_levels), dtype=np.int64)
        self.classes = np.zeros((*shape, 3), dtype=np.int64)

    def add(
        self,
        unit_of: np.ndarray,
        group_of: np.ndarray,
        values: np.ndarray,
        answered: np.ndarray,
        level_of: np.ndarray,
        class_of: np.ndarray,
        multi: list[tuple[int, int, int]],
    ) -> None:
        n_units, n_groups, n_vars = self.shape
        keep = group_of >= 0
        cell = unit_of * n_groups + group_of  # (R,) flat (unit, group)
        size = n_units * n_groups
        self.respondents += np.bincount(cell[keep], minlength=size).reshape(self.shape[:2])
        flat = cell[:, None] * n_vars + np.arange(n_vars)[None, :]  # (R, V)
        mask = answered & keep[:, None]
        idx = flat[mask]
        total = size * n_vars
        self.n += np.bincount(idx, minlength=total).reshape(self.shape)
        numbers = np.nan_to_num(values[mask])
        self.sum += np.bincount(idx, weights=numbers, minlength=total).reshape(self.shape)
        self.sumsq += np.bincount(idx, weights=numbers**2, minlength=total).reshape(self.shape)
        has_level = (level_of >= 0) & keep[:, None]
        level_idx = flat[has_level] * self.n_levels + level_of[has_level]
        extra = [(cell[r] * n_vars + v) * self.n_levels + lv for r, v, lv in multi if keep[r]]
        if extra:
            level_idx = np.concatenate([level_idx, np.array(extra, dtype=np.int64)])
        self.levels += np.bincount(level_idx, minlength=total * self.n_levels).reshape(
            self.levels.shape
        )
        has_class = (class_of >= 0) & keep[:, None]
        class_idx = flat[has_class] * 3 + class_of[has_class]
        self.classes += np.bincount(class_idx, minlength=total * 3).reshape(self.classes.shape)


def _matrices(
    instrument: Instrument, variables: Sequence[Variable], responses: Sequence[ResponseRecord]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[int, int, int]]]:
    """values (R, V) analysed value or NaN; level_of (R, V) scale point / option index or -1;
    class_of (R, V) favourable class or -1; multi: (respondent, variable, option) triples of
    multiple-choice answers."""
    n_resp, n_vars = len(responses), len(variables)
    values = np.full((n_resp, n_vars), np.nan)
    level_of = np.full((n_resp, n_vars), -1, dtype=np.int64)
    class_of = np.full((n_resp, n_vars), -1, dtype=np.int64)
    multi: list[tuple[int, int, int]] = []
    column = {v.code: i for i, v in enumerate(variables)}
    for v, variable in enumerate(variables):
        if variable.kind == "index":
            continue
        question = instrument.question(variable.code)
        raw = [r.answers.get(variable.code) for r in responses]
        if variable.kind == "item":
            scale = instrument.scale_of(question)
            point = {value: i for i, value in enumerate(scale.values)}
            analysed = {
                value: (scale.low + scale.high - value) if question.reverse else value
                for value in scale.values
            }
            klass = {value: _class_of(scale, analysed[value]) for value in scale.values}
            for r, answer in enumerate(raw):
                if type(answer) is int and answer in point:
                    values[r, v] = analysed[answer]
                    level_of[r, v] = point[answer]
                    class_of[r, v] = klass[answer]
        elif question.kind == "single":
            option = {value: i for i, value in enumerate(variable.levels)}
            for r, answer in enumerate(raw):
                if answer in option:
                    level_of[r, v] = option[answer]
        else:
            option = {value: i for i, value in enumerate(variable.levels)}
            for r, answer in enumerate(raw):
                if isinstance(answer, list | tuple):
                    multi.extend((r, v, option[a]) for a in set(answer) if a in option)
    for index in instrument.indices:
        v = column[index.code]
        items = values[:, [column[code] for code in index.items]]
        count = (~np.isnan(items)).sum(axis=1)
        ok = count >= index.min_answered * len(index.items) - 1e-9
        with np.errstate(invalid="ignore", divide="ignore"):
            score = np.nansum(items, axis=1) / count
        values[:, v] = np.where(ok & (count > 0), score, np.nan)
        scale = instrument.scale_of(instrument.question(index.items[0]))
        class_of[:, v] = _classes_of_scores(scale.favourable, scale.unfavourable, values[:, v])
    return values, level_of, class_of, multi


def _class_of(scale: Any, value: int) -> int:
    if value in scale.favourable:
        return FAVOURABLE
    if value in scale.unfavourable:
        return UNFAVOURABLE
    return NEUTRAL


def _classes_of_scores(
    favourable: frozenset[int], unfavourable: frozenset[int], scores: np.ndarray
) -> np.ndarray:
    classes = np.where(np.isnan(scores), -1, NEUTRAL)
    if favourable:
        classes = np.where(~np.isnan(scores) & (scores >= min(favourable)), FAVOURABLE, classes)
    if unfavourable:
        classes = np.where(~np.isnan(scores) & (scores <= max(unfavourable)), UNFAVOURABLE, classes)
    if not favourable and not unfavourable:
        classes = np.full(scores.shape, -1)
    return classes.astype(np.int64)


def _categories(
    responses: Sequence[ResponseRecord], breakdowns: Sequence[str]
) -> tuple[tuple[tuple[str, ...], ...], np.ndarray]:
    categories = []
    category_of = np.full((len(responses), len(breakdowns)), -1, dtype=np.int64)
    for b, name in enumerate(breakdowns):
        raw = [str(r.background.get(name) or "") for r in responses]
        cats = tuple(sorted({c for c in raw if c}))
        position = {c: i for i, c in enumerate(cats)}
        category_of[:, b] = [position.get(c, -1) for c in raw]
        categories.append(cats)
    return tuple(categories), category_of


# --- Comparison with the previous round -------------------------------------------------------

ComparisonStatus = Literal["comparable", "not_comparable", "new_unit", "no_previous"]


@dataclass(frozen=True)
class Comparison:
    status: ComparisonStatus
    mean: float | None = None  # the previous round's published mean, if comparable and shown


def match_previous(
    tree: UnitTree,
    previous_tree: UnitTree,
    previous_means: Mapping[tuple[str, str], float | None],
    codes: Iterable[str],
) -> dict[tuple[str, str], Comparison]:
    """Match this round's cells with the previous round's, by unit code and item/index code.

    `previous_means` maps (unit code, item or index code) to the previous round's *published*
    mean (None where it was hidden) — pass published values only, or the comparison would
    reveal what the previous release hid.

    Moved units are compared honestly or not at all: a unit is comparable only when its code
    exists in both rounds with the same chain of parent codes from the root (a unit moved to
    another department, or whose department was renamed or merged, counts a different set of
    people and is "not_comparable"). A unit code absent from the previous round is "new_unit";
    an item/index without a previous value is "no_previous"."""
    result: dict[tuple[str, str], Comparison] = {}
    code_list = list(codes)
    for unit in tree.codes:
        if unit not in previous_tree.index:
            status: ComparisonStatus = "new_unit"
        elif tree.chain(unit) != previous_tree.chain(unit):
            status = "not_comparable"
        else:
            status = "comparable"
        for code in code_list:
            if status != "comparable":
                result[unit, code] = Comparison(status)
            elif (unit, code) not in previous_means:
                result[unit, code] = Comparison("no_previous")
            else:
                result[unit, code] = Comparison("comparable", previous_means[unit, code])
    return result
