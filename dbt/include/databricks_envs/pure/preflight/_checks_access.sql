{#- Pure: the checks of what this identity may see, read and write (facts from SQL). -#}

{% macro _dbenvs_pf_catalog_checks(plan, facts) -%}
  {%- set used = {} -%}
  {%- for entry in (plan.writes.values() | list) + (plan.reads.values() | list) -%}
    {%- do used.update({entry.catalog: true}) -%}
  {%- endfor -%}
  {%- set checks = [] -%}
  {%- for catalog in used.keys() | sort -%}
    {%- if catalog in facts.catalogs -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('catalog.visible', 'PASS', catalog,
          'visible to ' ~ facts.user)) -%}
    {%- else -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('catalog.visible', 'FAIL', catalog,
          "catalog '" ~ catalog ~ "' does not exist or " ~ facts.user ~ ' holds no privilege on it',
          'create the catalog, or have an admin grant USE CATALOG on it (see the privilege checks)')) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(checks) }}
{%- endmacro %}


{#-
  privilege.write: for each catalog.schema the selected nodes will be written to, what Unity
  Catalog requires of each relation the run creates or changes there (`_dbenvs_pf_requirements`).
  Ownership, which no GRANT gives, is fixed by an owner change, written to the same file.
-#}
{% macro _dbenvs_pf_write_checks(plan, facts, index) -%}
  {%- set checks = [] -%}
  {%- for key in plan.writes.keys() | sort -%}
    {%- set entry = plan.writes[key] -%}
    {%- set needs = [['USE CATALOG', entry.catalog]] -%}
    {%- set owners = [] -%}
    {%- set existing = [] -%}
    {%- set missing = [] -%}
    {%- set new_schema = key not in facts.schemas -%}
    {%- if new_schema -%}
      {%- do needs.append(['CREATE SCHEMA', entry.catalog]) -%}
      {%- set what = 'new schema: USE CATALOG, CREATE SCHEMA on the catalog' -%}
    {%- else -%}
      {%- do needs.append(['USE SCHEMA', key]) -%}
      {%- set what = 'existing schema: USE CATALOG, USE SCHEMA' -%}
    {%- endif -%}
    {%- for name, operations in entry.relations | dictsort -%}
      {%- set relation = key ~ '.' ~ name -%}
      {%- set exists = relation in facts.relations -%}
      {%- if exists -%}
        {%- do existing.append(name) -%}
      {%- endif -%}
      {%- set required = databricks_envs._dbenvs_pf_requirements(operations, exists, new_schema) -%}
      {%- for privilege in required.schema if [privilege, key] not in needs -%}
        {%- do needs.append([privilege, key]) -%}
      {%- endfor -%}
      {#- The functions its column masks and row filters call: they must exist and be usable. -#}
      {%- for function in operations.functions -%}
        {%- set parts = function.split('.') -%}
        {%- for need in [['USE CATALOG', parts[0]], ['USE SCHEMA', parts[:2] | join('.')],
                         ['EXECUTE', function]] if need not in needs -%}
          {%- do needs.append(need) -%}
        {%- endfor -%}
        {%- if function not in facts.get('functions', {}) -%}
          {%- do missing.append(function) -%}
        {%- endif -%}
      {%- endfor -%}
      {%- for privilege in required.relation -%}
        {%- if privilege == 'OWNER' -%}
          {%- if not databricks_envs._dbenvs_pf_owns(facts, relation) -%}
            {%- do owners.append([relation, operations.materialized, required.why]) -%}
          {%- endif -%}
        {%- elif privilege == 'OWNER OR PARENT' -%}
          {%- if not databricks_envs._dbenvs_pf_owns_within(facts, relation) -%}
            {%- do owners.append([relation, operations.materialized, required.why]) -%}
          {%- endif -%}
        {%- elif privilege == 'OWNER OR MANAGE' -%}
          {%- if not databricks_envs._dbenvs_pf_owns_within(facts, relation)
              and not databricks_envs._dbenvs_pf_has(facts, index, 'MANAGE', relation) -%}
            {%- do needs.append(['MANAGE', relation]) -%}
          {%- endif -%}
        {%- else -%}
          {%- do needs.append([privilege, relation]) -%}
        {%- endif -%}
      {%- endfor -%}
    {%- endfor -%}
    {%- if existing -%}
      {%- set what = what ~ '; ' ~ existing | length ~ ' existing relation(s)' -%}
    {%- endif -%}
    {%- set gaps = databricks_envs._dbenvs_pf_gaps(facts, index, needs) -%}
    {%- set problems = gaps | map(attribute='text') | list -%}
    {%- set fixes = gaps | map(attribute='grant') | list -%}
    {%- for function in missing -%}
      {%- do problems.append("function '" ~ function ~ "' (a column mask or row filter) does not exist") -%}
    {%- endfor -%}
    {%- for relation, materialized, why in owners -%}
      {%- set kind = 'View' if materialized in ['view', 'materialized_view'] else 'Table' -%}
      {%- do problems.append('User is not an owner of ' ~ kind ~ " '" ~ relation ~ "' (" ~ why ~ ')') -%}
      {%- do fixes.append('ALTER ' ~ kind | upper ~ ' ' ~ databricks_envs._dbenvs_pf_quote(relation)
          ~ ' OWNER TO `' ~ facts.user | replace('`', '``') ~ '`;') -%}
    {%- endfor -%}
    {%- set nodes = entry.relations | length ~ ' relation(s)' -%}
    {%- if problems -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('privilege.write', 'FAIL', key,
          'cannot write ' ~ nodes ~ ' (' ~ what ~ '): ' ~ problems | join('; '),
          'an admin runs: ' ~ fixes | join(' '), fixes)) -%}
    {%- else -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('privilege.write', 'PASS', key,
          'can write ' ~ nodes ~ ' (' ~ what ~ ')')) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(checks) }}
{%- endmacro %}


