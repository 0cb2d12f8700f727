{#-
  Pure: what a run of the selected nodes needs, from dbt's graph (node dictionaries, already
  routed: dbt ran generate_database_name / generate_schema_name when it parsed them).

  Returns {'nodes': <count built>, 'writes': {'cat.schema': {catalog, schema, relations:
  {name: materialized}}}, 'reads': {'cat.schema.name': {catalog, schema, name, kind, node}}}.
  Everything is keyed by catalog and schema, so what follows grows with them, not with models.
-#}
{% macro _dbenvs_pf_plan(nodes, sources, selected) -%}
  {%- set built_types = ['model', 'seed', 'snapshot'] -%}
  {%- set building = {} -%}
  {%- for uid in selected if uid in nodes -%}
    {%- set node = nodes[uid] -%}
    {%- set config = node.get('config') or {} -%}
    {%- if node.get('resource_type') in built_types and config.get('enabled', true)
        and config.get('materialized') != 'ephemeral' -%}
      {%- do building.update({uid: node}) -%}
    {%- endif -%}
  {%- endfor -%}

  {%- set writes = {} -%}
  {%- for uid, node in building.items() -%}
    {%- set catalog = (node.get('database') or '') | lower -%}
    {%- set schema = (node.get('schema') or '') | lower -%}
    {%- set entry = writes.setdefault(catalog ~ '.' ~ schema,
        {'catalog': catalog, 'schema': schema, 'relations': {}}) -%}
    {%- set name = (node.get('alias') or node.get('name')) | lower -%}
    {%- do entry.relations.update({name: (node.get('config') or {}).get('materialized') or node.resource_type}) -%}
  {%- endfor -%}

  {%- set reads = {} -%}
  {%- set visited = {} -%}
  {%- set queue = [] -%}
  {%- for uid, node in building.items() -%}
    {%- for parent in (node.get('depends_on') or {}).get('nodes') or [] -%}
      {%- do queue.append([parent, uid]) -%}
    {%- endfor -%}
  {%- endfor -%}
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
        {%- do databricks_envs._dbenvs_pf_add_read(reads, node.get('database'), node.get('schema'),
            node.get('alias') or node.get('name'), 'ref', uid, reader) -%}
      {%- endif -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return({'nodes': building | length, 'writes': writes, 'reads': reads}) }}
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
  {%- for catalog in protected_catalogs -%}
    {%- do catalogs.update({catalog | lower: true}) -%}
  {%- endfor -%}
  {%- if target_catalog -%}
    {%- do catalogs.update({target_catalog | lower: true}) -%}
  {%- endif -%}
  {{ return({'catalogs': catalogs.keys() | sort, 'schemas': schemas.keys() | sort}) }}
{%- endmacro %}
