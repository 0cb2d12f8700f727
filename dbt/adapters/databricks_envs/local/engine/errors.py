"""Errors worded as a Databricks SQL warehouse words them.

dbt-databricks recognises "object not found" by substrings (``[TABLE_OR_VIEW_NOT_FOUND]``,
``[SCHEMA_NOT_FOUND]``), and users grep for the error class, so every message starts with
``[ERROR_CLASS]`` and ends with ``SQLSTATE: xxxxx`` exactly like the real service.
"""

from __future__ import annotations

from dbt.adapters.databricks_envs.local.api import WarehouseError

# Our own class for Databricks features the local warehouse deliberately refuses. Databricks has
# no such class; the name says plainly where the refusal comes from. SQLSTATE 0A000 is the
# standard "feature not supported".
NOT_SUPPORTED_CLASS = "NOT_SUPPORTED_BY_LOCAL_WAREHOUSE"


def error(error_class: str, sqlstate: str, text: str) -> WarehouseError:
    return WarehouseError(error_class, sqlstate, f"[{error_class}] {text} SQLSTATE: {sqlstate}")


def quote_parts(*parts: str) -> str:
    return ".".join("`" + p.replace("`", "``") + "`" for p in parts)


def table_not_found(*parts: str) -> WarehouseError:
    return error(
        "TABLE_OR_VIEW_NOT_FOUND",
        "42P01",
        f"The table or view {quote_parts(*parts)} cannot be found. Verify the spelling and "
        "correctness of the schema and catalog.\nIf you did not qualify the name with a schema, "
        "verify the current_schema() output, or qualify the name with the correct schema and "
        "catalog.\nTo tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF "
        "EXISTS.",
    )


def schema_not_found(catalog: str, schema: str) -> WarehouseError:
    return error(
        "SCHEMA_NOT_FOUND",
        "42704",
        f"The schema {quote_parts(catalog, schema)} cannot be found. Verify the spelling and "
        "correctness of the schema and catalog.\nIf you did not qualify the name with a "
        "catalog, verify the current_schema() output, or qualify the name with the correct "
        "catalog.\nTo tolerate the error on drop use DROP SCHEMA IF EXISTS.",
    )


def catalog_not_found(catalog: str) -> WarehouseError:
    return error(
        "CATALOG_NOT_FOUND",
        "42P08",
        f"The catalog {quote_parts(catalog)} cannot be found. Verify the spelling and "
        "correctness of the catalog.\nTo tolerate the error on drop use DROP CATALOG IF EXISTS.",
    )


def table_already_exists(*parts: str) -> WarehouseError:
    return error(
        "TABLE_OR_VIEW_ALREADY_EXISTS",
        "42P07",
        f"Cannot create table or view {quote_parts(*parts)} because it already exists.\n"
        "Choose a different name, drop or replace the existing object, or add the IF NOT "
        "EXISTS clause to tolerate pre-existing objects.",
    )


def schema_already_exists(catalog: str, schema: str) -> WarehouseError:
    return error(
        "SCHEMA_ALREADY_EXISTS",
        "42P06",
        f"Cannot create schema {quote_parts(catalog, schema)} because it already exists.\n"
        "Choose a different name, drop the existing schema, or add the IF NOT EXISTS clause to "
        "tolerate pre-existing schema.",
    )


def catalog_already_exists(catalog: str) -> WarehouseError:
    return error(
        "CATALOG_ALREADY_EXISTS",
        "42P04",
        f"Cannot create catalog {quote_parts(catalog)} because it already exists.\n"
        "Choose a different name, drop the existing catalog, or add the IF NOT EXISTS clause "
        "to tolerate pre-existing catalog.",
    )


def schema_not_empty(catalog: str, schema: str) -> WarehouseError:
    return error(
        "SCHEMA_NOT_EMPTY",
        "2BP01",
        f"Cannot drop a schema {quote_parts(catalog, schema)} because it contains objects.\n"
        "Use DROP SCHEMA ... CASCADE to drop the schema and all its objects.",
    )


