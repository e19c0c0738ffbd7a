#!/bin/bash
# What each primary and foreign key of coffee-shop costs PostgreSQL to add after a load, per key:
# wall ms / CPU ms of the backend (+ CPU of parallel index-build workers, from trace_sort). The five
# tables are copied from SRC (a schema mimic loaded) into fresh tables in one transaction, as mimic
# loads them (no statistics, no visibility map), keyed, and rolled back. Issue 22, docs/benchmarks.md.
#   node dist/main.js generate coffee-shop --customers 100000 --to 'postgres://postgres@127.0.0.1:5432/test?schema=keys_src' --replace
#   bench/internal/pg-keys-cost.sh "SET max_parallel_maintenance_workers=0;" serial_hash ""
#   bench/internal/pg-keys-cost.sh "SET max_parallel_maintenance_workers=0;" serial_merge "SET enable_hashjoin=off; SET enable_nestloop=off; "
# $1: session settings; $2: a label; $3: settings for the line_items → transactions check only.
# PG (default "-h 127.0.0.1 -U postgres -d test"), SRC (default keys_src), WORK (default keys_cost).
SETTINGS="$1"; LABEL="$2"; LIFK="$3"
PG=${PG:-"-h 127.0.0.1 -U postgres -d test"}; SRC=${SRC:-keys_src}; S=${WORK:-keys_cost}
CPU="SELECT 'C ' || (split_part(pg_read_file('/proc/self/stat'),' ',14)::int + split_part(pg_read_file('/proc/self/stat'),' ',15)::int);"
step() { echo "\\echo K $1"; echo "$CPU"; echo "$2"; echo "$CPU"; }
{
echo "\\set ON_ERROR_STOP 1"
echo "BEGIN;"
echo "DROP SCHEMA IF EXISTS $S CASCADE; CREATE SCHEMA $S;"
for t in stores customers loyalty_members transactions line_items; do
  echo "CREATE TABLE $S.$t (LIKE $SRC.$t INCLUDING DEFAULTS); INSERT INTO $S.$t SELECT * FROM $SRC.$t;"
done
echo "$SETTINGS"
echo "SET trace_sort=on; SET client_min_messages=log;"
echo "\\timing on"
step stores_pk "ALTER TABLE $S.stores ADD PRIMARY KEY (store_id);"
step customers_pk "ALTER TABLE $S.customers ADD PRIMARY KEY (customer_id);"
step loyalty_pk "ALTER TABLE $S.loyalty_members ADD PRIMARY KEY (member_id);"
step transactions_pk "ALTER TABLE $S.transactions ADD PRIMARY KEY (transaction_id);"
step line_items_pk "ALTER TABLE $S.line_items ADD PRIMARY KEY (transaction_id, line);"
step customers_fk "ALTER TABLE $S.customers ADD FOREIGN KEY (home_store_id) REFERENCES $S.stores(store_id);"
step loyalty_fk "ALTER TABLE $S.loyalty_members ADD FOREIGN KEY (customer_id) REFERENCES $S.customers(customer_id);"
step tx_cust_fk "ALTER TABLE $S.transactions ADD FOREIGN KEY (customer_id) REFERENCES $S.customers(customer_id);"
step tx_store_fk "ALTER TABLE $S.transactions ADD FOREIGN KEY (store_id) REFERENCES $S.stores(store_id);"
step li_tx_fk "${LIFK}ALTER TABLE $S.line_items ADD FOREIGN KEY (transaction_id) REFERENCES $S.transactions(transaction_id);"
echo "\\timing off"
echo "ROLLBACK;"
} | psql $PG -qAt 2>&1 | awk -v L="$LABEL" '
/^K /{k=$2; order[++n]=k; c=0}
/^C /{ if(c==0){c0=$2; c=1} else {cpu[k]=($2-c0)*10} }
/^Time:/{ if ($2>wall[k]) wall[k]=$2 }
/parallel external sort of worker [0-9]+ ended/ { match($0,/worker [0-9]+/); w=substr($0,RSTART,RLENGTH); if (!(k w in got)) { got[k w]=1; match($0,/user: [0-9.]+ s, system: [0-9.]+/); split(substr($0,RSTART,RLENGTH),a,/[ ,]+/); wk[k]+= (a[2]+a[5])*1000 } }
END{ printf "%-26s", L; for(i=1;i<=n;i++){k=order[i]; tw+=wall[k]; tc+=cpu[k]+wk[k]; printf " %s=%.0f/%d%s", k, wall[k], cpu[k], (wk[k]>0? "+" wk[k] : "")}; printf "\n%-26s TOTAL wall=%.0f ms cpu=%.0f ms\n", "", tw, tc }'
