{#- Which kind of run this is; first match wins (ARCHITECTURE "Environments"). -#}
{% macro _dbenvs_resolve_environment(profile_environment, settings, invocation_context, target_name) -%}
  {%- if profile_environment -%}
    {{ return(profile_environment) }}
  {%- elif settings.environment -%}
    {{ return(settings.environment) }}
  {%- elif invocation_context in databricks_envs._dbenvs_environments() -%}
    {{ return(invocation_context) }}
  {%- endif -%}
  {%- for env in databricks_envs._dbenvs_environments()[1:] | reverse if target_name in settings.target_names[env] -%}
    {{ return(env) }}
  {%- endfor -%}
  {{ return('dev') }}
{%- endmacro %}
