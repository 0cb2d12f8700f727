{#-
  The SQL facts of a preflight: seven statements whatever the number of models, catalogs and
  schemas (each filters system.information_schema by the catalogs and schemas in scope), all
  limited to this identity and its groups by current_user() / is_account_group_member().
  Returns {user, catalogs, schemas, relations (each {owner, owned}), grants, statements}.
-#}
{% macro _dbenvs_pf_gather(scope) -%}
  {%- set catalogs = databricks_envs._dbenvs_pf_sql_list(scope.catalogs) -%}
  {%- set schemas = databricks_envs._dbenvs_pf_sql_list(scope.schemas) -%}
  {%- set me = databricks_envs._dbenvs_pf_mine -%}
  {%- set queries = {
      'user': 'select current_user() as user_name',
      'catalogs': 'select lower(catalog_name) as catalog_name, catalog_owner as owner, ' ~ me('catalog_owner')
          ~ ' as owned from system.information_schema.catalogs where lower(catalog_name) in ' ~ catalogs,
      'schemas': 'select lower(catalog_name) as catalog_name, lower(schema_name) as schema_name, '
          ~ 'schema_owner as owner, ' ~ me('schema_owner') ~ ' as owned '
          ~ 'from system.information_schema.schemata where lower(catalog_name) in ' ~ catalogs,
      'relations': 'select lower(table_catalog) as table_catalog, lower(table_schema) as table_schema, '
          ~ 'lower(table_name) as table_name, table_owner as owner, ' ~ me('table_owner') ~ ' as owned '
          ~ 'from system.information_schema.tables where lower(table_catalog) in ' ~ catalogs
          ~ ' and (lower(table_schema) in ' ~ schemas ~ ' or ' ~ me('table_owner') ~ ')',
      'catalog_grants': 'select lower(catalog_name) as catalog_name, privilege_type, grantee '
          ~ 'from system.information_schema.catalog_privileges where lower(catalog_name) in ' ~ catalogs
          ~ ' and ' ~ me('grantee'),
      'schema_grants': 'select lower(catalog_name) as catalog_name, lower(schema_name) as schema_name, '
          ~ 'privilege_type, grantee from system.information_schema.schema_privileges '
          ~ 'where lower(catalog_name) in ' ~ catalogs ~ ' and ' ~ me('grantee'),
      'table_grants': 'select lower(table_catalog) as table_catalog, lower(table_schema) as table_schema, '
          ~ 'lower(table_name) as table_name, privilege_type, grantee '
          ~ 'from system.information_schema.table_privileges where lower(table_catalog) in ' ~ catalogs
          ~ " and coalesce(inherited_from, 'NONE') = 'NONE' and " ~ me('grantee'),
  } -%}
  {%- set facts = {'user': none, 'catalogs': {}, 'schemas': {}, 'relations': {}, 'grants': [],
                   'statements': 0} -%}
  {%- for name in ['user', 'catalogs', 'schemas', 'relations', 'catalog_grants', 'schema_grants', 'table_grants'] -%}
    {%- set rows = run_query(queries[name]).rows -%}
    {%- do facts.update({'statements': facts.statements + 1}) -%}
    {%- for row in rows -%}
      {%- if name == 'user' -%}
        {%- do facts.update({'user': row[0]}) -%}
      {%- elif name in ['catalogs', 'schemas', 'relations'] -%}
        {%- set key = row[:-2] | join('.') -%}
        {%- do facts[name].update({key: {'owner': row[-2], 'owned': row[-1] in [true, 'true', 1]}}) -%}
      {%- else -%}
        {%- set key = row[:-2] | join('.') -%}
        {%- do facts.grants.append({'object': key, 'privilege': row[-2], 'grantee': row[-1]}) -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
  {#- Only when models use column masks or row filters: the functions they call, and EXECUTE. -#}
  {%- if scope.get('functions') -%}
    {%- set names = databricks_envs._dbenvs_pf_sql_list(scope.functions) -%}
    {%- set key = "lower(routine_catalog) || '.' || lower(routine_schema) || '.' || lower(routine_name)" -%}
    {%- set found = run_query('select ' ~ key ~ ', routine_owner, ' ~ me('routine_owner')
        ~ ' from system.information_schema.routines where ' ~ key ~ ' in ' ~ names).rows -%}
    {%- set granted = run_query('select ' ~ key ~ ', privilege_type, grantee '
        ~ 'from system.information_schema.routine_privileges where ' ~ key ~ ' in ' ~ names
        ~ ' and ' ~ me('grantee')).rows -%}
    {%- do facts.update({'statements': facts.statements + 2, 'functions': {}}) -%}
    {%- for row in found -%}
      {%- do facts.functions.update({row[0]: {'owner': row[1], 'owned': row[2] in [true, 'true', 1]}}) -%}
    {%- endfor -%}
    {%- for row in granted -%}
      {%- do facts.grants.append({'object': row[0], 'privilege': row[1], 'grantee': row[2]}) -%}
    {%- endfor -%}
  {%- endif -%}
  {{ return(facts) }}
{%- endmacro %}


{#- Whether the principal in `column` is this identity or one of its groups. -#}
{% macro _dbenvs_pf_mine(column) -%}
  {{ return('(' ~ column ~ ' = current_user() or is_account_group_member(' ~ column ~ '))') }}
{%- endmacro %}


{% macro _dbenvs_pf_sql_list(values) -%}
  {%- set quoted = [] -%}
  {%- for value in values -%}
    {%- do quoted.append("'" ~ (value | lower | replace("'", "''")) ~ "'") -%}
  {%- endfor -%}
  {#- `in ('')` matches nothing and keeps the statement valid when there is nothing in scope. -#}
  {{ return('(' ~ (quoted | join(', ') if quoted else "''") ~ ')') }}
{%- endmacro %}
