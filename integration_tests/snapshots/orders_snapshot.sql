{% snapshot orders_snapshot %}
{{ config(unique_key='id', strategy='check', check_cols=['amount']) }}
select * from {{ source('shop', 'orders') }}
{% endsnapshot %}
