{#- One check of the report, and the http_path rule the adapter also asks (each file of
    these pure macros is compiled on its own, when first called: keep this one small). -#}
{% macro _dbenvs_pf_check(id, status, object, message, fix='', grants=[]) -%}
  {{ return({'id': id, 'status': status, 'object': object, 'message': message, 'fix': fix,
             'grants': grants}) }}
{%- endmacro %}


{#- Returns {'check': ..., 'kind': warehouse|endpoint|cluster|malformed, 'id': ...}. -#}
{% macro _dbenvs_pf_http_path_check(http_path) -%}
  {%- set check = databricks_envs._dbenvs_pf_check -%}
  {%- set raw = (http_path or '') | string | trim -%}
  {%- set path, _, query = raw.partition('?') -%}
  {%- set parts = path.strip('/').split('/') -%}
  {%- set fix = 'copy the HTTP path from the SQL warehouse\'s Connection details: /sql/1.0/warehouses/<id>' -%}
  {%- set query_ok = not query or (query.startswith('o=') and query[2:].isdigit()) -%}
  {%- if not raw -%}
    {{ return({'kind': 'malformed', 'id': none,
        'check': check('config.http_path', 'FAIL', '', 'the profile sets no http_path', fix)}) }}
  {%- elif query_ok and parts | length == 4 and parts[:3] == ['sql', '1.0', 'warehouses'] and parts[3] -%}
    {{ return({'kind': 'warehouse', 'id': parts[3],
        'check': check('config.http_path', 'PASS', raw, 'SQL warehouse ' ~ parts[3])}) }}
  {%- elif query_ok and parts | length == 4 and parts[:3] == ['sql', '1.0', 'endpoints'] and parts[3] -%}
    {{ return({'kind': 'endpoint', 'id': parts[3],
        'check': check('config.http_path', 'WARN', raw,
            'the legacy endpoint path of SQL warehouse ' ~ parts[3],
            'use /sql/1.0/warehouses/' ~ parts[3])}) }}
  {%- elif query_ok and parts | length == 5 and parts[:3] == ['sql', 'protocolv1', 'o'] and parts[3].isdigit() and parts[4] -%}
    {{ return({'kind': 'cluster', 'id': parts[4],
        'check': check('config.http_path', 'WARN', raw,
            'all-purpose cluster ' ~ parts[4] ~ ': a SQL warehouse is built for dbt\'s SQL (starts in '
            ~ 'seconds when serverless, scales with concurrent models, costs less per query, and '
            ~ 'dbt-databricks assumes the newest SQL features on it)',
            'create or pick a SQL warehouse and use its /sql/1.0/warehouses/<id> path')}) }}
  {%- endif -%}
  {{ return({'kind': 'malformed', 'id': none,
      'check': check('config.http_path', 'FAIL', raw,
          'not a SQL warehouse path (/sql/1.0/warehouses/<id>) nor a cluster path '
          ~ '(sql/protocolv1/o/<workspace-id>/<cluster-id>)', fix)}) }}
{%- endmacro %}
