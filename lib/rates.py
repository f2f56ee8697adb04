"""Which response rates may be shown, and how they are rounded (DESIGN §3). No Django.

A rate is shown for a unit (counting everything below it) only where at least `k` people
were invited. Because a parent's rate and its children's rates together would give away the
rate of the few people attached directly to the parent, the same residual rule as for
reports applies: for every shown unit, the invited people not covered by its nearest shown
descendants must number 0 or at least k; while a residual is between 1 and k−1 the smallest
covering descendant is hidden (with everything below it). Rates are rounded to 5-percent
steps, so one more answer in a larger unit often does not change the number shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

STEP = 5  # percent


@dataclass(frozen=True)
class Node:
    key: str
    parent: str | None
    invited: int  # this unit and everything below it


def rounded_percent(part: int, whole: int, step: int = STEP) -> int:
    """`part / whole` in percent, rounded half up to a multiple of `step`."""
    if whole <= 0:
        raise ValueError("whole must be positive")
    # round(100 * part / whole / step) * step, in integers: no floating-point surprises.
    return (200 * part + step * whole) // (2 * step * whole) * step


def shown(nodes: Iterable[Node], k: int) -> set[str]:
    """The keys whose rate may be shown."""
    nodes = list(nodes)
    by_key = {n.key: n for n in nodes}
    children: dict[str, list[str]] = {}
    for node in nodes:
        if node.parent in by_key:
            children.setdefault(node.parent, []).append(node.key)
    visible = {n.key for n in nodes if n.invited >= k}

    def covering(key: str) -> list[str]:
        """The nearest shown descendants of `key`."""
        found: list[str] = []
        for child in children.get(key, []):
            found.extend([child] if child in visible else covering(child))
        return found

    def hide_subtree(key: str) -> None:
        visible.discard(key)
        for child in children.get(key, []):
            hide_subtree(child)

    changed = True
    while changed:
        changed = False
        for node in nodes:
            if node.key not in visible:
                continue
            cover = covering(node.key)
            residual = node.invited - sum(by_key[c].invited for c in cover)
            if 0 < residual < k:
                hide_subtree(min(cover, key=lambda c: (by_key[c].invited, c)))
                changed = True
    return visible
