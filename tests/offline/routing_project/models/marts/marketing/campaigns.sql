{{ config(schema='marketing', database='reporting') }}
select * from {{ ref('stg_customers') }}
