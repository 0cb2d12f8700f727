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
    {%- set number = (databricks_envs._dbenvs_ci_context(ci_env) or {}).get('pr_number') -%}
  {%- endif -%}
  {%- set number = (number | string | trim) if number is not none else '' -%}
  {%- if not number or number == 'None' -%}
    {%- set sources = [] -%}
    {%- for system in databricks_envs._dbenvs_ci_systems() -%}
      {%- do sources.append(system.pr ~ (' (refs/pull/<n>/merge)' if system.form == 'ref' else '')
          ~ (' (.../pull/<n>)' if system.form == 'url' else '') ~ ' for ' ~ system.name) -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error(
        'dbt-databricks-envs: this is a ci run, which builds into one schema per pull request, '
        ~ 'but no pull request number was found. Set `vars: databricks_envs: ci: pr_number`, '
        ~ 'or run in a pull request, where one of these is set: ' ~ sources | join(', ') ~ '.') }}
  {%- endif -%}
  {%- set schema = (settings.ci.schema_prefix ~ number) | lower | replace('-', '_') -%}
  {%- for char in schema if char not in 'abcdefghijklmnopqrstuvwxyz0123456789_' -%}
    {{ exceptions.raise_compiler_error(
        'dbt-databricks-envs: the ci schema `' ~ schema ~ '` (from `vars: databricks_envs: ci: '
        ~ 'schema_prefix` and the pull request number) may only hold letters, digits and _.') }}
  {%- endfor -%}
  {{ return(schema) }}
{%- endmacro %}
