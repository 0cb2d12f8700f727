select * from {{ source('landing', 'customers') }}
