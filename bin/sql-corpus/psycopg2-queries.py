"""Sends statistics queries with bound parameters through psycopg2 (client-side binding)."""
import datetime, decimal, sys
import psycopg2

port = int(sys.argv[1])
conn = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="appdb",
                        application_name="psycopg2corpus")
conn.autocommit = True
utc = datetime.timezone.utc
cet = datetime.timezone(datetime.timedelta(hours=1))
ts = datetime.datetime(2026, 1, 1, 12, 30, 15, 250000, tzinfo=utc)
ts2 = datetime.datetime(2020, 2, 29, 23, 59, 59, tzinfo=cet)
queries = [
    ("SELECT relname FROM pg_stat_user_tables WHERE coalesce(last_analyze, %s) >= %s ORDER BY relname", (ts2, ts2)),
    ("SELECT count(*) FROM pg_stat_user_tables WHERE last_vacuum IS NULL OR last_vacuum < %s", (ts,)),
    ("SELECT %s::timestamptz AS t, %s AS u", (ts, ts2)),
    ("SELECT %s AS t, extract(epoch FROM %s) AS e", (ts, ts)),
    ("SELECT %s - %s AS d", (ts, ts2)),
    ("SELECT datname FROM pg_stat_database WHERE stats_reset IS NULL OR stats_reset > %s ORDER BY datname", (ts2,)),
    ("SELECT %s AS n, %s AS m, %s * 2 AS k", (decimal.Decimal("99.95"), decimal.Decimal("-0.000100"), decimal.Decimal("1.5"))),
    ("SELECT relname, round(100 * n_live_tup::numeric / greatest(n_live_tup + n_dead_tup, 1), %s) AS pct FROM pg_stat_user_tables WHERE n_live_tup > %s ORDER BY relname", (2, decimal.Decimal("0.5"))),
    ("SELECT %s + 1 AS n", (decimal.Decimal("12345678901234567890.123456789"),)),
    ("SELECT %s AS d", (decimal.Decimal("NaN"),)),
    ("SELECT %s AS i, %s AS j", (datetime.timedelta(days=1, seconds=3661, microseconds=5), datetime.timedelta(seconds=-90))),
    ("SELECT relname FROM pg_stat_user_tables WHERE last_autoanalyze IS NULL OR now() - last_autoanalyze > %s ORDER BY relname", (datetime.timedelta(hours=1),)),
    ("SELECT relname, seq_scan FROM pg_stat_user_tables WHERE relname = ANY(%s) ORDER BY relname", (["orders", "customers", "nope"],)),
    ("SELECT relname FROM pg_stat_user_tables WHERE relid = ANY(%s) ORDER BY relname", ([1, 2, 3],)),
    ("SELECT relname FROM pg_stat_all_tables WHERE schemaname IN %s ORDER BY relname", (("public", "audit"),)),
    ("SELECT %s AS a, array_length(%s, 1) AS n", ([1.5, 2.25], ["x", "y", "z"])),
    ("SELECT %s AS a", ([],)),
    ("SELECT %s AS a", ([None, "q"],)),
    ("SELECT relname, n_tup_ins FROM pg_stat_user_tables WHERE n_tup_ins > %s AND schemaname = %s ORDER BY n_tup_ins DESC, relname", (10, "public")),
    ("SELECT %s AS b, %s AS nothing, %s AS s", (True, None, "it's")),
    ("SELECT datname, xact_commit FROM pg_stat_database WHERE datname = %(db)s", {"db": "appdb"}),
    ("SELECT %s::date AS d, %s AS t", (datetime.date(2026, 3, 1), datetime.time(13, 14, 15))),
]
cur = conn.cursor()
for q, p in queries:
    try:
        cur.execute(q, p)
        cur.fetchall()
    except Exception as e:
        print("error", q, e, file=sys.stderr)
conn.close()
