"""The independent auditor of a release: plain Python, numpy and scipy, no Django, and no use
of lib.disclosure (it must not share that module's mistakes). It sees only what a report
reader could combine — the published groups with their published counts — plus the true
sizes of the atoms, and searches for any group of 1…k−1 respondents whose sums can be worked
out as an integer combination of published sums.

Model. Atoms are the finest classes of respondents that the published groups can tell apart.
For one analysis variable, every published number of a group (n, mean·n, counts per scale
point, favourable counts, …) is a sum over the group's members who answered that variable, so
the attacker's power is the integer lattice spanned by the published groups' indicator
vectors over atoms. A combination Σ c_g·1[g] that is a 0/1 vector on the non-empty atoms
isolates the respondents of the atoms where it is 1; a release leaks when any such vector has
a total size between 1 and k−1. Groups from several releases of a round are audited together
(`audit([earlier, later])`): atoms then also carry which releases a response is in, so a late
or corrected answer is an atom of its own.

Decomposition (exact, and what makes full-scale audits fast):
1. The groups that nest like a tree (found greedily, biggest first: every unit subtree, and any
   breakdown group inside a single tree atom) form a laminar family. Any integer combination of
   them is Σ A_w·1[R(w)] with an arbitrary integer A_w per *tree atom* R(w) = the part of a
   published group not inside a smaller published group (the map between coefficients and A is
   unimodular). So the laminar part alone isolates exactly the unions of tree atoms, and the
   smallest is the smallest non-empty tree atom: the residual check, recomputed here for every
   published group, is an exact audit of the tree.
2. The remaining ("crossing") groups link tree atoms into components; a combination splits into
   independent parts per component, so each component is searched on its own:
   - if every cell (tree atom × membership of the component's crossing groups) is empty or has
     at least k answers, no union of cells is smaller than k;
   - if the crossing groups are pairwise disjoint (one background variable in one unit), the
     combination is A_w + β_class per cell; it is 0/1 exactly when each tree atom's β values
     are two consecutive integers, and thresholding reduces the search to 0/1 patterns over
     the classes (2^(classes) cases, each a matrix product);
   - otherwise an exact integer programme (`scipy.optimize.milp`): integer A_w and c_g
     (bounded by ±(crossing groups + 1)), binary cell indicators x = A_w + Σ c_g·[cell ∈ g],
     1 ≤ Σ size·x ≤ k−1, minimising the size.
Every finding comes with the combination of published groups that isolates the group, and is
checked by recomputing that combination over the atoms before it is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Literal

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp


@dataclass(frozen=True)
class AuditGroup:
    """A published group as a set of atom indices. `kind` ("unit" or "breakdown") is only a
    hint for the order in which the auditor looks for the laminar part."""

    id: str
    kind: str
    atoms: tuple[int, ...]


@dataclass(frozen=True)
class Release:
    """What one release publishes. `published[g, v]` is the published n of group g for
    variable v, or -1 where the cell is hidden. `sizes[a, v]` is the true number of answers to
    variable v in atom a. Atom ids must be stable across the releases of a round."""

    name: str
    variables: tuple[str, ...]
    k: tuple[int, ...]
    atoms: tuple[str, ...]
    sizes: np.ndarray
    groups: tuple[AuditGroup, ...]
    published: np.ndarray


FindingKind = Literal["count_mismatch", "residual", "combination", "undecided"]


@dataclass(frozen=True)
class Finding:
    """A reason to block the release: `combination` (group id, coefficient) isolates `size`
    respondents' answers to `variable` (count_mismatch: the published n is not the true n;
    undecided: the search did not finish, which blocks as well)."""

    kind: FindingKind
    variable: str
    size: int
    combination: tuple[tuple[str, int], ...]

    def __str__(self) -> str:
        terms = " ".join(
            f"{'+' if c > 0 else '-'}{abs(c) if abs(c) != 1 else ''}[{g}]"
            for g, c in self.combination
        )
        return f"{self.kind}: {self.variable}: {terms} isolates {self.size}"


@dataclass
class AuditReport:
    findings: list[Finding] = field(default_factory=list)
    components: int = 0
    integer_programmes: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings


def audit(
    catalogues: Sequence[Release], *, fast_paths: bool = True, time_limit: float = 60.0
) -> AuditReport:
    """Audit one release, or all releases of a round together (earliest first).
    `fast_paths=False` sends every component with crossing groups to the integer programme
    (the tests compare both)."""
    merged = _merge(catalogues)
    report = AuditReport()
    forest = _Forest(merged)
    true_n = merged.membership @ merged.sizes  # (G, V)
    for v, variable in enumerate(merged.variables):
        pub = merged.published[:, v] >= 0
        mismatch = np.flatnonzero(pub & (true_n[:, v] != merged.published[:, v]))
        for g in mismatch:
            report.findings.append(
                Finding("count_mismatch", variable, int(true_n[g, v]), ((merged.ids[g], 1),))
            )
        _audit_variable(merged, forest, v, report, fast_paths=fast_paths, time_limit=time_limit)
    return report


@dataclass
class _Merged:
    variables: tuple[str, ...]
    k: np.ndarray
    sizes: np.ndarray  # (A, V)
    ids: list[str]
    kinds: list[str]
    members: list[np.ndarray]
    published: np.ndarray  # (G, V)
    membership: sparse.csr_matrix  # (G, A)


def _merge(releases: Sequence[Release]) -> _Merged:
    variables: list[str] = []
    k: dict[str, int] = {}
    for release in releases:
        for code, threshold in zip(release.variables, release.k, strict=True):
            if code not in k:
                variables.append(code)
            k[code] = max(k.get(code, 0), threshold)
    atom_index: dict[str, int] = {}
    for release in releases:
        for atom in release.atoms:
            atom_index.setdefault(atom, len(atom_index))
    sizes = np.full((len(atom_index), len(variables)), -1, dtype=np.int64)
    column = {code: i for i, code in enumerate(variables)}
    ids, kinds, members, published = [], [], [], []
    for release in releases:
        to_global = np.array([atom_index[a] for a in release.atoms], dtype=np.int64)
        cols = np.array([column[c] for c in release.variables], dtype=np.int64)
        block = sizes[np.ix_(to_global, cols)]
        known = block >= 0
        if (known & (block != release.sizes)).any():
            raise ValueError(f"release {release.name}: an atom has different sizes in two releases")
        sizes[np.ix_(to_global, cols)] = release.sizes
        for g, group in enumerate(release.groups):
            ids.append(group.id)
            kinds.append(group.kind)
            members.append(to_global[np.array(group.atoms, dtype=np.int64)])
            row = np.full(len(variables), -1, dtype=np.int64)
            row[cols] = release.published[g]
            published.append(row)
    sizes[sizes < 0] = 0
    rows = np.concatenate([np.full(len(m), g) for g, m in enumerate(members)] + [np.zeros(0)])
    cols_ = np.concatenate([*members, np.zeros(0)])
    membership = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int64), (rows.astype(np.int64), cols_.astype(np.int64))),
        shape=(len(members), len(atom_index)),
    )
    return _Merged(
        variables=tuple(variables),
        k=np.array([k[c] for c in variables], dtype=np.int64),
        sizes=sizes,
        ids=ids,
        kinds=kinds,
        members=members,
        published=np.array(published, dtype=np.int64).reshape(len(ids), len(variables)),
        membership=membership,
    )


class _Forest:
    """The laminar part: groups taken biggest first (unit groups before the others) whenever
    all their atoms sit in one and the same smallest group taken so far."""

    def __init__(self, merged: _Merged) -> None:
        n_atoms = merged.sizes.shape[0]
        ever: np.ndarray = np.asarray((merged.published >= 0).any(axis=1))
        order = sorted(
            (g for g in range(len(merged.ids)) if ever[g]),
            key=lambda g: (merged.kinds[g] != "unit", -len(merged.members[g]), g),
        )
        owner = np.full(n_atoms, -1, dtype=np.int64)
        self.parent = np.full(len(merged.ids), -2, dtype=np.int64)  # -2: not in the forest
        self.order: list[int] = []
        for g in order:
            atoms = merged.members[g]
            owners = np.unique(owner[atoms])
            if len(owners) > 1:
                continue
            self.parent[g] = owners[0] if len(owners) else -1
            owner[atoms] = g
            self.order.append(g)
        self.leaf_owner = owner
        self.crossing = [g for g in range(len(merged.ids)) if ever[g] and self.parent[g] == -2]


def _audit_variable(
    merged: _Merged,
    forest: _Forest,
    v: int,
    report: AuditReport,
    *,
    fast_paths: bool,
    time_limit: float,
) -> None:
    k = int(merged.k[v])
    variable = merged.variables[v]
    pub = merged.published[:, v] >= 0
    size = merged.sizes[:, v]
    # Nearest published forest group of every forest group and atom ("row" = tree atom).
    nearest = np.full(len(merged.ids), -1, dtype=np.int64)
    for g in forest.order:
        parent = forest.parent[g]
        nearest[g] = g if pub[g] else (nearest[parent] if parent >= 0 else -1)
    owner = forest.leaf_owner
    row_of = np.where(owner >= 0, nearest[np.maximum(owner, 0)], -1)
    residual = np.bincount(
        row_of[row_of >= 0], weights=size[row_of >= 0], minlength=len(merged.ids)
    ).astype(np.int64)
    for g in forest.order:
        if pub[g] and 1 <= residual[g] < k:
            inner = [
                h
                for h in forest.order
                if pub[h] and h != g and forest.parent[h] >= 0 and nearest[forest.parent[h]] == g
            ]
            combo = ((merged.ids[g], 1), *((merged.ids[h], -1) for h in inner))
            report.findings.append(Finding("residual", variable, int(residual[g]), combo))
    crossing = [g for g in forest.crossing if pub[g]]
    if not crossing:
        return
    live = np.flatnonzero((row_of >= 0) & (size > 0))
    live = live[np.argsort(row_of[live], kind="stable")]
    starts = np.searchsorted(row_of[live], np.arange(len(merged.ids) + 1))
    outside = np.flatnonzero((row_of < 0) & (size > 0))
    for rows, groups in _components(merged, crossing, row_of, size):
        report.components += 1
        atoms = np.concatenate(
            [outside if r < 0 else live[starts[r] : starts[r + 1]] for r in rows]
        )
        found = _search_component(
            merged,
            forest,
            rows,
            groups,
            atoms,
            row_of,
            size,
            k,
            nearest,
            report,
            fast_paths=fast_paths,
            time_limit=time_limit,
        )
        if found is not None:
            report.findings.append(Finding(found[0], variable, found[1], found[2]))


def _components(
    merged: _Merged, crossing: list[int], row_of: np.ndarray, size: np.ndarray
) -> list[tuple[list[int], list[int]]]:
    """Tree atoms linked by crossing groups (union–find); each with its crossing groups."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    touched: dict[int, list[int]] = {}
    for g in crossing:
        atoms = merged.members[g]
        rows = np.unique(row_of[atoms[size[atoms] > 0]]).tolist()
        touched[g] = rows
        for r in rows[1:]:
            parent[find(r)] = find(rows[0])
        for r in rows[:1]:
            find(r)
    by_root: dict[int, tuple[set[int], list[int]]] = {}
    for g, rows in touched.items():
        if not rows:
            continue
        entry = by_root.setdefault(find(rows[0]), (set(), []))
        entry[0].update(rows)
        entry[1].append(g)
    return [(sorted(rows), groups) for rows, groups in by_root.values()]


