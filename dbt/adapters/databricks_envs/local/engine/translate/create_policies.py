"""``CREATE TABLE`` with ``WITH ROW FILTER f ON (...)`` or a column's ``MASK f [USING COLUMNS
(...)]``, which sqlglot does not read: those clauses are read here on the tokens and cut out,
and the rest of the statement goes to sqlglot as any CREATE TABLE."""

from __future__ import annotations

from sqlglot import exp
from sqlglot.tokens import TokenType

from dbt.adapters.databricks_envs.local.engine import errors
from dbt.adapters.databricks_envs.local.engine.translate.commands import (
    ColumnMaskChange,
    CreateWithPolicies,
    ParseQuery,
    RowFilterChange,
)
from dbt.adapters.databricks_envs.local.engine.translate.row_policies import (
    arguments_of,
    mask_of,
)
from dbt.adapters.databricks_envs.local.engine.translate.tokens import TokenStream

_CLAUSES = frozenset(
    {"USING", "PARTITIONED", "CLUSTER", "CLUSTERED", "COMMENT", "TBLPROPERTIES", "OPTIONS"}
    | {"LOCATION", "WITH", "ROW"}
)


def create_with_policies(sql: str, parse_query: ParseQuery) -> CreateWithPolicies | None:
    """The statement read without its row filter and masks, if it is a CREATE TABLE that has
    any; None otherwise."""
    s = TokenStream(sql)
    if s.peek_word() != "CREATE" or "TABLE" not in [s.peek_word(i) for i in range(1, 5)]:
        return None
    cuts: list[tuple[int, int]] = []
    row_filter = None
    masks: list[ColumnMaskChange] = []
    depth = 0
    # The column list: the first parenthesis at depth 0, before AS.
    columns_open = columns_done = False
    column: str | None = None
    expect_column = False
    while not s.done:
        token = s.tokens[s.pos]
        word = s.peek_word()
        if token.token_type == TokenType.L_PAREN:
            depth += 1
            if depth == 1 and not columns_done and not columns_open:
                columns_open, expect_column = True, True
            s.pos += 1
            continue
        if token.token_type == TokenType.R_PAREN:
            depth -= 1
            if depth == 0 and columns_open:
                columns_open, columns_done = False, True
            s.pos += 1
            continue
        if depth == 0 and word == "AS":
            break
        if depth == 0 and word in _CLAUSES:
            # Past the column list, if there was one.
            columns_done = True
        if depth == 0 and s.accept("WITH", "ROW", "FILTER"):
            function = s.name()
            s.expect("ON")
            row_filter = RowFilterChange((), function, arguments_of(s))
            cuts.append((token.start, s.tokens[s.pos - 1].end + 1))
            continue
        if depth == 1 and columns_open:
            if token.token_type == TokenType.COMMA:
                expect_column = True
            elif expect_column:
                column, expect_column = token.text, False
            elif word == "MASK" and column is not None:
                s.pos += 1
                end = _mask_end(s)
                mask = mask_of(TokenStream(sql[s.tokens[s.pos].start : end]), (), column)
                masks.append(mask)
                cuts.append((token.start, end))
                s.pos = _position_at(s, end)
                continue
        s.pos += 1
    if not cuts:
        return None
    kept = sql
    for start, end in reversed(cuts):
        kept = kept[:start] + " " + kept[end:]
    create = parse_query(kept)
    if not isinstance(create, exp.Create):
        raise errors.parse_error("CREATE")
    return CreateWithPolicies(create, row_filter, tuple(masks))


def _mask_end(s: TokenStream) -> int:
    """Where ``f [USING COLUMNS (...)]`` after MASK ends, in the text."""
    start = s.pos
    s.name()
    if s.accept("USING", "COLUMNS"):
        s.skip_balanced()
    end = s.tokens[s.pos - 1].end + 1
    s.pos = start
    return end


def _position_at(s: TokenStream, offset: int) -> int:
    """The index of the first token starting at or after ``offset``."""
    return next((i for i, t in enumerate(s.tokens) if t.start >= offset), len(s.tokens))