{#-
  What Unity Catalog requires for what building one relation does (`operations`, from the plan),
  on its schema and on the relation itself: `OWNER` is ownership of the relation itself,
  `OWNER OR PARENT` of the relation or of its schema or catalog (to drop it, grant on it).
  The sources are cited in the README (Access control, "What is enforced").
  A relation that does not exist yet is created, and its creator owns it: what is done to it
  afterwards needs nothing more, but the functions its masks and filters call.
-#}
{% macro _dbenvs_pf_requirements(operations, exists, new_schema) -%}
  {%- set schema = [] -%}
  {%- set relation = [] -%}
  {%- set why = [] -%}
  {%- set creates = operations.replaces or operations.drops or not exists -%}
  {%- if creates and not new_schema -%}
    {%- do schema.append('CREATE MATERIALIZED VIEW' if operations.materialized == 'materialized_view'
        else 'CREATE TABLE') -%}
  {%- endif -%}
  {%- if exists -%}
    {%- if operations.replaces -%}
      {%- do relation.append('OWNER') -%}
      {%- do why.append('a ' ~ operations.materialized ~ ' build replaces it') -%}
    {%- elif operations.drops -%}
      {%- do relation.append('OWNER OR PARENT') -%}
      {%- do why.append('storing test failures drops the previous ones') -%}
    {%- else -%}
      {%- if operations.modifies -%}
        {%- do relation.extend(['SELECT', 'MODIFY']) -%}
      {%- endif -%}
      {%- if operations.comments and 'MODIFY' not in relation -%}
        {%- do relation.append('MODIFY') -%}
      {%- endif -%}
      {%- if operations.clusters or operations.functions -%}
        {%- do relation.append('OWNER') -%}
        {%- do why.append('changing clustering, masks or row filters of a table needs its ownership') -%}
      {%- endif -%}
      {%- if operations.grants -%}
        {%- do relation.append('OWNER OR MANAGE') -%}
      {%- endif -%}
      {%- if operations.tags -%}
        {%- do relation.append('APPLY TAG') -%}
      {%- endif -%}
    {%- endif -%}
  {%- endif -%}
  {{ return({'schema': schema, 'relation': relation, 'why': why | join('; ')}) }}
{%- endmacro %}


{#-
  privilege.read: every source, and every relation read that this run does not build (an
  unselected upstream model, a deferred one, the inputs of tests and unit tests). It must exist:
  information_schema shows a relation to whoever holds a privilege on it, so one that is not
  there while the schema is readable does not exist — for any identity, admins included.
-#}
{% macro _dbenvs_pf_read_checks(plan, facts, index) -%}
  {%- set checks = [] -%}
  {%- for key in plan.reads.keys() | sort -%}
    {%- set entry = plan.reads[key] -%}
    {%- set schema_key = entry.catalog ~ '.' ~ entry.schema -%}
    {%- set needs = [['USE CATALOG', entry.catalog], ['USE SCHEMA', schema_key], ['SELECT', key]] -%}
    {%- set gaps = databricks_envs._dbenvs_pf_gaps(facts, index, needs) -%}
    {%- set label = {'source': 'source ', 'deferred': 'deferred ', 'ref': 'upstream '}[entry.kind]
        ~ entry.node ~ ', read by ' ~ entry.reader -%}
    {%- set creator = {
        'source': 'load it, or correct the source\'s database, schema or identifier',
        'ref': 'build it first or add it to the selection (e.g. +' ~ entry.reader.split('.')[-1] ~ ')',
        'deferred': 'build it where --state points (prod), or defer to fresher artifacts',
    }[entry.kind] -%}
    {%- if key not in facts.relations and not gaps -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('privilege.read', 'FAIL', key,
          label ~ ': does not exist; this run does not build it', creator)) -%}
    {%- elif key not in facts.relations -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('privilege.read', 'FAIL', key,
          label ~ ': does not exist, or is not visible to ' ~ facts.user ~ ' ('
          ~ gaps | map(attribute='text') | join('; ') ~ '); this run does not build it',
          creator ~ '; if it exists, an admin runs: ' ~ gaps | map(attribute='grant') | join(' '),
          gaps | map(attribute='grant') | list)) -%}
    {%- elif gaps -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('privilege.read', 'FAIL', key,
          label ~ ': ' ~ gaps | map(attribute='text') | join('; '),
          'an admin runs: ' ~ gaps | map(attribute='grant') | join(' '),
          gaps | map(attribute='grant') | list)) -%}
    {%- else -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('privilege.read', 'PASS', key,
          label ~ ': readable')) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(checks) }}
{%- endmacro %}