def _search_component(
    merged: _Merged,
    forest: _Forest,
    rows: list[int],
    groups: list[int],
    atoms: np.ndarray,
    row_of: np.ndarray,
    size: np.ndarray,
    k: int,
    nearest: np.ndarray,
    report: AuditReport,
    *,
    fast_paths: bool,
    time_limit: float,
) -> tuple[FindingKind, int, tuple[tuple[str, int], ...]] | None:
    position = np.full(len(row_of), -1, dtype=np.int64)
    position[atoms] = np.arange(len(atoms))
    inside = np.zeros((len(atoms), len(groups)), dtype=bool)
    for j, g in enumerate(groups):
        found = position[merged.members[g]]
        inside[found[found >= 0], j] = True
    # Cells: atoms with the same tree atom and the same crossing-group membership.
    if len(groups) <= 40:  # one integer key per cell is much faster than unique rows
        bits = inside.astype(np.int64) @ (np.int64(1) << np.arange(len(groups), dtype=np.int64))
        keys = (row_of[atoms] + 1) * (np.int64(1) << len(groups)) + bits
        _keys, first, cell_of = np.unique(keys, return_index=True, return_inverse=True)
        cell_row, cell_in = row_of[atoms][first], inside[first]
    else:
        table = np.concatenate([row_of[atoms][:, None], inside.astype(np.int64)], axis=1)
        cells, cell_of = np.unique(table, axis=0, return_inverse=True)
        cell_row, cell_in = cells[:, 0], cells[:, 1:].astype(bool)
    cell_of = cell_of.reshape(-1)
    cell_size = np.bincount(cell_of, weights=size[atoms]).astype(np.int64)
    if fast_paths and (cell_size >= k).all():
        return None
    if fast_paths and -1 not in rows and (cell_in.sum(axis=1) <= 1).all():
        solution: tuple[dict[int, int], list[int]] | str | None = _patterns(
            cell_row, cell_in, cell_size, rows, k
        )
    else:
        report.integer_programmes += 1
        solution = _milp(cell_row, cell_in, cell_size, rows, k, time_limit)
    if solution is None:
        return None
    if isinstance(solution, str):
        return ("undecided", 0, tuple((merged.ids[g], 0) for g in groups))
    a_row, c_group = solution
    return _finding(merged, forest, rows, groups, a_row, c_group, nearest, row_of, size, k)


