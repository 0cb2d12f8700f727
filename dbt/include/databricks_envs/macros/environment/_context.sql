{#- The resolved environment and settings, from this invocation's profile, vars and env. -#}
{% macro _dbenvs_context() -%}
  {%- set settings = databricks_envs._dbenvs_settings(var('databricks_envs', none)) -%}
  {%- set environment = databricks_envs._dbenvs_resolve_environment(
      target.get('environment'), settings, env_var('DBT_CLOUD_INVOCATION_CONTEXT', ''), target.name) -%}
  {%- set ci_env = {} -%}
  {%- if environment == 'ci' -%}
    {%- for name in ['DBT_CLOUD_PR_ID', 'GITHUB_REF', 'CI_MERGE_REQUEST_IID'] -%}
      {%- do ci_env.update({name: env_var(name, '')}) -%}
    {%- endfor -%}
  {%- endif -%}
  {{ return({'environment': environment, 'settings': settings, 'ci_env': ci_env}) }}
{%- endmacro %}
