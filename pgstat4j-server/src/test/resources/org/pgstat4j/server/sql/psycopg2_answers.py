"""Runs a fixed list of queries through psycopg2 (client-side parameters, as applications
use it) and prints each answer as repr() lines, so that two servers can be compared.

Usage: python3 psycopg2_answers.py HOST PORT DBNAME USER
"""
import datetime
import decimal
import sys

import psycopg2

host, port, dbname, user = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
aware = datetime.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
earlier = datetime.datetime(2024, 1, 1, 0, 0, 0, tzinfo=datetime.timezone.utc)
queries = [
    ("select %s as t", (aware,)),
    ("select %s - %s as d", (aware, earlier)),
    ("select %s > %s as later", (aware, earlier)),
    ("select %s + 1 as d", (decimal.Decimal("1.5"),)),
    ("select %s * 2 as d", (decimal.Decimal("-0.125"),)),
    ("select round(%s * 100, 2) as d", (decimal.Decimal("0.99951"),)),
    ("select x from (values ('a'), ('b'), ('c')) t(x) where x = any(%s) order by x", (["a", "c"],)),
    ("select x from (values (1), (2), (3)) t(x) where x in %s order by x", ((1, 3),)),
    ("select greatest(%s, null) as g", (5,)),
    ("select %s::float8 / 4 as f", (3,)),
]
conn = psycopg2.connect(host=host, port=port, dbname=dbname, user=user, sslmode="disable")
try:
    cur = conn.cursor()
    cur.execute("set timezone = 'UTC'")
    for sql, args in queries:
        try:
            cur.execute(sql, args)
            names = [d.name for d in cur.description]
            print(repr((sql, names, cur.fetchall())))
        except psycopg2.Error as e:
            print(repr((sql, "error", e.pgcode)))
            conn.rollback()
            cur.execute("set timezone = 'UTC'")
finally:
    conn.close()