def _patterns(
    cell_row: np.ndarray, cell_in: np.ndarray, cell_size: np.ndarray, rows: list[int], k: int
) -> tuple[dict[int, int], list[int]] | None:
    """Disjoint crossing groups: search the 0/1 patterns over classes (groups + "none")."""
    n_groups = cell_in.shape[1]
    cls = np.where(cell_in.any(axis=1), cell_in.argmax(axis=1), n_groups)
    row_pos = {r: i for i, r in enumerate(rows)}
    table = np.zeros((len(rows), n_groups + 1), dtype=np.int64)
    np.add.at(table, ([row_pos[r] for r in cell_row.tolist()], cls), cell_size)
    patterns = np.array(list(product((0, 1), repeat=n_groups + 1)), dtype=np.int64)
    nonzero = (table > 0).astype(np.int64)
    ones = patterns @ nonzero.T > 0  # (P, W)
    zeros = (1 - patterns) @ nonzero.T > 0
    forced = patterns @ table.T
    weight = (forced * (ones & zeros)).sum(axis=1)
    candidates = np.flatnonzero((weight >= 1) & (weight < k))
    if not len(candidates):
        return None
    p = patterns[candidates[np.argmin(weight[candidates])]]
    base = int(p[n_groups])
    a_row = {}
    for i, r in enumerate(rows):
        values = set(p[nonzero[i] > 0].tolist())
        # Mixed tree atoms keep their 1-side; uniform ones are shifted to 0.
        a_row[r] = base if len(values) != 1 else base - values.pop()
    return a_row, [int(p[j]) - base for j in range(n_groups)]


