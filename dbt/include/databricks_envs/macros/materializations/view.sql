{#-
  dbt clone falls back to a view where it cannot clone a table, and looks the view
  materialization up by the adapter's type (`materialization_view_<type>`, dbt-core's clone
  materialization), not through the adapter's parents: without this entry `type:
  databricks_envs` got dbt-core's default view materialization, which fails on Databricks
  relations. Every other use of the view materialization is unchanged: this is dbt-databricks'
  own, called as it is.
-#}
{% materialization view, adapter='databricks_envs' -%}
  {{ return(context['materialization_view_databricks']()) }}
{%- endmaterialization %}