{#- isolation.protected: a dev or ci identity able to write to a protected catalog. -#}
{% macro _dbenvs_pf_isolation_checks(plan, facts, environment, protected) -%}
  {%- if environment not in ['dev', 'ci'] -%}
    {{ return([databricks_envs._dbenvs_pf_check('isolation.protected', 'SKIP', protected | join(', '),
        'applies to dev and ci runs; this is a ' ~ environment ~ ' run')]) }}
  {%- endif -%}
  {%- set write_privileges = ['ALL PRIVILEGES', 'MANAGE', 'CREATE SCHEMA', 'CREATE TABLE', 'MODIFY',
      'CREATE MATERIALIZED VIEW', 'CREATE FUNCTION', 'CREATE VOLUME'] -%}
  {%- set checks = [] -%}
  {%- for catalog in protected | sort -%}
    {%- set writes = [] -%}
    {%- for entry in plan.writes.values() if entry.catalog == catalog -%}
      {%- do writes.append(entry.catalog ~ '.' ~ entry.schema) -%}
    {%- endfor -%}
    {%- set powers = [] -%}
    {%- set revokes = [] -%}
    {%- for row in facts.grants if row.object.split('.')[0] == catalog -%}
      {%- set privilege = databricks_envs._dbenvs_pf_privilege(row.privilege) -%}
      {%- if privilege in write_privileges -%}
        {%- set securable = ['CATALOG', 'SCHEMA', 'TABLE'][(row.object.split('.') | length) - 1] -%}
        {%- do powers.append(privilege ~ ' on ' ~ row.object ~ ' (granted to ' ~ row.grantee ~ ')') -%}
        {%- do revokes.append('REVOKE ' ~ privilege ~ ' ON ' ~ securable ~ ' '
            ~ databricks_envs._dbenvs_pf_quote(row.object) ~ ' FROM `' ~ row.grantee ~ '`;') -%}
      {%- endif -%}
    {%- endfor -%}
    {%- for kind, table in [['catalog', facts.catalogs], ['schema', facts.schemas], ['table', facts.relations]] -%}
      {%- for key, item in table.items() if key.split('.')[0] == catalog and item.get('owned') -%}
        {%- do powers.append('owns ' ~ kind ~ ' ' ~ key ~ ' (owner ' ~ item.get('owner') ~ ')') -%}
        {%- do revokes.append('ALTER ' ~ kind | upper ~ ' ' ~ databricks_envs._dbenvs_pf_quote(key)
            ~ ' OWNER TO `<a deployment principal>`;') -%}
      {%- endfor -%}
    {%- endfor -%}
    {%- if writes -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('isolation.protected', 'FAIL', catalog,
          'this ' ~ environment ~ ' run would write to the protected catalog ' ~ catalog ~ ' ('
          ~ writes | join(', ') ~ ')',
          'route ' ~ environment ~ ' runs elsewhere: set the target catalog to a sandbox, or check '
          ~ '`vars: databricks_envs: ' ~ environment ~ ': custom_databases`')) -%}
    {%- elif powers -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('isolation.protected', 'FAIL', catalog,
          facts.user ~ ' (a ' ~ environment ~ ' identity) can write to the protected catalog '
          ~ catalog ~ ': ' ~ powers | join('; '),
          'an admin removes the access: ' ~ revokes | unique | join(' '))) -%}
    {%- elif catalog not in facts.catalogs -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('isolation.protected', 'PASS', catalog,
          'not visible to ' ~ facts.user)) -%}
    {%- else -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('isolation.protected', 'PASS', catalog,
          facts.user ~ ' holds no write privilege in it')) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(checks) }}
{%- endmacro %}


