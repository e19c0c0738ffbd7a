#!/bin/bash
# What COPY … (FREEZE) changes in the keys phase of a load (issue 22, docs/benchmarks.md, i22f):
# the five coffee-shop tables of a schema mimic loaded (SRC) are exported once as binary COPY files,
# then loaded into tables created in one transaction (as mimic loads them) with or without FREEZE,
# keyed as mimic keys them, and rolled back. Prints the backend's CPU ms per step (+ parallel
# index-build workers' CPU, from trace_sort) and the keys' total.
#   node dist/main.js generate coffee-shop --customers 30000 --to 'postgres://postgres@127.0.0.1:5432/test?schema=f_a' --replace
#   bench/internal/pg-keys-freeze.sh export
#   for i in 1 2 3 4 5; do bench/internal/pg-keys-freeze.sh plain ""; bench/internal/pg-keys-freeze.sh freeze ", FREEZE"; done
# PG (default "-h 127.0.0.1 -U postgres -d test"), SRC (default f_a), FILES (default /tmp/pg-keys-freeze,
# written by the server: it must run on this host), WORK (default kf_work).
PG=${PG:-"-h 127.0.0.1 -U postgres -d test"}; SRC=${SRC:-f_a}; FILES=${FILES:-/tmp/pg-keys-freeze}; S=${WORK:-kf_work}
TABLES="stores customers loyalty_members transactions line_items"
if [ "$1" = export ]; then
  mkdir -p "$FILES" && chmod 777 "$FILES"
  for t in $TABLES; do psql $PG -qAt -c "COPY $SRC.$t TO '$FILES/$t.bin' (FORMAT binary)"; done
  exit
fi
LABEL="$1"; COPYOPT="$2"
CPU="SELECT 'C ' || (split_part(pg_read_file('/proc/self/stat'),' ',14)::int + split_part(pg_read_file('/proc/self/stat'),' ',15)::int);"
step() { echo "\\echo K $1"; echo "$CPU"; echo "$2"; echo "$CPU"; }
{
echo "\\set ON_ERROR_STOP 1"
echo "BEGIN;"
echo "DROP SCHEMA IF EXISTS $S CASCADE; CREATE SCHEMA $S;"
for t in $TABLES; do echo "CREATE TABLE $S.$t (LIKE $SRC.$t INCLUDING DEFAULTS);"; done
echo "SET trace_sort=on; SET client_min_messages=log;"
for t in $TABLES; do step copy "COPY $S.$t FROM '$FILES/$t.bin' WITH (FORMAT binary$COPYOPT);"; done
# The keys in mimic's order (src/dbload/ddl.ts constraintStatements).
step pk_lm "ALTER TABLE $S.loyalty_members ADD PRIMARY KEY (member_id);"
step pk_li "ALTER TABLE $S.line_items ADD PRIMARY KEY (transaction_id, line);"
step pk_st "ALTER TABLE $S.stores ADD PRIMARY KEY (store_id);"
step pk_cu "ALTER TABLE $S.customers ADD PRIMARY KEY (customer_id);"
step pk_tx "ALTER TABLE $S.transactions ADD PRIMARY KEY (transaction_id);"
step fk_cu "ALTER TABLE $S.customers ADD FOREIGN KEY (home_store_id) REFERENCES $S.stores(store_id);"
step fk_lm "ALTER TABLE $S.loyalty_members ADD FOREIGN KEY (customer_id) REFERENCES $S.customers(customer_id);"
step fk_txc "ALTER TABLE $S.transactions ADD FOREIGN KEY (customer_id) REFERENCES $S.customers(customer_id);"
step fk_txs "ALTER TABLE $S.transactions ADD FOREIGN KEY (store_id) REFERENCES $S.stores(store_id);"
step fk_li "SET enable_hashjoin=off; SET enable_nestloop=off; ALTER TABLE $S.line_items ADD FOREIGN KEY (transaction_id) REFERENCES $S.transactions(transaction_id); RESET enable_hashjoin; RESET enable_nestloop;"
echo "ROLLBACK;"
} | psql $PG -qAt 2>&1 | awk -v L="$LABEL" '
/^K /{k=$2; if(!(k in seenk)){order[++n]=k; seenk[k]=1}; c=0}
/^C /{ if(c==0){c0=$2; c=1} else {cpu[k]+=($2-c0)*10} }
/ERROR/{print}
/parallel external sort of worker [0-9]+ ended/ { match($0,/worker [0-9]+/); w=substr($0,RSTART,RLENGTH); if (!(k w in got)) { got[k w]=1; match($0,/user: [0-9.]+ s, system: [0-9.]+/); split(substr($0,RSTART,RLENGTH),a,/[ ,]+/); wk[k]+= (a[2]+a[5])*1000 } }
END{ printf "%-10s", L; for(i=1;i<=n;i++){k=order[i]; if(k!="copy"){tc+=cpu[k]+wk[k]}; printf " %s=%d%s", k, cpu[k], (wk[k]>0? "+" wk[k] : "")}; printf "  KEYS cpu=%.0f\n", tc }'
