{#- Which kind of run this is; first match wins (ARCHITECTURE "Environments"). -#}
{% macro _dbenvs_resolve_environment(profile_environment, settings, invocation_context, target_name) -%}
  {%- if profile_environment -%}
    {{ return(profile_environment) }}
  {%- elif settings.environment -%}
    {{ return(settings.environment) }}
  {%- elif invocation_context in ['dev', 'ci', 'staging', 'prod'] -%}
    {{ return(invocation_context) }}
  {%- endif -%}
  {%- for env in ['prod', 'staging', 'ci'] if target_name in settings.target_names[env] -%}
    {{ return(env) }}
  {%- endfor -%}
  {{ return('dev') }}
{%- endmacro %}
