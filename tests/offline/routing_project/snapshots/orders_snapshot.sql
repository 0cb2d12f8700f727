{% snapshot orders_snapshot %}
{{ config(unique_key='id', strategy='check', check_cols='all', schema='snapshots') }}
select * from {{ ref('stg_orders') }}
{% endsnapshot %}
