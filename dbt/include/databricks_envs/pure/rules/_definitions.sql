{#-
  The one definition of the environment names and of the CI systems, read by the macros and,
  through rules.py, by the adapter's Python. Adding a CI system is one entry here.

  A CI system: `name`; `pr`, the env var that holds the pull request (merge request) number, and
  its `form`: `number` (the value is the number), `ref` (`refs/pull/<n>/merge`) or `url` (ends in
  `/pull/<n>`); `commit`, the env var that holds the commit built. The first system whose
  variable yields a number wins.
-#}
{% macro _dbenvs_environments() -%}
  {{ return(['dev', 'ci', 'staging', 'prod']) }}
{%- endmacro %}


{#- Environments that deploy (and so keep custom schemas and catalogs by default). -#}
{% macro _dbenvs_deployments() -%}
  {{ return(['staging', 'prod']) }}
{%- endmacro %}


{% macro _dbenvs_ci_systems() -%}
  {{ return([
      {'name': 'dbt Cloud', 'pr': 'DBT_CLOUD_PR_ID', 'form': 'number', 'commit': 'DBT_CLOUD_GIT_SHA'},
      {'name': 'GitHub Actions', 'pr': 'GITHUB_REF', 'form': 'ref', 'commit': 'GITHUB_SHA'},
      {'name': 'GitLab CI', 'pr': 'CI_MERGE_REQUEST_IID', 'form': 'number', 'commit': 'CI_COMMIT_SHA'},
      {'name': 'Azure DevOps', 'pr': 'SYSTEM_PULLREQUEST_PULLREQUESTID', 'form': 'number',
       'commit': 'BUILD_SOURCEVERSION'},
      {'name': 'Bitbucket Pipelines', 'pr': 'BITBUCKET_PR_ID', 'form': 'number', 'commit': 'BITBUCKET_COMMIT'},
      {'name': 'CircleCI', 'pr': 'CIRCLE_PULL_REQUEST', 'form': 'url', 'commit': 'CIRCLE_SHA1'},
  ]) }}
{%- endmacro %}


{#- The env vars routing depends on: dbt Cloud's invocation context and the pull request's. -#}
{% macro _dbenvs_env_variables() -%}
  {%- set names = ['DBT_CLOUD_INVOCATION_CONTEXT'] -%}
  {%- for system in databricks_envs._dbenvs_ci_systems() -%}
    {%- do names.append(system.pr) -%}
  {%- endfor -%}
  {{ return(names) }}
{%- endmacro %}


{#- The pull request number in one CI system's variable, or none. -#}
{% macro _dbenvs_pr_from(system, value) -%}
  {%- set value = (value or '') | string | trim -%}
  {%- if system.form == 'ref' -%}
    {%- set parts = value.split('/') -%}
    {%- set value = parts[2] if parts | length >= 3 and parts[0] == 'refs' and parts[1] == 'pull' else '' -%}
  {%- elif system.form == 'url' -%}
    {%- set value = value.split('/pull/')[-1].strip('/') if '/pull/' in value else '' -%}
  {%- endif -%}
  {{ return(value if value else none) }}
{%- endmacro %}


{#- The CI system this run is in, with its pull request number and commit, or none. -#}
{% macro _dbenvs_ci_context(ci_env) -%}
  {%- for system in databricks_envs._dbenvs_ci_systems() -%}
    {%- set number = databricks_envs._dbenvs_pr_from(system, ci_env.get(system.pr)) -%}
    {%- if number -%}
      {{ return({'system': system.name, 'pr_number': number, 'commit': ci_env.get(system.commit) or none}) }}
    {%- endif -%}
  {%- endfor -%}
  {{ return(none) }}
{%- endmacro %}