{#- probe.write: the outcome of the scratch schema and table the adapter created and dropped. -#}
{% macro _dbenvs_pf_probe_checks(plan, mode, probe, protected) -%}
  {%- if mode != 'active' -%}
    {{ return([databricks_envs._dbenvs_pf_check('probe.write', 'SKIP', '',
        'mode: passive (pass mode: active to create and drop a scratch schema and table)')]) }}
  {%- endif -%}
  {%- if probe is none -%}
    {{ return([databricks_envs._dbenvs_pf_check('probe.write', 'SKIP', '',
        'needs type: databricks_envs: a macro cannot clean up after a statement that fails',
        'install the adapter (type: databricks_envs) to probe writes')]) }}
  {%- endif -%}
  {%- set catalogs = {} -%}
  {%- for entry in plan.writes.values() -%}
    {%- do catalogs.update({entry.catalog: true}) -%}
  {%- endfor -%}
  {%- set checks = [] -%}
  {%- for catalog in catalogs.keys() | sort -%}
    {%- set outcome = probe.get(catalog) -%}
    {%- if catalog in protected -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('probe.write', 'SKIP', catalog,
          'a protected catalog is never probed')) -%}
    {%- elif outcome is none -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('probe.write', 'SKIP', catalog,
          'not probed')) -%}
    {%- elif outcome.ok -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('probe.write', 'PASS', catalog,
          'created and dropped ' ~ outcome.object)) -%}
    {%- else -%}
      {%- set leftover = ('; could not clean up ' ~ outcome.leftover) if outcome.get('leftover') else '' -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('probe.write', 'FAIL', catalog,
          outcome.step ~ ' failed: ' ~ outcome.error ~ leftover,
          'see the privilege.write checks for the grants this needs')) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(checks) }}
{%- endmacro %}
