{#- For the demo of the write guard: a developer's run-operation that would write to prod. -#}
{% macro write_to_prod() %}
  {% do run_query("create or replace table prod.marketing.customers as select 'oops' as mistake") %}
{% endmacro %}
