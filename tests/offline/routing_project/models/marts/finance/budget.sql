{{ config(schema='planning') }}
select 1 as amount
