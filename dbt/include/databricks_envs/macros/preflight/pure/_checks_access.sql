{#- Pure: the checks of what this identity may see, read and write (facts from SQL). -#}

{% macro _dbenvs_pf_check(id, status, object, message, fix='', grants=[]) -%}
  {{ return({'id': id, 'status': status, 'object': object, 'message': message, 'fix': fix,
             'grants': grants}) }}
{%- endmacro %}


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
  privilege.write: for each catalog.schema the selected nodes will be written to. Replacing an
  existing view needs its ownership, which no GRANT gives (FAIL, with the ALTER ... OWNER TO
  that does); `create or replace table` may too (unverified on Databricks), so a table held
  with MODIFY but not owned is a WARN rather than a PASS.
-#}
{% macro _dbenvs_pf_write_checks(plan, facts, index) -%}
  {%- set checks = [] -%}
  {%- for key in plan.writes.keys() | sort -%}
    {%- set entry = plan.writes[key] -%}
    {%- set needs = [['USE CATALOG', entry.catalog]] -%}
    {%- set existing = [] -%}
    {%- set owners = [] -%}
    {%- set cautions = [] -%}
    {%- if key in facts.schemas -%}
      {%- do needs.append(['USE SCHEMA', key]) -%}
      {%- do needs.append(['CREATE TABLE', key]) -%}
      {%- for name, materialized in entry.relations | dictsort if (key ~ '.' ~ name) in facts.relations -%}
        {%- set relation = key ~ '.' ~ name -%}
        {%- do existing.append(name) -%}
        {%- if not databricks_envs._dbenvs_pf_owns_within(facts, relation) -%}
          {%- if materialized in ['view', 'materialized_view'] -%}
            {%- do owners.append(relation) -%}
          {%- else -%}
            {%- do needs.append(['MODIFY', relation]) -%}
            {%- if materialized == 'table' -%}
              {%- do cautions.append(relation) -%}
            {%- endif -%}
          {%- endif -%}
        {%- endif -%}
      {%- endfor -%}
      {%- set what = 'existing schema: USE CATALOG, USE SCHEMA, CREATE TABLE'
          ~ (', MODIFY or ownership on ' ~ existing | length ~ ' existing relation(s)' if existing else '') -%}
    {%- else -%}
      {%- do needs.append(['CREATE SCHEMA', entry.catalog]) -%}
      {%- set what = 'new schema: USE CATALOG, CREATE SCHEMA on the catalog' -%}
    {%- endif -%}
    {%- set gaps = databricks_envs._dbenvs_pf_gaps(facts, index, needs) -%}
    {%- set problems = gaps | map(attribute='text') | list -%}
    {%- set fixes = gaps | map(attribute='grant') | list -%}
    {%- for relation in owners -%}
      {%- do problems.append("User is not an owner of View '" ~ relation ~ "' (replacing a view needs ownership)") -%}
      {%- do fixes.append('ALTER VIEW ' ~ databricks_envs._dbenvs_pf_quote(relation) ~ ' OWNER TO `'
          ~ facts.user | replace('`', '``') ~ '`;') -%}
    {%- endfor -%}
    {%- set nodes = entry.relations | length ~ ' relation(s)' -%}
    {%- if problems -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('privilege.write', 'FAIL', key,
          'cannot write ' ~ nodes ~ ' (' ~ what ~ '): ' ~ problems | join('; '),
          'an admin runs: ' ~ fixes | join(' '), gaps | map(attribute='grant') | list)) -%}
    {%- elif cautions -%}
      {%- set transfers = [] -%}
      {%- for relation in cautions -%}
        {%- do transfers.append('ALTER TABLE ' ~ databricks_envs._dbenvs_pf_quote(relation) ~ ' OWNER TO `'
            ~ facts.user | replace('`', '``') ~ '`;') -%}
      {%- endfor -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('privilege.write', 'WARN', key,
          'can write ' ~ nodes ~ ' (' ~ what ~ '), but ' ~ cautions | join(', ')
          ~ ' held with MODIFY and not owned: a table materialization replaces it '
          ~ '(create or replace table), which may need ownership',
          'an admin makes this identity the owner: ' ~ transfers | join(' '))) -%}
    {%- else -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('privilege.write', 'PASS', key,
          'can write ' ~ nodes ~ ' (' ~ what ~ ')')) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(checks) }}
{%- endmacro %}


{#- privilege.read: every source, and every relation read that this run does not build. -#}
{% macro _dbenvs_pf_read_checks(plan, facts, index) -%}
  {%- set checks = [] -%}
  {%- for key in plan.reads.keys() | sort -%}
    {%- set entry = plan.reads[key] -%}
    {%- set schema_key = entry.catalog ~ '.' ~ entry.schema -%}
    {%- set needs = [['USE CATALOG', entry.catalog], ['USE SCHEMA', schema_key], ['SELECT', key]] -%}
    {%- set gaps = databricks_envs._dbenvs_pf_gaps(facts, index, needs) -%}
    {%- set label = ('source ' if entry.kind == 'source' else 'upstream ') ~ entry.node ~ ', read by ' ~ entry.reader -%}
    {%- if key not in facts.relations and entry.kind == 'ref' -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('privilege.read', 'FAIL', key,
          label ~ ': not found, or not readable by ' ~ facts.user ~ '; this run does not build it',
          'build it first or add it to the selection (e.g. +' ~ entry.reader.split('.')[-1]
          ~ '), or have an admin grant ' ~ gaps | map(attribute='grant') | join(' '))) -%}
    {%- elif gaps -%}
      {%- set missing = '' if key in facts.relations else ' (not visible: it may also not exist)' -%}
      {%- do checks.append(databricks_envs._dbenvs_pf_check('privilege.read', 'FAIL', key,
          label ~ missing ~ ': ' ~ gaps | map(attribute='text') | join('; '),
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
