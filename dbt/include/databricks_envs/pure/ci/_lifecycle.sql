{#-
  Pure: the labels of a pull request schema, and which labelled schemas a cleanup drops.
  Evaluated by dbt (both install paths) and by the unit tests through rules.py.
-#}

{% macro _dbenvs_ci_label_prefix() -%}
  {{ return('dbt_databricks_envs.') }}
{%- endmacro %}


{#- The DBPROPERTIES of a schema a ci run creates; times as 'YYYY-MM-DDTHH:MM:SSZ'. -#}
{% macro _dbenvs_ci_labels(context, creator, created_at, expires_at) -%}
  {%- set prefix = databricks_envs._dbenvs_ci_label_prefix() -%}
  {{ return({
      prefix ~ 'ci': 'true',
      prefix ~ 'pr_number': context.get('pr_number') or '',
      prefix ~ 'commit': context.get('commit') or '',
      prefix ~ 'ci_system': context.get('system') or '',
      prefix ~ 'created_by': creator,
      prefix ~ 'created_at': created_at,
      prefix ~ 'expires_at': expires_at,
  }) }}
{%- endmacro %}


{% macro _dbenvs_ci_comment(labels) -%}
  {%- set prefix = databricks_envs._dbenvs_ci_label_prefix() -%}
  {{ return('dbt-databricks-envs CI schema of pull request ' ~ labels[prefix ~ 'pr_number']
      ~ ', expires ' ~ labels[prefix ~ 'expires_at']) }}
{%- endmacro %}


{#- `DESCRIBE SCHEMA EXTENDED`'s Properties, `((k1,v1), (k2,v2))`, as a mapping. -#}
{% macro _dbenvs_parse_properties(text) -%}
  {%- set found = {} -%}
  {%- set inner = (text or '') | trim -%}
  {%- if inner.startswith('(') and inner.endswith(')') -%}
    {%- set inner = inner[1:-1] -%}
  {%- endif -%}
  {%- for pair in inner.split('), (') -%}
    {%- set pair = pair.strip('()') -%}
    {%- set key, _, value = pair.partition(',') -%}
    {%- if key -%}
      {%- do found.update({key.strip(): value.strip()}) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(found) }}
{%- endmacro %}


{#-
  Which schemas a cleanup drops. `schemas`: {name: properties} of the catalog's schemas;
  `selector`: {pr_number} | {expired: true} | {older_than_days: D}; `pinned`: schema names;
  `now`: 'YYYY-MM-DDTHH:MM:SSZ'. Only schemas a ci run labelled are considered; each gets an
  action: drop, or keep with the reason.
-#}
{% macro _dbenvs_ci_cleanup_plan(schemas, selector, pinned, now, now_minus_days) -%}
  {%- set prefix = databricks_envs._dbenvs_ci_label_prefix() -%}
  {%- set rows = [] -%}
  {%- for name, properties in schemas | dictsort if properties.get(prefix ~ 'ci') == 'true' -%}
    {%- set row = {
        'schema': name,
        'pr_number': properties.get(prefix ~ 'pr_number', ''),
        'commit': properties.get(prefix ~ 'commit', ''),
        'created_by': properties.get(prefix ~ 'created_by', ''),
        'created_at': properties.get(prefix ~ 'created_at', ''),
        'expires_at': properties.get(prefix ~ 'expires_at', ''),
    } -%}
    {%- if 'pr_number' in selector -%}
      {%- set chosen = row.pr_number == (selector.pr_number | string) -%}
    {%- elif selector.get('expired') -%}
      {%- set chosen = row.expires_at != '' and row.expires_at <= now -%}
    {%- else -%}
      {%- set chosen = row.created_at != '' and row.created_at <= now_minus_days -%}
    {%- endif -%}
    {%- if not chosen -%}
    {%- elif name in pinned or properties.get(prefix ~ 'pinned') == 'true' -%}
      {%- do row.update({'action': 'keep', 'reason': 'pinned'}) -%}
      {%- do rows.append(row) -%}
    {%- else -%}
      {%- do row.update({'action': 'drop', 'reason': ''}) -%}
      {%- do rows.append(row) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(rows) }}
{%- endmacro %}