def _milp(
    cell_row: np.ndarray,
    cell_in: np.ndarray,
    cell_size: np.ndarray,
    rows: list[int],
    k: int,
    time_limit: float,
) -> tuple[dict[int, int], list[int]] | str | None:
    """Exact integer programme over one component; variables [A_rows, c_groups, x_cells]."""
    n_rows, n_groups, n_cells = len(rows), cell_in.shape[1], len(cell_size)
    bound = n_groups + 1
    row_pos = {r: i for i, r in enumerate(rows)}
    equality = np.zeros((n_cells, n_rows + n_groups + n_cells))
    for i in range(n_cells):
        equality[i, row_pos[int(cell_row[i])]] = -1
        equality[i, n_rows : n_rows + n_groups] = -cell_in[i].astype(np.float64)
        equality[i, n_rows + n_groups + i] = 1
    weights = np.concatenate([np.zeros(n_rows + n_groups), cell_size])
    lower = np.concatenate([np.full(n_rows + n_groups, -bound), np.zeros(n_cells)])
    upper = np.concatenate([np.full(n_rows + n_groups, bound), np.ones(n_cells)])
    if -1 in row_pos:  # atoms in no published tree group: nothing can shift them
        lower[row_pos[-1]] = upper[row_pos[-1]] = 0
    result = milp(
        weights,
        constraints=[
            LinearConstraint(sparse.csr_matrix(equality), 0, 0),
            LinearConstraint(weights[None, :], 1, k - 1),
        ],
        integrality=np.ones(len(weights)),
        bounds=Bounds(lower, upper),
        options={"time_limit": time_limit},
    )
    if result.status == 2:  # infeasible: nothing smaller than k can be isolated
        return None
    if result.status != 0 or result.x is None:
        return "undecided"
    x = np.round(result.x).astype(np.int64)
    return {r: int(x[row_pos[r]]) for r in rows}, x[n_rows : n_rows + n_groups].tolist()


def _finding(
    merged: _Merged,
    forest: _Forest,
    rows: list[int],
    groups: list[int],
    a_row: dict[int, int],
    c_group: list[int],
    nearest: np.ndarray,
    row_of: np.ndarray,
    size: np.ndarray,
    k: int,
) -> tuple[FindingKind, int, tuple[tuple[str, int], ...]]:
    """Turn per-tree-atom shifts A_w into coefficients of published groups (α_w = A_w − A of
    the nearest published group above w) and verify the combination over the atoms."""
    shift = {r: a for r, a in a_row.items() if r >= 0 and a}
    coefficients: dict[int, int] = {}
    for w in forest.order:
        if nearest[w] != w:
            continue
        parent = forest.parent[w]
        above = int(nearest[parent]) if parent >= 0 else -1
        alpha = shift.get(w, 0) - shift.get(above, 0)
        if alpha:
            coefficients[w] = alpha
    for g, c in zip(groups, c_group, strict=True):
        if c:
            coefficients[g] = coefficients.get(g, 0) + c
    combo = {g: c for g, c in coefficients.items() if c}
    vector = np.zeros(merged.sizes.shape[0], dtype=np.int64)
    for g, c in combo.items():
        vector[merged.members[g]] += c
    live = size > 0
    isolated = int(size[live & (vector == 1)].sum())
    genuine = bool(np.isin(vector[live], (0, 1)).all()) and 1 <= isolated < k
    terms = tuple((merged.ids[g], c) for g, c in sorted(combo.items()))
    if not genuine:  # should not happen; block anyway, with the raw solution
        return ("undecided", isolated, terms)
    return ("combination", isolated, terms)
