"""Common features (fellestrekk): propose groups of similar measures and focus areas across
units, for a leader who collects the plans of the units below. Plain Python + scikit-learn, no
Django.

Texts are compared by TF-IDF over character n-grams within word boundaries (3–5 characters),
which works for bokmål and English alike: it matches inflections and compounds
("arbeidsbelastning" and "belastningen", "workload" and "workloads") without a stemmer or a
word list per language. Items are first grouped by questionnaire dimension (an item without
one goes with the others without one), then clustered within each dimension by average-linkage
agglomerative clustering on cosine distance with a distance threshold, so the number of
groups follows the texts. Each group is named by its most central item and its most
characteristic words; the leader confirms, renames or splits the groups.

    groups = propose([Item("m1", "Fast morning meeting each Monday", "workload", "HF-01"), …])
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_THRESHOLD = 0.8  # cosine distance below which items join a group (0 = identical)

# Words that carry no theme in either language (measure texts are short; these dominate).
STOP_WORDS = frozenset(
    [
        "og",
        "i",
        "på",
        "til",
        "for",
        "med",
        "av",
        "som",
        "en",
        "et",
        "ei",
        "det",
        "den",
        "de",
        "er",
        "vi",
        "skal",
        "vil",
        "kan",
        "ha",
        "har",
        "å",
        "at",
        "om",
        "fra",
        "eller",
        "ved",
        "når",
        "hver",
        "alle",
        "oss",
        "vår",
        "vårt",
        "våre",
        "seg",
        "sin",
        "sitt",
        "sine",
        "mer",
        "mest",
        "and",
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "as",
        "is",
        "are",
        "we",
        "will",
        "shall",
        "can",
        "be",
        "our",
        "at",
        "from",
        "or",
        "each",
        "every",
        "all",
        "more",
        "most",
        "this",
        "that",
        "these",
        "those",
    ]
)


@dataclass(frozen=True)
class Item:
    key: str  # the caller's id of the measure or focus area
    text: str  # title and description
    dimension: str = ""  # questionnaire dimension code, "" when none
    unit: str = ""  # the unit it comes from


@dataclass(frozen=True)
class Group:
    dimension: str
    name: str  # the most central item's text, shortened
    terms: tuple[str, ...]  # the most characteristic words
    keys: tuple[str, ...]  # items in the group, most central first
    units: tuple[str, ...]  # distinct units, in order of appearance

    @property
    def across_units(self) -> bool:
        return len(self.units) > 1


def _normalise(text: str) -> str:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return " ".join(w for w in words if w not in STOP_WORDS)


def propose(items: Sequence[Item], *, threshold: float = DEFAULT_THRESHOLD) -> list[Group]:
    """Groups of similar items per dimension, the largest groups first; an item unlike any
    other is a group of its own."""
    by_dimension: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_dimension[item.dimension].append(item)
    groups: list[Group] = []
    for dimension, members in by_dimension.items():
        groups += _cluster(dimension, members, threshold)
    return ordered(groups)


def ordered(groups: Sequence[Group]) -> list[Group]:
    """Groups in the order `propose` returns them: across the most units first. The groups of
    each dimension are found independently, so groups proposed per dimension and put in this
    order are what `propose` gives for all the items at once."""
    return sorted(groups, key=lambda g: (-len(g.units), -len(g.keys), g.dimension, g.name))


def _cluster(dimension: str, items: list[Item], threshold: float) -> list[Group]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [_normalise(i.text) for i in items]
    if len(items) == 1 or not any(texts):
        return [_group(dimension, [i], ()) for i in items]
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    try:
        matrix = chars.fit_transform(texts)
    except ValueError:  # nothing but very short words
        return [_group(dimension, [i], ()) for i in items]
    # Rows are L2-normalised, so cosine distance is 1 − X·Xᵀ: an n × n matrix instead of the
    # dense n × features one.
    distances = np.clip(1.0 - (matrix @ matrix.T).toarray(), 0.0, None)
    np.fill_diagonal(distances, 0.0)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    ).fit_predict(distances)
    words = TfidfVectorizer(analyzer="word", token_pattern=r"(?u)\b[^\W\d_]{3,}\b")  # noqa: S106 (a regex, not a password)
    try:
        word_matrix = words.fit_transform(texts)
        vocabulary = np.array(words.get_feature_names_out())
    except ValueError:
        word_matrix, vocabulary = None, None
    result = []
    for label in sorted(set(labels.tolist())):
        rows = np.flatnonzero(labels == label)
        # The most central item: the highest mean similarity to the others of the group.
        order = rows[np.argsort(distances[np.ix_(rows, rows)].mean(axis=1))]
        terms: tuple[str, ...] = ()
        if word_matrix is not None and vocabulary is not None:
            weights = np.asarray(word_matrix[rows].sum(axis=0)).ravel()
            top = np.argsort(-weights)[:3]
            terms = tuple(str(vocabulary[t]) for t in top if weights[t] > 0)
        result.append(_group(dimension, [items[i] for i in order], terms))
    return result


def _group(dimension: str, members: list[Item], terms: tuple[str, ...]) -> Group:
    first = members[0].text.strip()
    name = first if len(first) <= 80 else first[:77].rstrip() + "…"
    units: list[str] = []
    for m in members:
        if m.unit and m.unit not in units:
            units.append(m.unit)
    return Group(dimension, name, terms, tuple(m.key for m in members), tuple(units))
