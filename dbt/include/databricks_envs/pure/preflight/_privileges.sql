{#-
  Pure: Unity Catalog's privilege model over the facts preflight gathered.

  facts.grants holds the rows granted to this identity or to one of its groups:
  {level: catalog|schema|table, object: 'c' | 'c.s' | 'c.s.t', privilege, grantee}.
  A privilege granted on a catalog or schema is inherited by everything inside it. The owner of
  an object holds every privilege on it; owning its schema or catalog gives none ("schema owners
  do not automatically have all privileges on the tables in the schema", Unity Catalog's
  ownership documentation), only the right to drop it, grant on it or give it away.
-#}

{#- `USE_CATALOG` and `use catalog` alike become `USE CATALOG`: both spellings are seen. -#}
{% macro _dbenvs_pf_privilege(name) -%}
  {{ return((name or '') | upper | replace('_', ' ') | trim) }}
{%- endmacro %}


{% macro _dbenvs_pf_grant_index(grants) -%}
  {%- set index = {} -%}
  {%- for row in grants -%}
    {%- do index.setdefault(row.object | lower, []).append(databricks_envs._dbenvs_pf_privilege(row.privilege)) -%}
  {%- endfor -%}
  {{ return(index) }}
{%- endmacro %}


{#- The securables from the catalog down to `key` ('c', 'c.s' or 'c.s.t'). -#}
{% macro _dbenvs_pf_chain(key) -%}
  {%- set parts = key.split('.') -%}
  {%- set chain = [] -%}
  {%- for i in range(parts | length) -%}
    {%- do chain.append(parts[:i + 1] | join('.')) -%}
  {%- endfor -%}
  {{ return(chain) }}
{%- endmacro %}


{% macro _dbenvs_pf_owns(facts, key) -%}
  {%- set depth = key.split('.') | length -%}
  {%- set table = facts.catalogs if depth == 1 else (facts.schemas if depth == 2 else facts.relations) -%}
  {%- set owned = (table.get(key) or {}).get('owned', false) -%}
  {{ return(owned or ((facts.get('functions') or {}).get(key) or {}).get('owned', false)) }}
{%- endmacro %}


{#- Whether the identity owns `key` ('c.s.t') or its schema or catalog. -#}
{% macro _dbenvs_pf_owns_within(facts, key) -%}
  {%- for securable in databricks_envs._dbenvs_pf_chain(key) if databricks_envs._dbenvs_pf_owns(facts, securable) -%}
    {{ return(true) }}
  {%- endfor -%}
  {{ return(false) }}
{%- endmacro %}


{#- Whether the identity holds `privilege` on the securable `key`. -#}
{% macro _dbenvs_pf_has(facts, index, privilege, key) -%}
  {%- if databricks_envs._dbenvs_pf_owns(facts, key) -%}
    {{ return(true) }}
  {%- endif -%}
  {%- for securable in databricks_envs._dbenvs_pf_chain(key) -%}
    {%- set held = index.get(securable, []) -%}
    {%- if privilege in held or ('ALL PRIVILEGES' in held and privilege != 'MANAGE') -%}
      {{ return(true) }}
    {%- endif -%}
  {%- endfor -%}
  {{ return(false) }}
{%- endmacro %}


{#- `a.b.c` as Databricks SQL names it, each part backticked. -#}
{% macro _dbenvs_pf_quote(key) -%}
  {%- set parts = [] -%}
  {%- for part in key.split('.') -%}
    {%- do parts.append('`' ~ part | replace('`', '``') ~ '`') -%}
  {%- endfor -%}
  {{ return(parts | join('.')) }}
{%- endmacro %}


{#- One missing privilege: Databricks' own wording, and the GRANT that closes it. -#}
{% macro _dbenvs_pf_gap(privilege, key, user) -%}
  {%- set depth = key.split('.') | length -%}
  {%- set kind = ['Catalog', 'Schema', 'Table'][depth - 1] -%}
  {%- set securable = ['CATALOG', 'SCHEMA', 'TABLE'][depth - 1] -%}
  {%- if privilege == 'EXECUTE' -%}
    {%- set kind, securable = 'Function', 'FUNCTION' -%}
  {%- endif -%}
  {{ return({
      'text': 'User does not have ' ~ privilege ~ ' on ' ~ kind ~ " '" ~ key ~ "'",
      'grant': 'GRANT ' ~ privilege ~ ' ON ' ~ securable ~ ' ' ~ databricks_envs._dbenvs_pf_quote(key)
          ~ ' TO `' ~ user | replace('`', '``') ~ '`;',
  }) }}
{%- endmacro %}


{#- The gaps among (privilege, securable) needs, in order. -#}
{% macro _dbenvs_pf_gaps(facts, index, needs) -%}
  {%- set gaps = [] -%}
  {%- for need in needs if not databricks_envs._dbenvs_pf_has(facts, index, need[0], need[1]) -%}
    {%- do gaps.append(databricks_envs._dbenvs_pf_gap(need[0], need[1], facts.user)) -%}
  {%- endfor -%}
  {{ return(gaps) }}
{%- endmacro %}
