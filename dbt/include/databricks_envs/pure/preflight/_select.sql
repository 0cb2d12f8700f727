{#-
  Pure: which of dbt's nodes a preflight covers, from `--args` `select` / `exclude`.

  A run-operation does not select for dbt, so preflight evaluates a documented subset of dbt's
  selection syntax itself, over the graph's node dictionaries. Any other form is refused with
  an error listing what is supported rather than silently checking the wrong nodes.
-#}

{% macro _dbenvs_pf_select(nodes, select, exclude) -%}
  {%- set chosen = {} -%}
  {%- set all_ids = nodes.keys() | list -%}
  {%- if select -%}
    {%- for uid in databricks_envs._dbenvs_pf_match_spec(nodes, select) -%}
      {%- do chosen.update({uid: true}) -%}
    {%- endfor -%}
  {%- else -%}
    {%- for uid in all_ids -%}
      {%- do chosen.update({uid: true}) -%}
    {%- endfor -%}
  {%- endif -%}
  {%- if exclude -%}
    {%- for uid in databricks_envs._dbenvs_pf_match_spec(nodes, exclude) -%}
      {%- do chosen.pop(uid, none) -%}
    {%- endfor -%}
  {%- endif -%}
  {{ return(chosen.keys() | sort) }}
{%- endmacro %}


{#- A spec is a string or a list of strings: spaces and list items unite, commas intersect. -#}
{% macro _dbenvs_pf_match_spec(nodes, spec) -%}
  {%- set terms = [] -%}
  {%- for part in ([spec] if spec is string else spec) -%}
    {%- for term in (part | string).split() -%}
      {%- do terms.append(term) -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- set union = {} -%}
  {%- for term in terms -%}
    {%- set found = {'ids': none} -%}
    {%- for criterion in term.split(',') if criterion -%}
      {%- set ids = databricks_envs._dbenvs_pf_match_criterion(nodes, criterion) -%}
      {%- if found.ids is none -%}
        {%- do found.update({'ids': ids}) -%}
      {%- else -%}
        {%- do found.update({'ids': found.ids | select('in', ids) | list}) -%}
      {%- endif -%}
    {%- endfor -%}
    {%- for uid in found.ids or [] -%}
      {%- do union.update({uid: true}) -%}
    {%- endfor -%}
  {%- endfor -%}
  {{ return(union.keys() | list) }}
{%- endmacro %}


{% macro _dbenvs_pf_match_criterion(nodes, criterion) -%}
  {%- set supported = 'a node name or dotted fqn, path:, tag:, package:, resource_type:, '
      ~ 'config.<key>:, fqn:, source:, each optionally with a leading and/or trailing +; '
      ~ 'spaces unite and commas intersect' -%}
  {%- set unsupported = ['@', '*', '?', '[', 'state:', 'result:', 'source_status:', 'exposure:',
      'metric:', 'test_type:', 'test_name:', 'group:', 'access:', 'version:', 'semantic_model:',
      'saved_query:', 'unit_test:', 'file:', 'selector:', 'wildcard'] -%}
  {%- for form in unsupported if form in criterion -%}
    {{ exceptions.raise_compiler_error(
        'dbt-databricks-envs preflight: the selector `' ~ criterion ~ '` uses `' ~ form
        ~ '`, which preflight does not evaluate. Supported: ' ~ supported ~ '.') }}
  {%- endfor -%}
  {%- set body = criterion -%}
  {%- set parents = body.startswith('+') -%}
  {%- set body = body[1:] if parents else body -%}
  {%- set children = body.endswith('+') -%}
  {%- set body = body[:-1] if children else body -%}
  {%- if '+' in body -%}
    {{ exceptions.raise_compiler_error(
        'dbt-databricks-envs preflight: the selector `' ~ criterion ~ '` uses a depth limit (n+), '
        ~ 'which preflight does not evaluate. Supported: ' ~ supported ~ '.') }}
  {%- endif -%}
  {%- set method, _, value = body.partition(':') if ':' in body else ('fqn', '', body) -%}
  {%- if not value -%}
    {{ exceptions.raise_compiler_error(
        'dbt-databricks-envs preflight: the selector `' ~ criterion ~ '` names no value. '
        ~ 'Supported: ' ~ supported ~ '.') }}
  {%- endif -%}
  {%- set known = ['fqn', 'path', 'tag', 'package', 'resource_type', 'source'] -%}
  {%- if method not in known and not method.startswith('config.') -%}
    {{ exceptions.raise_compiler_error(
        'dbt-databricks-envs preflight: the selector method `' ~ method ~ ':` (in `' ~ criterion
        ~ '`) is not supported. Supported: ' ~ supported ~ '.') }}
  {%- endif -%}
  {%- set matched = [] -%}
  {%- for uid, node in nodes.items() if databricks_envs._dbenvs_pf_node_matches(node, method, value) -%}
    {%- do matched.append(uid) -%}
  {%- endfor -%}
  {%- set result = {} -%}
  {%- for uid in matched -%}
    {%- do result.update({uid: true}) -%}
  {%- endfor -%}
  {%- if parents -%}
    {%- for uid in databricks_envs._dbenvs_pf_walk(nodes, matched, 'up') -%}
      {%- do result.update({uid: true}) -%}
    {%- endfor -%}
  {%- endif -%}
  {%- if children -%}
    {%- for uid in databricks_envs._dbenvs_pf_walk(nodes, matched, 'down') -%}
      {%- do result.update({uid: true}) -%}
    {%- endfor -%}
  {%- endif -%}
  {{ return(result.keys() | list) }}
{%- endmacro %}


{% macro _dbenvs_pf_node_matches(node, method, value) -%}
  {%- set config = node.get('config') or {} -%}
  {%- if method == 'fqn' -%}
    {%- set parts = value.split('.') -%}
    {%- set fqn = node.get('fqn') or [] -%}
    {{ return(value == node.get('name') or fqn[:parts | length] == parts
        or (fqn[1:parts | length + 1] == parts)) }}
  {%- elif method == 'path' -%}
    {%- set path = (node.get('original_file_path') or '').replace('\\', '/') -%}
    {%- set wanted = value.replace('\\', '/').rstrip('/') -%}
    {{ return(path == wanted or path.startswith(wanted ~ '/')) }}
  {%- elif method == 'tag' -%}
    {{ return(value in (node.get('tags') or [])) }}
  {%- elif method == 'package' -%}
    {{ return(node.get('package_name') == value) }}
  {%- elif method == 'resource_type' -%}
    {{ return(node.get('resource_type') == value) }}
  {%- elif method == 'source' -%}
    {%- set full = node.get('source_name', '') ~ '.' ~ node.get('name', '') -%}
    {{ return(node.get('resource_type') == 'source'
        and (value == node.get('source_name') or value == full)) }}
  {%- endif -%}
  {%- set setting = config.get(method[7:]) -%}
  {%- if setting is string or setting is number or setting is boolean -%}
    {{ return((setting | string | lower) == (value | lower)) }}
  {%- elif setting is iterable and setting is not mapping -%}
    {{ return(value in setting) }}
  {%- endif -%}
  {{ return(false) }}
{%- endmacro %}


{#- Every ancestor ('up', through depends_on) or descendant ('down') of the given nodes. -#}
{% macro _dbenvs_pf_walk(nodes, start, direction) -%}
  {%- set edges = {} -%}
  {%- for uid, node in nodes.items() -%}
    {%- for parent in (node.get('depends_on') or {}).get('nodes') or [] -%}
      {%- if direction == 'up' -%}
        {%- do edges.setdefault(uid, []).append(parent) -%}
      {%- else -%}
        {%- do edges.setdefault(parent, []).append(uid) -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- set seen = {} -%}
  {%- set queue = start | list -%}
  {#- A breadth-first walk with a growing list: Jinja has no while loop. -#}
  {%- for uid in queue -%}
    {%- for next in edges.get(uid, []) if next not in seen and next in nodes -%}
      {%- do seen.update({next: true}) -%}
      {%- do queue.append(next) -%}
    {%- endfor -%}
  {%- endfor -%}
  {{ return(seen.keys() | list) }}
{%- endmacro %}
