"""Builders and the brute-force attacker shared by the reports-engine tests. No Django."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from lib import auditor, disclosure, instrument, stats

MINI = instrument.load((Path(__file__).parents[1] / "data" / "mini-instrument.yaml").read_text())
DEFAULTS = {
    "numbers": 5,
    "distributions": 10,
    "comments": 10,
    "sensitive": 10,
    "rates": 5,
    "breakdowns": 20,
}
ALL_AGREE = {"W1": 4, "W2": 2, "C1": 4, "C2": 4, "F1": "no"}


def tree(*pairs: tuple[str, str | None]) -> stats.UnitTree:
    """tree(("D", None), ("S1", "D"), …)"""
    return stats.UnitTree(stats.Unit(code, parent) for code, parent in pairs)


def people(
    unit: str,
    count: int,
    answers: Mapping[str, Any] = ALL_AGREE,
    background: Mapping[str, str] | None = None,
) -> list[stats.ResponseRecord]:
    return [stats.ResponseRecord(unit, dict(answers), dict(background or {})) for _ in range(count)]


def run(
    units: stats.UnitTree,
    responses: Sequence[stats.ResponseRecord],
    thresholds: Mapping[str, int] = DEFAULTS,
    *,
    breakdowns: Sequence[str] = (),
    repair: bool = True,
) -> disclosure.Catalogue:
    computed = stats.compute(MINI, units, responses, breakdowns=breakdowns)
    return disclosure.control(computed, thresholds, repair=repair)


# --- Random rounds for the property tests -------------------------------------------------------


@dataclass(frozen=True)
class RandomRound:
    units: stats.UnitTree
    responses: tuple[stats.ResponseRecord, ...]
    thresholds: Mapping[str, int]


def random_round(
    parents: Sequence[int], direct: Sequence[int], seed: int, k: int, skip: float
) -> RandomRound:
    """Unit i > 0 hangs under parents[i] (< i); direct[i] people are filed directly in it.
    Everybody answers the mini instrument with probability 1 − skip per item and has a
    gender (f, m or none) and a position group (a or b)."""
    rng = random.Random(seed)
    codes = [f"U{i}" for i in range(len(direct))]
    units = stats.UnitTree(
        stats.Unit(code, None if i == 0 else codes[parents[i]]) for i, code in enumerate(codes)
    )
    responses = []
    for i, count in enumerate(direct):
        for _ in range(count):
            answers: dict[str, Any] = {}
            for item in ("W1", "W2", "C1", "C2"):
                if rng.random() >= skip:
                    answers[item] = rng.randint(1, 5)
            if rng.random() >= skip:
                answers["F1"] = rng.choice(["no", "yes"])
            background = {"position": rng.choice("ab")}
            gender = rng.choice(["f", "m", ""])
            if gender:
                background["gender"] = gender
            responses.append(stats.ResponseRecord(codes[i], answers, background))
    thresholds = {
        "numbers": k,
        "distributions": 2 * k,
        "comments": k + 2,
        "sensitive": k + 1,
        "rates": 5,
        "breakdowns": 3 * k,
    }
    return RandomRound(units, tuple(responses), thresholds)


def random_rounds() -> Any:
    """A hypothesis strategy for RandomRound: depth ≤ 4, at most 4 children per unit."""
    from hypothesis import strategies as st

    @st.composite
    def build(draw: Any) -> RandomRound:
        size = draw(st.integers(1, 10))
        depth = [0]
        parents = [0]
        kids = [0]
        for _i in range(1, size):
            options = [p for p in range(len(depth)) if depth[p] < 3 and kids[p] < 4]
            parent = draw(st.sampled_from(options))
            parents.append(parent)
            depth.append(depth[parent] + 1)
            kids[parent] += 1
            kids.append(0)
        direct = draw(st.lists(st.integers(0, 9), min_size=size, max_size=size))
        seed = draw(st.integers(0, 2**32 - 1))
        k = draw(st.sampled_from([3, 5]))
        skip = draw(st.sampled_from([0.0, 0.1, 0.3]))
        return random_round(parents, direct, seed, k, skip)

    return build()


# --- The brute-force attacker -------------------------------------------------------------------


@dataclass(frozen=True)
class Leak:
    variable: str
    size: int
    combination: tuple[tuple[str, int], ...]


def brute_force(releases: Iterable[auditor.Release], max_terms: int = 3) -> list[Leak]:
    """Try every ±1 combination of up to `max_terms` published groups (all releases together,
    over the same atoms) and report those that are 0/1 on the non-empty atoms and isolate
    1…k−1 answers. Independent of lib.auditor's search: plain enumeration."""
    releases = list(releases)
    atom_ids = sorted({a for r in releases for a in r.atoms})
    position = {a: i for i, a in enumerate(atom_ids)}
    variables = list(dict.fromkeys(v for r in releases for v in r.variables))
    sizes = np.zeros((len(atom_ids), len(variables)), dtype=np.int64)
    k = dict.fromkeys(variables, 0)
    groups: list[tuple[str, np.ndarray, dict[str, int]]] = []
    for release in releases:
        local = [position[a] for a in release.atoms]
        for j, code in enumerate(release.variables):
            sizes[local, variables.index(code)] = release.sizes[:, j]
            k[code] = max(k[code], release.k[j])
        for g, group in enumerate(release.groups):
            vector = np.zeros(len(atom_ids), dtype=np.int64)
            vector[[local[a] for a in group.atoms]] = 1
            published = {
                code: int(release.published[g, j]) for j, code in enumerate(release.variables)
            }
            groups.append((group.id, vector, published))
    leaks = []
    for v, code in enumerate(variables):
        live = sizes[:, v] > 0
        chosen = [(gid, vec[live]) for gid, vec, pub in groups if pub.get(code, -1) >= 0]
        weights = sizes[live, v]
        leak = _attack(chosen, weights, k[code], max_terms)
        if leak:
            leaks.append(Leak(code, leak[0], leak[1]))
    return leaks


