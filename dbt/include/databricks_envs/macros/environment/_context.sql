{#- What the rules decide from: this invocation's profile, vars, target and CI environment. -#}
{% macro _dbenvs_inputs() -%}
  {{ return({
      'profile_environment': target.get('environment'),
      'raw_settings': var('databricks_envs', none),
      'invocation_context': env_var('DBT_CLOUD_INVOCATION_CONTEXT', ''),
      'target_name': target.name,
      'ci_env': {
          'DBT_CLOUD_PR_ID': env_var('DBT_CLOUD_PR_ID', ''),
          'GITHUB_REF': env_var('GITHUB_REF', ''),
          'CI_MERGE_REQUEST_IID': env_var('CI_MERGE_REQUEST_IID', ''),
      },
  }) }}
{%- endmacro %}


{#-
  Runs one of the pure rules (macros/rules/) on this invocation's inputs. `type: databricks_envs`
  evaluates the very same rule macros in Python, once per distinct input (dbt parses thousands
  of nodes); plain `type: databricks` evaluates them here.
-#}
{% macro _dbenvs_decide(question, name=none, default=none) -%}
  {%- set inputs = databricks_envs._dbenvs_inputs() -%}
  {%- if adapter.databricks_envs_decide is defined -%}
    {{ return(adapter.databricks_envs_decide(question, name, default, inputs)) }}
  {%- endif -%}
  {{ return(databricks_envs._dbenvs_answer(question, name, default, inputs)) }}
{%- endmacro %}