def catalog_not_empty(catalog: str) -> WarehouseError:
    return error(
        "CATALOG_NOT_EMPTY",
        "2BP01",
        f"Cannot drop a catalog {quote_parts(catalog)} because it contains schemas.\n"
        "Use DROP CATALOG ... CASCADE to drop the catalog and all its schemas.",
    )


def wrong_object_type(parts: tuple[str, ...], expected: str, found: str) -> WarehouseError:
    """``DROP VIEW`` on a table, ``ALTER TABLE`` on a view, and the like."""
    return error(
        f"EXPECT_{expected}_NOT_{found}.NO_ALTERNATIVE",
        "42809",
        f"'{quote_parts(*parts)}' is a {found.lower().replace('_', ' ')}, but the operation "
        f"expects a {expected.lower().replace('_', ' ')}.",
    )


def unresolved_column(name: str, candidates: list[str]) -> WarehouseError:
    if candidates:
        listed = ", ".join(quote_parts(c) for c in candidates)
        return error(
            "UNRESOLVED_COLUMN.WITH_SUGGESTION",
            "42703",
            f"A column, variable, or function parameter with name {quote_parts(name)} cannot "
            f"be resolved. Did you mean one of the following? [{listed}].",
        )
    return error(
        "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION",
        "42703",
        f"A column, variable, or function parameter with name {quote_parts(name)} cannot be "
        "resolved.",
    )


def parse_error(near: str) -> WarehouseError:
    return error("PARSE_SYNTAX_ERROR", "42601", f"Syntax error at or near '{near}'.")


def not_supported(feature: str) -> WarehouseError:
    return error(
        NOT_SUPPORTED_CLASS,
        "0A000",
        f"This statement uses a feature that is not supported by the local warehouse: "
        f"{feature}. Run it against a Databricks SQL warehouse instead.",
    )


def divide_by_zero() -> WarehouseError:
    return error(
        "DIVIDE_BY_ZERO",
        "22012",
        "Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL "
        'instead. If necessary set "ansi_mode" to "false" to bypass this error.',
    )


def cast_invalid_input(detail: str) -> WarehouseError:
    return error(
        "CAST_INVALID_INPUT",
        "22018",
        f"{detail} Correct the value as per the syntax, or change its target type. Use "
        "`try_cast` to tolerate malformed input and return NULL instead.",
    )


def cancelled() -> WarehouseError:
    return error("OPERATION_CANCELED", "HY008", "The statement was cancelled.")


def invalid(error_class: str, text: str, sqlstate: str = "42000") -> WarehouseError:
    return error(error_class, sqlstate, text)


def internal(text: str) -> WarehouseError:
    return error("INTERNAL_ERROR", "XX000", text)


def routine_not_found(*parts: str) -> WarehouseError:
    return error(
        "ROUTINE_NOT_FOUND",
        "42883",
        f"The routine {quote_parts(*parts)} cannot be found. Verify the spelling and "
        "correctness of the schema and catalog.\nIf you did not qualify the name with a schema "
        "and catalog, verify the current_schema() output, or qualify the name with the correct "
        "schema and catalog.\nTo tolerate the error on drop use DROP FUNCTION IF EXISTS.",
    )


def routine_already_exists(*parts: str) -> WarehouseError:
    return error(
        "ROUTINE_ALREADY_EXISTS",
        "42723",
        f"Cannot create the function {quote_parts(*parts)} because it already exists.\n"
        "Choose a different name, drop or replace the existing function, or add the IF NOT "
        "EXISTS clause to tolerate a pre-existing function.",
    )


def unresolved_routine(name: str) -> WarehouseError:
    return error(
        "UNRESOLVED_ROUTINE",
        "42883",
        f"Cannot resolve routine {quote_parts(name)} on search path [`system`.`builtin`, "
        "`system`.`session`]. Verify the spelling of the routine, check that it exists, and "
        "confirm you have USE privilege on the catalog and schema, and EXECUTE on the routine.",
    )
