{#-
  Pure rules, evaluated by dbt and by the adapter's Python (rules.py) alike, so the two can
  never disagree. Only plain Jinja here: no adapter, no var(), no env_var(); callers pass values.
-#}

{#- The `vars: databricks_envs:` settings, validated, with every default filled in. -#}
{% macro _dbenvs_settings(raw) -%}
  {%- set environments = databricks_envs._dbenvs_environments() -%}
  {%- set known = ['environment', 'target_names', 'protected_catalogs', 'preflight'] + environments -%}
  {%- set env_keys = ['custom_schemas', 'custom_databases', 'catalogs', 'schema_prefix', 'pr_number'] -%}
  {%- set schema_modes = ['ignore', 'prefix', 'as_is'] -%}
  {%- set database_modes = ['ignore', 'as_is'] -%}
  {%- set raw = {} if raw is none else raw -%}
  {%- if raw is not mapping -%}
    {{ databricks_envs._dbenvs_setting_error('', 'must be a mapping of settings', raw) }}
  {%- endif -%}
  {%- for key in raw if key not in known -%}
    {{ databricks_envs._dbenvs_setting_error(key, 'is not a setting; known settings: ' ~ known | join(', '), raw[key]) }}
  {%- endfor -%}

  {%- set environment = raw.get('environment') -%}
  {%- if environment is not none and environment not in environments -%}
    {{ databricks_envs._dbenvs_setting_error('environment', 'must be one of ' ~ environments | join(', '), environment) }}
  {%- endif -%}

  {%- set target_names = {'prod': ['prod', 'production'], 'staging': ['staging'], 'ci': ['ci']} -%}
  {%- set raw_names = raw.get('target_names', {}) -%}
  {%- if raw_names is not mapping -%}
    {{ databricks_envs._dbenvs_setting_error('target_names', 'must map an environment to a list of target names', raw_names) }}
  {%- endif -%}
  {%- for env, names in raw_names.items() -%}
    {%- if env not in environments -%}
      {{ databricks_envs._dbenvs_setting_error('target_names.' ~ env, 'is not an environment; use one of ' ~ environments | join(', '), names) }}
    {%- endif -%}
    {%- if names is string or names is not sequence -%}
      {{ databricks_envs._dbenvs_setting_error('target_names.' ~ env, 'must be a list of target names', names) }}
    {%- endif -%}
    {%- do target_names.update({env: names | list}) -%}
  {%- endfor -%}

  {%- set protected = raw.get('protected_catalogs', ['prod']) -%}
  {%- if protected is string or protected is not sequence -%}
    {{ databricks_envs._dbenvs_setting_error('protected_catalogs', 'must be a list of catalog names', protected) }}
  {%- endif -%}

  {%- set settings = {
      'environment': environment,
      'target_names': target_names,
      'protected_catalogs': protected | map('lower') | list,
      'preflight': databricks_envs._dbenvs_preflight_settings(raw.get('preflight', {})),
  } -%}
  {%- for env in environments -%}
    {%- set deployed = env in databricks_envs._dbenvs_deployments() -%}
    {%- set rules = {
        'custom_schemas': 'as_is' if deployed else 'ignore',
        'custom_databases': 'as_is' if deployed else 'ignore',
        'catalogs': {},
        'schema_prefix': 'dbt_ci_pr_',
        'pr_number': none,
    } -%}
    {%- if env == 'ci' -%}
      {#- The lifecycle of pull request schemas: cleanup_ci_schemas. -#}
      {%- do rules.update({'ttl_days': 7, 'pinned': []}) -%}
    {%- endif -%}
    {%- set allowed = env_keys + (['ttl_days', 'pinned'] if env == 'ci' else []) -%}
    {%- set given = raw.get(env, {}) -%}
    {%- if given is not mapping -%}
      {{ databricks_envs._dbenvs_setting_error(env, 'must be a mapping with any of ' ~ allowed | join(', '), given) }}
    {%- endif -%}
    {%- for key, value in given.items() -%}
      {%- if key not in allowed -%}
        {{ databricks_envs._dbenvs_setting_error(env ~ '.' ~ key, 'is not a setting; known settings: ' ~ allowed | join(', '), value) }}
      {%- elif key == 'ttl_days' and (value is not number or value is boolean or value <= 0) -%}
        {{ databricks_envs._dbenvs_setting_error(env ~ '.' ~ key, 'must be a number of days, more than 0', value) }}
      {%- elif key == 'pinned' and (value is string or value is not sequence) -%}
        {{ databricks_envs._dbenvs_setting_error(env ~ '.' ~ key, 'must be a list of schema names', value) }}
      {%- elif key == 'custom_schemas' and value not in schema_modes -%}
        {{ databricks_envs._dbenvs_setting_error(env ~ '.' ~ key, 'must be one of ' ~ schema_modes | join(', '), value) }}
      {%- elif key == 'custom_databases' and value not in database_modes -%}
        {{ databricks_envs._dbenvs_setting_error(env ~ '.' ~ key, 'must be one of ' ~ database_modes | join(', '), value) }}
      {%- elif key == 'catalogs' and value is not mapping -%}
        {{ databricks_envs._dbenvs_setting_error(env ~ '.' ~ key, 'must map a +database value to a catalog, like {analytics: prod_analytics}', value) }}
      {%- elif key == 'schema_prefix' and value is not string -%}
        {{ databricks_envs._dbenvs_setting_error(env ~ '.' ~ key, 'must be a string', value) }}
      {%- endif -%}
      {%- do rules.update({key: value}) -%}
    {%- endfor -%}
    {%- do settings.update({env: rules}) -%}
  {%- endfor -%}
  {{ return(settings) }}
{%- endmacro %}


{#- `preflight:` thresholds of token.expiry, in days left. -#}
{% macro _dbenvs_preflight_settings(given) -%}
  {%- set preflight = {'token_warn_days': 14, 'token_fail_days': 3} -%}
  {%- if given is not mapping -%}
    {{ databricks_envs._dbenvs_setting_error('preflight', 'must be a mapping with any of ' ~ preflight.keys() | join(', '), given) }}
  {%- endif -%}
  {%- for key, value in given.items() -%}
    {%- if key not in preflight -%}
      {{ databricks_envs._dbenvs_setting_error('preflight.' ~ key, 'is not a setting; known settings: ' ~ preflight.keys() | join(', '), value) }}
    {%- elif value is not number or value is boolean or value < 0 -%}
      {{ databricks_envs._dbenvs_setting_error('preflight.' ~ key, 'must be a number of days, 0 or more', value) }}
    {%- endif -%}
    {%- do preflight.update({key: value}) -%}
  {%- endfor -%}
  {%- if preflight.token_fail_days > preflight.token_warn_days -%}
    {{ databricks_envs._dbenvs_setting_error('preflight.token_fail_days', 'must not exceed token_warn_days ('
        ~ preflight.token_warn_days ~ ')', preflight.token_fail_days) }}
  {%- endif -%}
  {{ return(preflight) }}
{%- endmacro %}


{% macro _dbenvs_setting_error(key, problem, value) -%}
  {%- set name = 'vars: databricks_envs' ~ (': ' ~ key if key else '') -%}
  {{ exceptions.raise_compiler_error(
      'Invalid dbt-databricks-envs setting `' ~ name ~ '` ' ~ problem ~ ' (got: ' ~ value ~ '). '
      ~ 'Fix it under `vars: databricks_envs:` in dbt_project.yml or in --vars.') }}
{%- endmacro %}