def _attack(
    chosen: list[tuple[str, np.ndarray]], weights: np.ndarray, k: int, max_terms: int
) -> tuple[int, tuple[tuple[str, int], ...]] | None:
    """Combinations c_1·g_1 + … with c = ±1, the last group vectorised over all candidates."""
    if not chosen:
        return None
    matrix = np.array([vec for _gid, vec in chosen])
    names = [gid for gid, _vec in chosen]
    prefixes: list[tuple[tuple[int, ...], tuple[int, ...], np.ndarray]] = [
        ((), (), np.zeros(matrix.shape[1], dtype=np.int64))
    ]
    for terms in range(max_terms):
        extended = []
        for groups, coefficients, base in prefixes:
            start = groups[-1] + 1 if groups else 0
            if start >= len(chosen):
                continue
            for sign in (1, -1) if groups else (1,):
                candidates = base[None, :] + sign * matrix[start:]
                for flip in (1, -1):
                    flipped = flip * candidates
                    binary = ((flipped == 0) | (flipped == 1)).all(axis=1)
                    size = (flipped == 1) @ weights
                    hits = np.flatnonzero(binary & (size >= 1) & (size < k))
                    if len(hits):
                        g = start + int(hits[0])
                        combo = (
                            *(
                                (names[h], flip * c)
                                for h, c in zip(groups, coefficients, strict=True)
                            ),
                            (names[g], flip * sign),
                        )
                        return int(size[hits[0]]), combo
                for offset in range(len(candidates) if terms < max_terms - 1 else 0):
                    extended.append(
                        ((*groups, start + offset), (*coefficients, sign), candidates[offset])
                    )
        prefixes = extended
    return None


def verify(release_list: Sequence[auditor.Release], finding: auditor.Finding) -> int:
    """Recompute an auditor finding's combination over the atoms; return the isolated size
    (raises if it is not a 0/1 vector)."""
    atom_ids = sorted({a for r in release_list for a in r.atoms})
    position = {a: i for i, a in enumerate(atom_ids)}
    vector = np.zeros(len(atom_ids), dtype=np.int64)
    sizes = np.zeros(len(atom_ids), dtype=np.int64)
    coefficients = dict(finding.combination)
    for release in release_list:
        j = release.variables.index(finding.variable)
        local = np.array([position[a] for a in release.atoms])
        sizes[local] = release.sizes[:, j]
        for group in release.groups:
            if group.id in coefficients:
                vector[local[list(group.atoms)]] += coefficients[group.id]
    live = sizes > 0
    assert np.isin(vector[live], (0, 1)).all(), finding
    return int(sizes[live & (vector == 1)].sum())
