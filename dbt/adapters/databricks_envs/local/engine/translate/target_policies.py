"""MERGE, UPDATE and DELETE on a table with a row filter or column masks.

The writer sees the target through its row filter, as when reading it: rows the filter hides
are neither matched, updated nor deleted (and a source row matching only hidden rows is not
matched). Masked columns hold values the writer may not see, so a statement comparing or
computing with a masked column of the target is refused as not supported; writing one from
the source (``UPDATE SET *``, ``INSERT *``) is fine.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlglot import exp

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.storage.model import RelationInfo
from dbt.adapters.databricks_envs.local.engine.translate import protection


def restrict_merge(node: exp.Merge, relation: RelationInfo | None, target: str) -> None:
    """Applies the target's row filter to a translated MERGE whose target is known as
    ``target`` (its alias or name)."""
    if relation is None:
        return
    whens = node.args["whens"].expressions if node.args.get("whens") else []
    reads = [node.args.get("on"), *(w.args.get("condition") for w in whens)]
    for when in whens:
        then = when.args.get("then")
        if isinstance(then, exp.Update):
            reads.extend(e.expression for e in then.expressions if isinstance(e, exp.EQ))
        elif isinstance(then, exp.Insert):
            reads.append(then.args.get("expression"))
    _refuse_masked(reads, relation, target, "MERGE")
    predicate = _predicate(relation, target)
    if predicate is None:
        return
    node.set("on", exp.and_(exp.Paren(this=node.args["on"]), predicate))
    for when in whens:
        if not when.args.get("matched") and when.args.get("source"):
            condition = when.args.get("condition")
            both = exp.and_(predicate.copy(), exp.Paren(this=condition)) if condition else None
            when.set("condition", both or predicate.copy())


def restrict_where(
    node: exp.Update | exp.Delete, relation: RelationInfo | None, target: str
) -> None:
    """Applies the target's row filter to a translated UPDATE or DELETE."""
    if relation is None:
        return
    where = node.args.get("where")
    reads = [where.this if where else None]
    if isinstance(node, exp.Update):
        reads.extend(e.expression for e in node.expressions if isinstance(e, exp.EQ))
    _refuse_masked(reads, relation, target, "UPDATE" if isinstance(node, exp.Update) else "DELETE")
    predicate = _predicate(relation, target)
    if predicate is None:
        return
    condition = exp.and_(predicate, exp.Paren(this=where.this)) if where else predicate
    node.set("where", exp.Where(this=condition))


def _predicate(relation: RelationInfo, target: str) -> exp.Expr | None:
    rule = relation.row_filter
    if rule is None:
        return None
    return protection.call(rule.function, rule.arguments, qualifier=target)


def _refuse_masked(
    reads: Iterable[exp.Expr | None], relation: RelationInfo, target: str, statement: str
) -> None:
    masked = {c.lower() for c in relation.column_masks}
    if not masked:
        return
    for tree in reads:
        for column in tree.find_all(exp.Column) if tree is not None else ():
            if column.name.lower() in masked and column.table.lower() in ("", target.lower()):
                raise errors.not_supported(
                    f"{statement} reading the masked column {column.name} of its target"
                )
