{#-
  Pure: every check, from the plan and the facts; evaluated by dbt (both install paths) and by
  the unit tests through the adapter's rule evaluator (rules.py).

  inputs: {config, environment, target, mode, strict, protected_catalogs, thresholds,
           plan, facts (from SQL), rest (from the adapter, or none), probe (or none)}
  Returns the report: {environment, target, adapter, mode, strict, identity, checks, summary,
  grants, failed}.
-#}
{% macro _dbenvs_pf_evaluate(inputs) -%}
  {%- set facts = inputs.facts -%}
  {%- set index = databricks_envs._dbenvs_pf_grant_index(facts.grants) -%}
  {%- set protected = inputs.protected_catalogs | map('lower') | list -%}
  {%- set path = databricks_envs._dbenvs_pf_http_path_check(inputs.config.http_path) -%}
  {%- set identity = databricks_envs._dbenvs_pf_identity(facts.user, inputs.rest) -%}
  {%- set checks = [
      databricks_envs._dbenvs_pf_host_check(inputs.config.host),
      path.check,
      databricks_envs._dbenvs_pf_catalog_check(inputs.config.catalog),
      databricks_envs._dbenvs_pf_warehouse_check(path, inputs.rest),
      databricks_envs._dbenvs_pf_identity_check(identity, inputs.environment),
      databricks_envs._dbenvs_pf_token_check(inputs.config, inputs.rest, inputs.thresholds),
      databricks_envs._dbenvs_pf_routing_check(inputs.get('routing')),
  ] + databricks_envs._dbenvs_pf_compute_checks(inputs.plan, inputs.rest) -%}
  {%- if facts.get('unavailable') -%}
    {%- set groups = [] -%}
    {%- for id in ['catalog.visible', 'privilege.write', 'privilege.read', 'isolation.protected', 'probe.write'] -%}
      {%- do groups.append([databricks_envs._dbenvs_pf_check(id, 'SKIP', '', facts.unavailable)]) -%}
    {%- endfor -%}
  {%- else -%}
    {%- set groups = [
        databricks_envs._dbenvs_pf_catalog_checks(inputs.plan, facts),
        databricks_envs._dbenvs_pf_write_checks(inputs.plan, facts, index),
        databricks_envs._dbenvs_pf_read_checks(inputs.plan, facts, index),
        databricks_envs._dbenvs_pf_isolation_checks(inputs.plan, facts, inputs.environment, protected),
        databricks_envs._dbenvs_pf_probe_checks(inputs.plan, inputs.mode, inputs.probe, protected),
    ] -%}
  {%- endif -%}
  {%- for group in groups -%}
    {%- for check in group -%}
      {%- do checks.append(check) -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- set summary = {'PASS': 0, 'WARN': 0, 'FAIL': 0, 'SKIP': 0} -%}
  {%- set grants = [] -%}
  {%- for check in checks -%}
    {%- do summary.update({check.status: summary[check.status] + 1}) -%}
    {%- for grant in check.grants if grant not in grants -%}
      {%- do grants.append(grant) -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- set failed = summary.FAIL > 0 or (inputs.strict and summary.WARN > 0) -%}
  {{ return({
      'environment': inputs.environment,
      'target': inputs.target,
      'adapter': inputs.config.adapter,
      'mode': inputs.mode,
      'strict': inputs.strict,
      'identity': identity,
      'nodes': inputs.plan.nodes,
      'checks': checks,
      'summary': summary,
      'grants': grants,
      'failed': failed,
  }) }}
{%- endmacro %}


{#- The report as the readable table the log shows. -#}
{% macro _dbenvs_pf_render(report) -%}
  {%- set width = [[report.checks | map(attribute='object') | map('string') | map('length') | max, 6] | max, 48] | min -%}
  {%- set row = '%-6s %-20s %-' ~ width ~ 's %s' -%}
  {%- set lines = [
      'dbt-databricks-envs preflight: environment ' ~ report.environment ~ ', target ' ~ report.target
      ~ ', ' ~ report.identity.name ~ ' (' ~ report.identity.kind ~ '), ' ~ report.nodes
      ~ ' node(s) to build, mode ' ~ report.mode ~ (', strict' if report.strict else ''),
      '',
      row | format('STATUS', 'CHECK', 'OBJECT', 'MESSAGE'),
  ] -%}
  {%- for check in report.checks -%}
    {%- do lines.append(row | format(check.status, check.id, check.object, check.message)) -%}
    {%- if check.fix and check.status in ['WARN', 'FAIL'] -%}
      {%- do lines.append(' ' * (width + 29) ~ 'fix: ' ~ check.fix) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- do lines.append('') -%}
  {%- set s = report.summary -%}
  {%- do lines.append(s.PASS ~ ' PASS, ' ~ s.WARN ~ ' WARN, ' ~ s.FAIL ~ ' FAIL, ' ~ s.SKIP ~ ' SKIP: '
      ~ ('preflight FAILED' ~ (' (strict: warnings count)' if report.strict and s.FAIL == 0 else '')
         if report.failed else 'preflight passed')) -%}
  {{ return(lines | join('\n')) }}
{%- endmacro %}


{#-
  The report as Markdown, for a pull request (GitHub's job summary, a PR comment): the verdict,
  the checks with FAIL first, then WARN, and the GRANTs in a code block.
-#}
{% macro _dbenvs_pf_markdown(report) -%}
  {%- set s = report.summary -%}
  {%- set icon = {'FAIL': '❌', 'WARN': '⚠️', 'PASS': '✅', 'SKIP': '⏭️'} -%}
  {%- set lines = [
      '### dbt-databricks-envs preflight: ' ~ ('FAILED' if report.failed else 'passed'),
      '',
      'Environment `' ~ report.environment ~ '`, target `' ~ report.target ~ '`, identity `'
      ~ report.identity.name ~ '` (' ~ report.identity.kind ~ '), ' ~ report.nodes
      ~ ' node(s) to build: ' ~ s.PASS ~ ' PASS, ' ~ s.WARN ~ ' WARN, ' ~ s.FAIL ~ ' FAIL, '
      ~ s.SKIP ~ ' SKIP.',
      '',
      '| status | check | object | message | fix |',
      '| --- | --- | --- | --- | --- |',
  ] -%}
  {%- for status in ['FAIL', 'WARN', 'PASS', 'SKIP'] -%}
    {%- for check in report.checks if check.status == status -%}
      {%- set cells = [icon[status] ~ ' ' ~ status, '`' ~ check.id ~ '`', check.object | string,
          check.message, check.fix if status in ['FAIL', 'WARN'] else ''] -%}
      {%- do lines.append('| ' ~ cells | map('replace', '|', '\\|') | map('replace', '\n', ' ') | join(' | ') ~ ' |') -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- if report.grants -%}
    {%- do lines.extend(['', 'An admin closes every privilege gap with:', '', '```sql']) -%}
    {%- do lines.extend(report.grants) -%}
    {%- do lines.append('```') -%}
  {%- endif -%}
  {{ return(lines | join('\n')) }}
{%- endmacro %}
