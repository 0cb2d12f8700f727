"""A small dbt project touching every path where `type: databricks_envs` answers metadata from
what the run knows: tables, views, merges, a contract with constraints, a snapshot, seeds, data
tests, persisted docs, table properties, and hooks that change a relation after it was
described — one through run_query, one through the raw handle dbt hands to Jinja. `probe` reads
`orders_table`'s column comments after those hooks, so a stale answer shows in its data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

PROJECT = "roundtrips"

MODELS = {
    "stg_orders": "{{ config(materialized='view') }}\n"
    "select id, id * 10 as amount, name as customer from {{ ref('customers') }}",
    "orders_table": "{{ config(materialized='table', tblproperties={'quality': 'gold'},"
    ' post_hook="{{ describe_then_comment_through_handle(this) }}") }}\n'
    "select id, amount, customer from {{ ref('stg_orders') }}",
    "orders_inc": "{{ config(materialized='incremental', unique_key='id',"
    " tblproperties={'tier': 'silver'},"
    " post_hook=\"ALTER TABLE {{ this }} SET TBLPROPERTIES ('hooked' = 'yes')\") }}\n"
    "select id, amount, customer from {{ ref('stg_orders') }}\n"
    "{% if is_incremental() %} where id >= 2 {% endif %}",
    "orders_contract": "select cast(id as bigint) as id, cast(amount as bigint) as amount"
    " from {{ ref('orders_inc') }}",
    "customer_view": "{{ config(materialized='view') }}\n"
    "select customer, count(*) as orders from {{ ref('orders_table') }} group by customer",
    "probe": "{{ config(materialized='table') }}\n-- depends_on: {{ ref('orders_table') }}\n"
    "{% set seen = [] %}{% if execute %}"
    "{% for column in adapter.get_columns_in_relation(ref('orders_table')) %}"
    "{% do seen.append(column.name ~ '=' ~ (column.comment or '')) %}"
    "{% endfor %}{% endif %}\n"
    "select '{{ seen | join(\"; \") }}' as seen",
}

HOOK_MACRO = """{% macro describe_then_comment_through_handle(relation) %}
  {#- Describes the table (an answer the run may keep), then changes it behind dbt's back. -#}
  {%- if execute -%}
    {%- do adapter.get_columns_in_relation(relation) -%}
    {%- set conn, cursor = adapter.add_query('select 1', auto_begin=False) -%}
    {%- do conn.handle.execute(
          "COMMENT ON COLUMN " ~ relation ~ ".`id` IS 'set through the handle'") -%}
  {%- endif -%}
{% endmacro %}
"""

SNAPSHOT = """{% snapshot orders_snapshot %}
{{ config(unique_key='id', strategy='check', check_cols=['amount']) }}
select id, amount, customer from {{ ref('stg_orders') }}
{% endsnapshot %}
"""


def _columns(*names: str, tested: bool = False) -> list[dict[str, Any]]:
    columns: list[dict[str, Any]] = [{"name": n, "description": f"the {n}"} for n in names]
    if tested:
        columns[0]["data_tests"] = ["unique", "not_null"]
    return columns


SCHEMA = {
    "version": 2,
    "models": [
        {"name": "stg_orders", "description": "orders, staged", "columns": _columns("id")},
        {
            "name": "orders_table",
            "description": "orders as a table",
            "columns": _columns("id", "amount", tested=True),
        },
        {
            "name": "orders_inc",
            "description": "orders, merged",
            "columns": _columns("id", "customer", tested=True),
        },
        {
            "name": "orders_contract",
            "description": "orders under a contract",
            "config": {
                "materialized": "incremental",
                "unique_key": "id",
                "contract": {"enforced": True},
                "on_schema_change": "append_new_columns",
            },
            "columns": [
                {
                    "name": "id",
                    "data_type": "bigint",
                    "description": "the id",
                    "constraints": [{"type": "not_null"}],
                },
                {"name": "amount", "data_type": "bigint"},
            ],
        },
        {"name": "customer_view", "description": "orders per customer"},
    ],
}


def write_project(root: Path) -> None:
    for folder in ("models", "macros", "seeds", "snapshots"):
        (root / folder).mkdir(parents=True)
    for name, sql in MODELS.items():
        (root / "models" / f"{name}.sql").write_text(sql + "\n")
    (root / "models" / "schema.yml").write_text(yaml.safe_dump(SCHEMA, sort_keys=False))
    (root / "macros" / "hooks.sql").write_text(HOOK_MACRO)
    (root / "snapshots" / "orders_snapshot.sql").write_text(SNAPSHOT)
    (root / "seeds" / "customers.csv").write_text("id,name\n1,ann\n2,bob\n3,cy\n")
    project = {
        "name": PROJECT,
        "version": "1.0",
        "config-version": 2,
        "profile": PROJECT,
        "models": {PROJECT: {"+persist_docs": {"relation": True, "columns": True}}},
    }
    (root / "dbt_project.yml").write_text(yaml.safe_dump(project, sort_keys=False))
