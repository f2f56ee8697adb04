"""lib/rates.py: which response rates may be shown, and how they are rounded."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lib.rates import Node, rounded_percent, shown


def test_it_rounds_to_five_percent_steps_half_up():
    assert rounded_percent(0, 7) == 0
    assert rounded_percent(1, 3) == 35  # 33.3
    assert rounded_percent(1, 40) == 5  # 2.5 rounds up
    assert rounded_percent(7, 10) == 70
    assert rounded_percent(12, 12) == 100


def test_it_hides_units_with_fewer_than_k_invited():
    nodes = [
        Node("root", None, 30),
        Node("a", "root", 25),
        Node("b", "root", 3),
        Node("c", "root", 2),
    ]
    assert shown(nodes, 5) == {"root", "a"}


def test_it_hides_a_sub_unit_when_the_parent_would_give_away_a_small_residual():
    # root 30 = a 27 + 3 attached directly: root and a together would give the 3 away.
    nodes = [Node("root", None, 30), Node("a", "root", 27)]
    assert shown(nodes, 5) == {"root"}


def test_it_hides_the_smallest_covering_sub_unit_with_everything_below_it():
    nodes = [
        Node("root", None, 40),
        Node("a", "root", 20),
        Node("b", "root", 18),
        Node("b1", "b", 9),
        Node("b2", "b", 9),
    ]
    assert shown(nodes, 5) == {"root", "a"}


@st.composite
def trees(draw):
    count = draw(st.integers(1, 12))
    parents = [None] + [draw(st.integers(0, i - 1)) for i in range(1, count)]
    own = [draw(st.integers(0, 12)) for _ in range(count)]
    totals = own[:]
    for i in range(count - 1, 0, -1):
        totals[parents[i]] += totals[i]
    return [
        Node(str(i), None if parents[i] is None else str(parents[i]), totals[i])
        for i in range(count)
    ]


@given(trees(), st.integers(3, 10))
def test_every_shown_unit_leaves_a_residual_of_zero_or_at_least_k(nodes, k):
    visible = shown(nodes, k)
    by_key = {n.key: n for n in nodes}
    children = {}
    for n in nodes:
        if n.parent is not None:
            children.setdefault(n.parent, []).append(n.key)

    def covering(key):
        out = []
        for child in children.get(key, []):
            out.extend([child] if child in visible else covering(child))
        return out

    for key in visible:
        assert by_key[key].invited >= k
        residual = by_key[key].invited - sum(by_key[c].invited for c in covering(key))
        assert residual == 0 or residual >= k
