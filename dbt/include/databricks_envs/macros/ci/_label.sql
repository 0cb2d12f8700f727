{#-
  A schema created by a ci run is labelled in its properties (DBPROPERTIES, read back with
  DESCRIBE SCHEMA EXTENDED) with the pull request, commit, creator, creation time and expiry,
  and its comment says so. cleanup_ci_schemas trusts these labels, never a name prefix.
-#}
{% macro _dbenvs_create_schema(relation) -%}
  {#- The parent's create: dbt-databricks' (spark's), from the internal packages. -#}
  {%- set parent = dbt.get('databricks__create_schema') or dbt.get('spark__create_schema')
      or dbt.default__create_schema -%}
  {%- do parent(relation) -%}
  {%- if databricks_envs.environment() == 'ci' -%}
    {%- do databricks_envs._dbenvs_label_ci_schema(relation.without_identifier()) -%}
  {%- endif -%}
{%- endmacro %}


{% macro _dbenvs_label_ci_schema(schema_relation) -%}
  {%- set settings = databricks_envs._dbenvs_settings(var('databricks_envs', none)) -%}
  {%- set context = databricks_envs._dbenvs_ci_run() -%}
  {%- set creator = run_query('select current_user()').columns[0].values()[0] -%}
  {%- set now = modules.datetime.datetime.utcnow().replace(microsecond=0) -%}
  {%- set expires = now + modules.datetime.timedelta(days=settings.ci.ttl_days) -%}
  {%- set labels = databricks_envs._dbenvs_ci_labels(context, creator,
      now.isoformat() ~ 'Z', expires.isoformat() ~ 'Z') -%}
  {%- set pairs = [] -%}
  {%- for key, value in labels | dictsort -%}
    {%- do pairs.append("'" ~ key ~ "' = '" ~ (value | string | replace("'", "\\'")) ~ "'") -%}
  {%- endfor -%}
  {%- call statement('label_ci_schema') -%}
    alter schema {{ schema_relation }} set dbproperties ({{ pairs | join(', ') }})
  {%- endcall -%}
  {%- call statement('comment_ci_schema') -%}
    comment on schema {{ schema_relation }} is '{{ databricks_envs._dbenvs_ci_comment(labels) }}'
  {%- endcall -%}
{%- endmacro %}


{#- This ci run's pull request and commit: the var, else the CI system's env vars. -#}
{% macro _dbenvs_ci_run() -%}
  {%- set settings = databricks_envs._dbenvs_settings(var('databricks_envs', none)) -%}
  {%- set ci_env = {} -%}
  {%- for system in databricks_envs._dbenvs_ci_systems() -%}
    {%- do ci_env.update({system.pr: env_var(system.pr, ''), system.commit: env_var(system.commit, '')}) -%}
  {%- endfor -%}
  {%- set found = databricks_envs._dbenvs_ci_context(ci_env) or {'system': 'vars', 'pr_number': none, 'commit': none} -%}
  {%- if settings.ci.pr_number not in [none, ''] -%}
    {%- do found.update({'pr_number': settings.ci.pr_number | string}) -%}
  {%- endif -%}
  {{ return(found) }}
{%- endmacro %}
