{#-
  Pure: what a run of the selected nodes needs, from dbt's graph (node dictionaries, already
  routed: dbt ran generate_database_name / generate_schema_name when it parsed them).

  Returns {'nodes': <count built>, 'writes': {'cat.schema': {catalog, schema, relations:
  {name: operations}}}, 'reads': {'cat.schema.name': {catalog, schema, name, kind, node,
  reader}}, 'functions': ['cat.schema.fn', ...]}. Tests and unit tests read their inputs; a
  test storing its failures writes too. `flags`: {full_refresh, store_failures, deferred (the
  --state relations), which (dbt's command: `clone` reads the state's relations instead)}.
  Everything is keyed by catalog and schema, so what follows grows with them, not with models.
-#}
{% macro _dbenvs_pf_plan(nodes, sources, selected, flags={}) -%}
  {%- set built_types = ['model', 'seed', 'snapshot'] -%}
  {%- set building = {} -%}
  {%- set checking = {} -%}
  {%- for uid in selected if uid in nodes -%}
    {%- set node = nodes[uid] -%}
    {%- set config = node.get('config') or {} -%}
    {%- if not config.get('enabled', true) -%}
    {%- elif node.get('resource_type') in built_types and config.get('materialized') != 'ephemeral' -%}
      {%- do building.update({uid: node}) -%}
    {%- elif flags.get('which') == 'clone' -%}
      {#- dbt clone copies models, seeds and snapshots; it runs no test. -#}
    {%- elif node.get('resource_type') in ['test', 'unit_test'] -%}
      {%- do checking.update({uid: node}) -%}
      {#- A test storing its failures creates (and first drops) a relation in its audit schema. -#}
      {%- if node.get('resource_type') == 'test'
          and (config.get('store_failures') or flags.get('store_failures')) -%}
        {%- do building.update({uid: node}) -%}
      {%- endif -%}
    {%- endif -%}
  {%- endfor -%}

  {#- A unit test reads its model's inputs (dbt reads their columns), not the model itself. -#}
  {%- for uid in selected if uid.startswith('unit_test.') and flags.get('which') != 'clone' -%}
    {%- set parts = uid.split('.') -%}
    {%- set model = nodes.get('model.' ~ parts[1] ~ '.' ~ parts[2]) -%}
    {%- if model -%}
      {%- do checking.update({uid: {'depends_on': model.get('depends_on') or {}}}) -%}
    {%- endif -%}
  {%- endfor -%}

  {%- set writes = {} -%}
  {%- for uid, node in building.items() -%}
    {%- set catalog = (node.get('database') or '') | lower -%}
    {%- set schema = (node.get('schema') or '') | lower -%}
    {%- set entry = writes.setdefault(catalog ~ '.' ~ schema,
        {'catalog': catalog, 'schema': schema, 'relations': {}}) -%}
    {%- set name = (node.get('alias') or node.get('name')) | lower -%}
    {%- do entry.relations.update({name: databricks_envs._dbenvs_pf_operations(node, flags)}) -%}
  {%- endfor -%}

  {%- set reads = {} -%}
  {%- set visited = {} -%}
  {%- set queue = [] -%}
  {%- if flags.get('which') == 'clone' -%}
    {#- `dbt clone` copies each selected node's relation from --state: it reads that, not the
        node's parents. -#}
    {%- for uid, node in building.items() -%}
      {%- set source = node.get('defer_relation') or (flags.get('deferred') or {}).get(uid) -%}
      {%- if source -%}
        {%- do databricks_envs._dbenvs_pf_add_read(reads, source.get('database'), source.get('schema'),
            source.get('alias') or source.get('name'), 'deferred', uid, uid) -%}
      {%- endif -%}
    {%- endfor -%}
  {%- else -%}
    {%- for uid, node in building.items() | list + checking.items() | list -%}
      {%- for parent in (node.get('depends_on') or {}).get('nodes') or [] -%}
        {%- do queue.append([parent, uid]) -%}
      {%- endfor -%}
    {%- endfor -%}
  {%- endif -%}
  {#- Ephemeral parents are inlined into their children: what they read, the child reads. -#}
  {%- for item in queue if item[0] not in visited -%}
    {%- set uid, reader = item -%}
    {%- do visited.update({uid: true}) -%}
    {%- if uid in sources -%}
      {%- set source = sources[uid] -%}
      {%- do databricks_envs._dbenvs_pf_add_read(reads, source.get('database'), source.get('schema'),
          source.get('identifier') or source.get('name'), 'source', uid, reader) -%}
    {%- elif uid in nodes and uid not in building -%}
      {%- set node = nodes[uid] -%}
      {%- set config = node.get('config') or {} -%}
      {%- if config.get('materialized') == 'ephemeral' -%}
        {%- for parent in (node.get('depends_on') or {}).get('nodes') or [] -%}
          {%- do queue.append([parent, reader]) -%}
        {%- endfor -%}
      {%- elif node.get('resource_type') in built_types -%}
        {#- Deferred (slim CI): dbt reads prod's relation where it points (the hook's graph
            carries it; the operation is given the --state manifest's relations). -#}
        {%- set where = node.get('defer_relation') or (flags.get('deferred') or {}).get(uid) or node -%}
        {%- do databricks_envs._dbenvs_pf_add_read(reads, where.get('database'), where.get('schema'),
            where.get('alias') or where.get('name'), 'ref' if where is sameas node else 'deferred',
            uid, reader) -%}
      {%- endif -%}
    {%- endif -%}
  {%- endfor -%}
  {%- set computes = {} -%}
  {%- for node in building.values() if (node.get('config') or {}).get('databricks_compute') -%}
    {%- do computes.update({node.config.databricks_compute: true}) -%}
  {%- endfor -%}
  {%- set functions = {} -%}
  {%- for entry in writes.values() -%}
    {%- for operations in entry.relations.values() -%}
      {%- for function in operations.functions -%}
        {%- do functions.update({function: true}) -%}
      {%- endfor -%}
    {%- endfor -%}
  {%- endfor -%}
  {{ return({'nodes': building | length, 'writes': writes, 'reads': reads,
             'functions': functions.keys() | sort, 'computes': computes.keys() | sort}) }}
{%- endmacro %}


{#-
  What building one node does to its relation, as dbt-databricks does it: `materialized`,
  `replaces` (create or replace: table, view, materialized view, an incremental model on a full
  refresh), `modifies` (merge, insert, snapshot), `drops` (a test's failures table), and the
  extras applied after: `comments` (persist_docs), `grants`, `tags` (databricks_tags, column
  tags), `clusters` (liquid clustering), and the `functions` column masks and row filters call.
-#}
{% macro _dbenvs_pf_operations(node, flags) -%}
  {%- set config = node.get('config') or {} -%}
  {%- set resource = node.get('resource_type') -%}
  {%- set materialized = config.get('materialized') or resource -%}
  {%- if flags.get('which') == 'clone' and materialized not in ['view', 'ephemeral'] -%}
    {#- dbt clone: `create or replace table ... shallow clone`. -#}
    {%- set materialized = 'table' -%}
  {%- endif -%}
  {%- if resource == 'test' -%}
    {%- set materialized = config.get('store_failures_as') or 'table' -%}
  {%- endif -%}
  {%- set full_refresh = config.get('full_refresh') -%}
  {%- if full_refresh is none -%}
    {%- set full_refresh = flags.get('full_refresh', false) -%}
  {%- endif -%}
  {%- set docs = config.get('persist_docs') or {} -%}
  {%- set functions = [] -%}
  {%- set tagged = {'any': config.get('databricks_tags') is not none} -%}
  {%- for name, column in (node.get('columns') or {}).items() -%}
    {%- set extra = column.get('_extra') or {} -%}
    {%- set mask = column.get('column_mask') or extra.get('column_mask') -%}
    {%- if mask and mask.get('function') -%}
      {%- do functions.append(databricks_envs._dbenvs_pf_function(mask.function, node)) -%}
    {%- endif -%}
    {%- if column.get('databricks_tags') or extra.get('databricks_tags') -%}
      {%- do tagged.update({'any': true}) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- set row_filter = config.get('row_filter') or {} -%}
  {%- if row_filter.get('function') -%}
    {%- do functions.append(databricks_envs._dbenvs_pf_function(row_filter.function, node)) -%}
  {%- endif -%}
  {#- dbt-databricks 1.12 loads a seed with `create or replace table`, full refresh or not. -#}
  {%- set replaced = materialized in ['table', 'view', 'materialized_view', 'streaming_table', 'seed']
      or (materialized == 'incremental' and full_refresh) -%}
  {{ return({
      'materialized': materialized,
      'replaces': replaced,
      'modifies': not replaced and materialized in ['incremental', 'snapshot'],
      'drops': resource == 'test',
      'comments': (docs.get('relation') or docs.get('columns')) and true or false,
      'grants': (config.get('grants') or {}) | length > 0,
      'tags': tagged.any,
      'clusters': (config.get('liquid_clustered_by') or config.get('auto_liquid_cluster')) and true or false,
      'functions': functions,
  }) }}
{%- endmacro %}


{#- A mask or filter function's `catalog.schema.name`: unqualified ones are in the model's schema. -#}
{% macro _dbenvs_pf_function(name, node) -%}
  {%- set parts = (name | replace('`', '')).lower().split('.') -%}
  {%- set prefix = [(node.get('database') or '') | lower, (node.get('schema') or '') | lower] -%}
  {{ return((prefix[:3 - (parts | length)] + parts) | join('.')) }}
{%- endmacro %}


{% macro _dbenvs_pf_add_read(reads, catalog, schema, name, kind, uid, reader) -%}
  {%- set catalog = (catalog or '') | lower -%}
  {%- set schema = (schema or '') | lower -%}
  {%- set name = (name or '') | lower -%}
  {%- do reads.setdefault(catalog ~ '.' ~ schema ~ '.' ~ name, {
      'catalog': catalog, 'schema': schema, 'name': name, 'kind': kind, 'node': uid, 'reader': reader}) -%}
{%- endmacro %}


{#- The catalogs and schemas whose facts preflight gathers, from the plan and the settings. -#}
{% macro _dbenvs_pf_scope(plan, protected_catalogs, target_catalog) -%}
  {%- set catalogs = {} -%}
  {%- set schemas = {} -%}
  {%- for entry in (plan.writes.values() | list) + (plan.reads.values() | list) -%}
    {%- do catalogs.update({entry.catalog: true}) -%}
    {%- do schemas.update({entry.schema: true}) -%}
  {%- endfor -%}
  {%- for function in plan.get('functions') or [] -%}
    {%- do catalogs.update({function.split('.')[0]: true}) -%}
    {%- do schemas.update({function.split('.')[1]: true}) -%}
  {%- endfor -%}
  {%- for catalog in protected_catalogs -%}
    {%- do catalogs.update({catalog | lower: true}) -%}
  {%- endfor -%}
  {%- if target_catalog -%}
    {%- do catalogs.update({target_catalog | lower: true}) -%}
  {%- endif -%}
  {{ return({'catalogs': catalogs.keys() | sort, 'schemas': schemas.keys() | sort,
             'functions': plan.get('functions') or []}) }}
{%- endmacro %}
