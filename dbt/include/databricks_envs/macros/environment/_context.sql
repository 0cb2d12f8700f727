{#-
  Runs one of the pure rules (macros/rules/) on this invocation's inputs: its profile, vars,
  target and CI environment. `type: databricks_envs` evaluates the very same rule macros in
  Python, reading the same inputs there, once per distinct input (dbt parses thousands of
  nodes); plain `type: databricks` evaluates them here.
-#}
{% macro _dbenvs_decide(question, name=none, default=none) -%}
  {%- if adapter.databricks_envs_route is defined -%}
    {{ return(adapter.databricks_envs_route(question, name, default)) }}
  {%- endif -%}
  {%- set ci_env = {} -%}
  {%- for system in databricks_envs._dbenvs_ci_systems() -%}
    {%- do ci_env.update({system.pr: env_var(system.pr, ''), system.commit: env_var(system.commit, '')}) -%}
  {%- endfor -%}
  {%- set inputs = {
      'profile_environment': target.get('environment'),
      'raw_settings': var('databricks_envs', none),
      'invocation_context': env_var('DBT_CLOUD_INVOCATION_CONTEXT', ''),
      'target_name': target.name,
      'ci_env': ci_env,
  } -%}
  {{ return(databricks_envs._dbenvs_answer(question, name, default, inputs)) }}
{%- endmacro %}
