{#-
  Pure: the checks of the profile, the compute, the identity and its token.

  config: {adapter, host, http_path, catalog, auth ('token' or 'oauth')}; rest: what the
  adapter read over REST, or none with plain `type: databricks` (those checks are skipped).
-#}

{% macro _dbenvs_pf_host_check(host) -%}
  {%- set host = (host or '') | string -%}
  {%- set check = databricks_envs._dbenvs_pf_check -%}
  {%- set fix = 'set host to the workspace host name alone, like dbc-1234abcd-5678.cloud.databricks.com' -%}
  {%- set clouds = ['.cloud.databricks.com', '.gcp.databricks.com', '.azuredatabricks.net'] -%}
  {%- set loopback = ['http://127.0.0.1', 'http://localhost', 'http://[::1]'] -%}
  {%- if not host.strip() -%}
    {{ return(check('config.host', 'FAIL', '', 'the profile sets no host', fix)) }}
  {%- elif host == 'local' -%}
    {{ return(check('config.host', 'PASS', host, 'the embedded local warehouse (host: local)')) }}
  {%- endif -%}
  {%- for prefix in loopback if host == prefix or host.startswith(prefix ~ ':') or host.startswith(prefix ~ '/') -%}
    {{ return(check('config.host', 'PASS', host, 'a local warehouse on this machine')) }}
  {%- endfor -%}
  {%- if host.startswith('http://') -%}
    {{ return(check('config.host', 'FAIL', host,
        'plain http to a remote host: Databricks workspaces only answer https', fix)) }}
  {%- elif host != host.strip() or ' ' in host -%}
    {{ return(check('config.host', 'FAIL', host, 'the host holds spaces', fix)) }}
  {%- elif host.startswith('https://') or host.endswith('/') -%}
    {{ return(check('config.host', 'WARN', host,
        'the host carries a scheme or a trailing slash; Databricks expects the host name alone', fix)) }}
  {%- elif '/' in host -%}
    {{ return(check('config.host', 'FAIL', host, 'the host holds a path: put the path in http_path', fix)) }}
  {%- endif -%}
  {%- for cloud in clouds if host.split(':')[0].endswith(cloud) -%}
    {{ return(check('config.host', 'PASS', host, 'a Databricks workspace (' ~ cloud[1:] ~ ')')) }}
  {%- endfor -%}
  {{ return(check('config.host', 'WARN', host,
      'not a known Databricks domain (' ~ clouds | map('replace', '.', '*.', 1) | join(', ')
      ~ '); fine for a private link or proxy, otherwise a typo', fix)) }}
{%- endmacro %}


{% macro _dbenvs_pf_catalog_check(catalog) -%}
  {%- set check = databricks_envs._dbenvs_pf_check -%}
  {%- if not catalog or (catalog | lower) == 'hive_metastore' -%}
    {{ return(check('config.catalog', 'WARN', catalog or 'hive_metastore',
        'no Unity Catalog catalog: dbt-databricks falls back to hive_metastore, the legacy '
        ~ 'metastore, where Unity Catalog grants, lineage and these privilege checks do not apply',
        'set catalog: <a Unity Catalog catalog> in the profile')) }}
  {%- endif -%}
  {{ return(check('config.catalog', 'PASS', catalog, 'Unity Catalog catalog ' ~ catalog)) }}
{%- endmacro %}


{% macro _dbenvs_pf_warehouse_check(path, rest) -%}
  {%- set check = databricks_envs._dbenvs_pf_check -%}
  {%- if rest is none -%}
    {{ return(check('warehouse.state', 'SKIP', path.id or '',
        'needs type: databricks_envs (the state comes from the REST API)')) }}
  {%- elif path.kind not in ['warehouse', 'endpoint'] -%}
    {{ return(check('warehouse.state', 'SKIP', path.id or '',
        'the http_path names no SQL warehouse (' ~ path.kind ~ ')')) }}
  {%- endif -%}
  {%- set found = rest.get('warehouse') or {} -%}
  {%- if found.get('missing') -%}
    {{ return(check('warehouse.state', 'FAIL', path.id,
        'no SQL warehouse ' ~ path.id ~ ' in this workspace: it was deleted or never existed ('
        ~ found.get('message', '') ~ ')',
        'point http_path at an existing SQL warehouse')) }}
  {%- elif found.get('error') -%}
    {{ return(check('warehouse.state', 'WARN', path.id,
        'could not read the warehouse\'s state: ' ~ found.error,
        'check that this identity may view the warehouse (CAN USE)')) }}
  {%- endif -%}
  {%- set state = (found.get('state') or 'UNKNOWN') | upper -%}
  {%- if state in ['RUNNING', 'STARTING'] -%}
    {{ return(check('warehouse.state', 'PASS', path.id, state)) }}
  {%- elif state in ['STOPPED', 'STOPPING'] -%}
    {{ return(check('warehouse.state', 'WARN', path.id,
        state ~ ': it starts when the first statement arrives, which waits for the start-up '
        ~ '(seconds for serverless, minutes for classic and pro)',
        'start it beforehand to avoid the wait, or accept it')) }}
  {%- elif state in ['DELETED', 'DELETING'] -%}
    {{ return(check('warehouse.state', 'FAIL', path.id, state ~ ': the run cannot start it',
        'point http_path at an existing SQL warehouse')) }}
  {%- endif -%}
  {{ return(check('warehouse.state', 'FAIL', path.id, 'unknown state ' ~ state,
      'check the warehouse in the workspace\'s SQL Warehouses page')) }}
{%- endmacro %}


{#- A service principal's name is its application id, a UUID. -#}
{% macro _dbenvs_pf_is_uuid(name) -%}
  {%- set name = (name or '') | lower -%}
  {%- set groups = name.split('-') -%}
  {%- if groups | map('length') | list != [8, 4, 4, 4, 12] -%}
    {{ return(false) }}
  {%- endif -%}
  {%- for char in groups | join('') if char not in '0123456789abcdef' -%}
    {{ return(false) }}
  {%- endfor -%}
  {{ return(true) }}
{%- endmacro %}


{% macro _dbenvs_pf_identity(user, rest) -%}
  {%- set me = (rest or {}).get('me') or {} -%}
  {%- set service = me.get('service_principal') if me.get('service_principal') is not none
      else databricks_envs._dbenvs_pf_is_uuid(user) -%}
  {{ return({'name': user, 'kind': 'service principal' if service else 'person'}) }}
{%- endmacro %}


{% macro _dbenvs_pf_identity_check(identity, environment) -%}
  {%- set check = databricks_envs._dbenvs_pf_check -%}
  {%- set said = environment ~ ' runs as ' ~ identity.name ~ ', a ' ~ identity.kind -%}
  {%- set fix = 'run ' ~ environment ~ ' with a service principal (OAuth client_id and '
      ~ 'client_secret in the profile), not a person\'s token' -%}
  {%- if identity.kind == 'service principal' or environment in ['dev', 'ci'] -%}
    {{ return(check('identity.kind', 'PASS', identity.name, said)) }}
  {%- elif environment == 'prod' -%}
    {{ return(check('identity.kind', 'FAIL', identity.name,
        said ~ ': production must run as a service principal', fix)) }}
  {%- endif -%}
  {{ return(check('identity.kind', 'WARN', identity.name,
      said ~ ': deployments should run as a service principal', fix)) }}
{%- endmacro %}


{#-
  The token in use cannot be told apart from the caller's other tokens (no API maps it), so
  the soonest expiry among the caller's unexpired tokens decides: never a false PASS.
-#}
{% macro _dbenvs_pf_token_check(config, rest, thresholds) -%}
  {%- set check = databricks_envs._dbenvs_pf_check -%}
  {%- if rest is none -%}
    {{ return(check('token.expiry', 'SKIP', '', 'needs type: databricks_envs (the token list comes from the REST API)')) }}
  {%- elif config.auth != 'token' -%}
    {{ return(check('token.expiry', 'PASS', config.auth,
        'no personal access token: OAuth tokens last an hour and are refreshed automatically')) }}
  {%- endif -%}
  {%- set listed = rest.get('tokens') or {} -%}
  {%- if listed.get('error') -%}
    {{ return(check('token.expiry', 'WARN', '', 'could not list this identity\'s tokens: ' ~ listed.error,
        'check the token permissions of this identity')) }}
  {%- endif -%}
  {%- set now = rest.checked_at_ms -%}
  {%- set live = [] -%}
  {%- set expired = [] -%}
  {%- set forever = [] -%}
  {%- for token in listed.get('items') or [] -%}
    {%- set expiry = token.get('expiry_time') -%}
    {%- if expiry is none or expiry <= 0 -%}
      {%- do forever.append(token) -%}
    {%- elif expiry <= now -%}
      {%- do expired.append(token) -%}
    {%- else -%}
      {%- do live.append(token) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- set count = (listed.get('items') or []) | length -%}
  {%- set fix = 'create a new token (or better: use OAuth with a service principal) and update the profile' -%}
  {%- if not live and not forever -%}
    {%- if expired -%}
      {{ return(check('token.expiry', 'FAIL', expired[0].get('token_id', ''),
          'every token of this identity has expired', fix)) }}
    {%- endif -%}
    {{ return(check('token.expiry', 'WARN', '', 'this identity lists no token; the token in use cannot be identified', '')) }}
  {%- elif not live -%}
    {{ return(check('token.expiry', 'PASS', forever[0].get('token_id', ''), 'the token never expires (consider a lifetime of 90 days or less)')) }}
  {%- endif -%}
  {%- set soonest = live | sort(attribute='expiry_time') | first -%}
  {%- set days = (soonest.expiry_time - now) / 86400000.0 -%}
  {%- set which = 'the token' if count == 1 else 'the soonest-expiring of this identity\'s ' ~ count
      ~ ' tokens (the token in use cannot be told apart)' -%}
  {%- set said = which ~ ' expires in ' ~ '%.1f' | format(days) ~ ' days' -%}
  {%- set object = soonest.get('token_id', '') ~ ((' (' ~ soonest.comment ~ ')') if soonest.get('comment') else '') -%}
  {%- if days <= thresholds.token_fail_days -%}
    {{ return(check('token.expiry', 'FAIL', object, said ~ ' (fail within ' ~ thresholds.token_fail_days ~ ')', fix)) }}
  {%- elif days <= thresholds.token_warn_days -%}
    {{ return(check('token.expiry', 'WARN', object, said ~ ' (warn within ' ~ thresholds.token_warn_days ~ ')', fix)) }}
  {%- endif -%}
  {{ return(check('token.expiry', 'PASS', object, said)) }}
{%- endmacro %}


{#-
  routing.active: whether dbt names nodes with this package's routing. A project's own
  generate_schema_name / generate_database_name (a very common pattern), or a package's that
  the dispatch order puts first, silently replaces it.
-#}
{% macro _dbenvs_pf_routing_check(routing) -%}
  {%- set check = databricks_envs._dbenvs_pf_check -%}
  {%- if routing is none -%}
    {{ return(check('routing.active', 'SKIP', '', 'not evaluated')) }}
  {%- endif -%}
  {%- if not routing.shadowed -%}
    {{ return(check('routing.active', 'PASS', 'generate_schema_name, generate_database_name',
        "dbt names every node with dbt-databricks-envs' routing")) }}
  {%- endif -%}
  {%- set what = [] -%}
  {%- set fixes = [] -%}
  {%- for item in routing.shadowed -%}
    {%- do what.append(item.macro ~ ' comes from ' ~ item.file ~ ' (' ~ ('your project' if item.root
        else 'package ' ~ item.package) ~ ', macro ' ~ item.defined_as ~ ')') -%}
    {%- if item.root -%}
      {%- do fixes.append('delete or rename ' ~ item.defined_as ~ ' in ' ~ item.file) -%}
    {%- else -%}
      {%- do fixes.append('put databricks_envs before ' ~ item.package
          ~ ' in the dispatch search_order of macro_namespace dbt') -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(check('routing.active', 'WARN', routing.shadowed | map(attribute='macro') | join(', '),
      "dbt-databricks-envs' routing is not used: " ~ what | join('; ')
      ~ '; nodes land where that macro says, whatever vars: databricks_envs says',
      fixes | join('; ') ~ ' (move custom naming rules into vars: databricks_envs)')) }}
{%- endmacro %}


{#-
  compute.warehouse: each named compute (dbt-databricks' `databricks_compute`, from the profile's
  `compute:` map) the selected models run on: its SQL warehouse's state, and whether this
  identity may use it (CAN USE, CAN MANAGE or IS OWNER, directly, through a group or through
  `users`).
-#}
{% macro _dbenvs_pf_compute_checks(plan, rest) -%}
  {%- set check = databricks_envs._dbenvs_pf_check -%}
  {%- set checks = [] -%}
  {%- for name in plan.get('computes') or [] -%}
    {%- set found = ((rest or {}).get('computes') or {}).get(name) -%}
    {%- set who = ((rest or {}).get('me') or {}).get('user_name') or 'this identity' -%}
    {%- if rest is none -%}
      {%- do checks.append(check('compute.warehouse', 'SKIP', name,
          'needs type: databricks_envs (the warehouse and its permissions come from the REST API)')) -%}
    {%- elif found is none or found.get('undefined') -%}
      {%- do checks.append(check('compute.warehouse', 'FAIL', name,
          'models use databricks_compute ' ~ name ~ ", which the profile's compute map does not define",
          'add ' ~ name ~ ' under compute: in the profile (compute: {' ~ name
          ~ ': {http_path: /sql/1.0/warehouses/<id>}})')) -%}
    {%- elif found.get('skip') -%}
      {%- do checks.append(check('compute.warehouse', 'SKIP', name, found.skip)) -%}
    {%- elif found.get('missing') -%}
      {%- do checks.append(check('compute.warehouse', 'FAIL', name,
          'no SQL warehouse ' ~ found.get('message', ''), 'point its http_path at an existing SQL warehouse')) -%}
    {%- elif found.get('error') -%}
      {%- do checks.append(check('compute.warehouse', 'FAIL', name,
          'cannot see its SQL warehouse: ' ~ found.error ~ '; ' ~ who ~ ' holds no permission on it',
          'a workspace admin gives ' ~ who ~ ' CAN USE on the warehouse (SQL Warehouses > Permissions)')) -%}
    {%- elif found.get('acl_error') -%}
      {%- do checks.append(check('compute.warehouse', 'WARN', name ~ ' (' ~ found.id ~ ')',
          "could not read the warehouse's permissions: " ~ found.acl_error,
          'check that ' ~ who ~ ' holds CAN USE on it')) -%}
    {%- elif not found.get('can_use') -%}
      {%- do checks.append(check('compute.warehouse', 'FAIL', name ~ ' (' ~ found.id ~ ')',
          who ~ ' may not use SQL warehouse ' ~ found.id ~ ' (holds: ' ~ (found.levels | join(', ') or 'nothing')
          ~ '; running statements needs CAN USE)',
          'a workspace admin gives ' ~ who ~ ' CAN USE on the warehouse (SQL Warehouses > Permissions, or '
          ~ 'PATCH /api/2.0/permissions/warehouses/' ~ found.id ~ ')')) -%}
    {%- elif found.state in ['DELETED', 'DELETING'] or found.state not in ['RUNNING', 'STARTING', 'STOPPED', 'STOPPING'] -%}
      {%- do checks.append(check('compute.warehouse', 'FAIL', name ~ ' (' ~ found.id ~ ')',
          'its SQL warehouse is ' ~ found.state, 'point its http_path at an existing SQL warehouse')) -%}
    {%- elif found.state in ['STOPPED', 'STOPPING'] -%}
      {%- do checks.append(check('compute.warehouse', 'WARN', name ~ ' (' ~ found.id ~ ')',
          found.state ~ ': it starts when its first model runs, which waits for the start-up',
          'start it beforehand to avoid the wait, or accept it')) -%}
    {%- else -%}
      {%- do checks.append(check('compute.warehouse', 'PASS', name ~ ' (' ~ found.id ~ ')',
          found.state ~ '; ' ~ who ~ ' may use it (' ~ found.levels | join(', ') ~ ')')) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(checks) }}
{%- endmacro %}
