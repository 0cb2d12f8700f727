{#- Where a model, seed or snapshot lands (ARCHITECTURE "Routing"). -#}

{% macro _dbenvs_route_schema(environment, custom_schema_name, target_schema, settings, ci_env) -%}
  {%- set rules = settings[environment] -%}
  {%- set base = databricks_envs._dbenvs_ci_schema(settings, ci_env) if environment == 'ci' else target_schema -%}
  {%- set custom = (custom_schema_name | trim) if custom_schema_name is not none else none -%}
  {%- if not custom or rules.custom_schemas == 'ignore' -%}
    {{ return(base) }}
  {%- elif rules.custom_schemas == 'prefix' -%}
    {{ return(base ~ '_' ~ custom) }}
  {%- else -%}
    {{ return(custom) }}
  {%- endif -%}
{%- endmacro %}


{% macro _dbenvs_route_database(environment, custom_database_name, target_database, settings) -%}
  {%- set rules = settings[environment] -%}
  {%- if custom_database_name is none or rules.custom_databases == 'ignore' -%}
    {{ return(target_database) }}
  {%- endif -%}
  {%- set custom = custom_database_name | trim -%}
  {{ return(rules.catalogs.get(custom, custom)) }}
{%- endmacro %}


{#- One schema per pull request, named from the CI system's environment or a var. -#}
{% macro _dbenvs_ci_schema(settings, ci_env) -%}
  {%- set number = settings.ci.pr_number -%}
  {%- if number is none or number == '' -%}
    {%- set number = ci_env.get('DBT_CLOUD_PR_ID') -%}
  {%- endif -%}
  {%- if not number -%}
    {%- set ref = (ci_env.get('GITHUB_REF') or '').split('/') -%}
    {%- if ref | length >= 3 and ref[0] == 'refs' and ref[1] == 'pull' -%}
      {%- set number = ref[2] -%}
    {%- endif -%}
  {%- endif -%}
  {%- if not number -%}
    {%- set number = ci_env.get('CI_MERGE_REQUEST_IID') -%}
  {%- endif -%}
  {%- set number = (number | string | trim) if number is not none else '' -%}
  {%- if not number or number == 'None' -%}
    {{ exceptions.raise_compiler_error(
        'dbt-databricks-envs: this is a ci run, which builds into one schema per pull request, '
        ~ 'but no pull request number was found. Set DBT_CLOUD_PR_ID, GITHUB_REF '
        ~ '(refs/pull/<n>/merge), CI_MERGE_REQUEST_IID, or `vars: databricks_envs: ci: pr_number`.') }}
  {%- endif -%}
  {%- set schema = (settings.ci.schema_prefix ~ number) | lower | replace('-', '_') -%}
  {%- for char in schema if char not in 'abcdefghijklmnopqrstuvwxyz0123456789_' -%}
    {{ exceptions.raise_compiler_error(
        'dbt-databricks-envs: the ci schema `' ~ schema ~ '` (from `vars: databricks_envs: ci: '
        ~ 'schema_prefix` and the pull request number) may only hold letters, digits and _.') }}
  {%- endfor -%}
  {{ return(schema) }}
{%- endmacro %}
