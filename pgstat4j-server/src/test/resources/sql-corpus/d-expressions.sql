-- Part d: expression semantics. One query a line, run in database appdb; '--' lines are comments.
-- NULLs
SELECT NULL AS n
SELECT NULL::int AS n, NULL::text AS t
SELECT 1 + NULL AS a, NULL = NULL AS b, NULL IS NULL AS c, NULL IS DISTINCT FROM 1 AS d
SELECT coalesce(NULL, NULL, 3) AS c, nullif(1, 1) AS n, nullif(1, 2) AS m
SELECT count(x) AS c, count(*) AS s, sum(x) AS t, avg(x) AS a, max(x) AS m FROM (VALUES (1), (NULL::int), (3)) v(x)
SELECT sum(x) AS s, min(x) AS m FROM (VALUES (NULL::int)) v(x)
SELECT NULL::int < 1 AS lt, true AND NULL AS an, false AND NULL AS af, true OR NULL AS ot
SELECT 'a' || NULL AS c, concat('a', NULL, 'b') AS d
-- GREATEST / LEAST
SELECT greatest(1, NULL) AS g, least(1, NULL) AS l
SELECT greatest(NULL::int, NULL) AS g
SELECT greatest(1, 2.5) AS g, least(1, 2.5) AS l
SELECT greatest('a', 'b', 'B') AS g, least(3, 2, 1) AS l
SELECT greatest(now(), now() - interval '1 day') = now() AS t
-- numeric scale and rounding
SELECT 1.5::numeric AS a, 1.50 AS b, 0.1 + 0.2 AS c
SELECT round(2.5) AS a, round(-2.5) AS b, round(3.14159, 2) AS c, round(1234.5, -2) AS d
SELECT round(2.5::float8) AS a, round(-0.5::float8) AS b
SELECT 10::numeric / 3 AS a, 1::numeric / 3 AS b, 2.0 / 3 AS c
SELECT 100 * 1999::numeric / 2000 AS a, round(100 * 1999::numeric / 2000, 2) AS b
SELECT trunc(2.789, 1) AS a, ceil(2.1) AS b, floor(-2.1) AS c, abs(-3.50) AS d
SELECT 1.000 * 2.00 AS m, 1.5 + 1.25 AS s, 5.0 - 1 AS d
SELECT 12345678901234567890::numeric * 10 AS big
SELECT 'NaN'::numeric AS n, 'NaN'::numeric > 1 AS gt
SELECT 1e3 AS a, 1.5e-3 AS b, 123.456::numeric(5,1) AS c
SELECT sum(x) AS s, avg(x) AS a FROM (VALUES (1.10), (2.205), (3)) v(x)
SELECT avg(x) AS a FROM (VALUES (1), (2)) v(x)
SELECT avg(x::bigint) AS a, sum(x::bigint) AS s, sum(x::int) AS t FROM (VALUES (1), (2), (4)) v(x)
SELECT round(avg(x), 2) AS a FROM (VALUES (1), (2), (2)) v(x)
SELECT 7 % 3 AS a, -7 % 3 AS b, 7.5 % 2 AS c, mod(-7, 3) AS d
SELECT power(2, 10) AS p, sqrt(2) AS s, 2 ^ 3 AS e
SELECT div(7, 2) AS d, div(-7, 2) AS e
-- integer division and overflow
SELECT 1 / 2 AS a, 7 / 2 AS b, -7 / 2 AS c, 7 / -2 AS d
SELECT 1 / 0 AS a
SELECT 1.0 / 0 AS a
SELECT 2147483647 + 1 AS a
SELECT 2147483647::bigint + 1 AS a
SELECT 9223372036854775807 + 1 AS a
SELECT (-2147483648)::int / -1 AS a
SELECT 5 / 2.0 AS a, 5::float8 / 2 AS b, 5 / 2::float8 AS c
-- float vs numeric
SELECT 0.1::float8 + 0.2::float8 AS f, 0.1 + 0.2 AS n
SELECT 1 / 3::float8 AS f, 1::float4 / 3 AS r
SELECT 1e300::float8 * 1e10 AS big
SELECT 'Infinity'::float8 AS i, '-Infinity'::float8 AS m, 'NaN'::float8 AS n
SELECT 3.0::float8 AS a, 100::float8 AS b, 1e15::float8 AS c, 1e16::float8 AS d, 0.0001::float8 AS e
SELECT extract(epoch FROM interval '1 hour') AS e
SELECT 2::float8 ^ 0.5 AS s, ln(10) AS l, exp(1::float8) AS e
SELECT pi() AS p, 1.5::real AS r, 1.5::double precision AS d
-- casts
SELECT '42'::int AS a, 42::text AS b, '3.7'::numeric::int AS c, 3.5::int AS d, 2.5::int AS e, -2.5::int AS f
SELECT 'abc'::int AS a
SELECT '1.5'::int AS a
SELECT 't'::boolean AS a, 'off'::boolean AS b, 1::boolean AS c
SELECT 'yes'::bool AS y, 'maybe'::bool AS m
SELECT 65::oid AS o, '16384'::regclass::oid AS r
SELECT 'pg_class'::regclass AS r, 'pg_class'::regclass::oid AS o
SELECT 'no_such_table'::regclass AS r
SELECT CAST(1 AS bigint) AS a, CAST('2' AS smallint) AS b, CAST(3 AS numeric(5,2)) AS c
SELECT 32768::smallint AS a
SELECT '2026-01-02'::date AS d, '2026-01-02 03:04:05'::timestamp AS t, '2026-01-02 03:04:05+02'::timestamptz AS z
SELECT '1 day'::interval AS i, '90 minutes'::interval AS m, '1 year 2 months 3 days'::interval AS y
SELECT 'x'::name AS n, 'x'::char(3) AS c, 'x'::varchar(2) AS v, 'xyz'::varchar(2) AS w
SELECT 1::text || 2 AS s, 1 || 'a' AS t
SELECT '{1,2,3}'::int[] AS a, '{a,b}'::text[] AS t
SELECT 12::bigint::text AS a, 1.50::text AS b, 1.5::float8::text AS c
-- intervals and timestamps
SELECT interval '1 day' + interval '1 hour' AS a, interval '1 day' * 2 AS b, interval '1 hour' / 3 AS c
SELECT '2026-03-01'::date - '2026-02-01'::date AS d, '2026-03-01'::date - 1 AS e
SELECT '2026-01-01 00:00:00+00'::timestamptz + interval '1 month' AS a
SELECT '2026-01-31'::date + interval '1 month' AS a
SELECT '2026-01-01 12:00:00+00'::timestamptz - '2025-12-31 00:00:00+00'::timestamptz AS d
SELECT extract(epoch FROM '2026-01-01 00:00:00+00'::timestamptz) AS e
SELECT extract(year FROM '2026-05-04'::date) AS y, date_part('month', '2026-05-04'::date) AS m
SELECT date_trunc('hour', '2026-01-01 12:34:56+00'::timestamptz) AS h
SELECT to_timestamp(0) AS t, to_timestamp(1700000000.5) AS u
SELECT justify_hours(interval '50 hours') AS j, justify_days(interval '40 days') AS k
SELECT interval '-1 day 2 hours' AS a, interval '1.5 days' AS b, interval '0' AS z
SELECT '2026-01-01 00:00:00+00'::timestamptz AT TIME ZONE 'UTC' AS u
SELECT '2026-01-01'::timestamptz AS t, '2026-01-01 00:00:00.123456+00'::timestamptz AS u
SELECT now() - now() AS z, now() = now() AS same, current_timestamp = now() AS ct
SELECT coalesce(NULL::timestamptz, '1970-01-01Z') AS c
SELECT age('2026-01-01'::timestamp, '2025-01-15'::timestamp) AS a
SELECT '1 day'::interval > '23 hours'::interval AS gt, interval '1 month' = interval '30 days' AS eq
-- arrays and ANY/ALL
SELECT ARRAY[1, 2, 3] AS a, ARRAY['a', 'b'] AS b, ARRAY[]::int[] AS e
SELECT (ARRAY[10, 20, 30])[2] AS x, (ARRAY[10, 20, 30])[5] AS y, array_length(ARRAY[1, 2], 1) AS n
SELECT 2 = ANY(ARRAY[1, 2, 3]) AS a, 5 = ANY(ARRAY[1, 2]) AS b, 5 <> ALL(ARRAY[1, 2]) AS c, NULL = ANY(ARRAY[1]) AS d
SELECT 1 = ANY(ARRAY[NULL, 1]) AS a, 2 = ANY(ARRAY[NULL, 1]) AS b
SELECT relname FROM pg_stat_user_tables WHERE relname = ANY('{orders,customers}'::text[]) ORDER BY relname
SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(ARRAY['orders', 'x']) ORDER BY relname
SELECT array_agg(x ORDER BY x) AS a FROM (VALUES (3), (1), (2)) v(x)
SELECT array_to_string(ARRAY[1, NULL, 3], ',') AS s, cardinality(ARRAY[1, 2]) AS c
SELECT ARRAY[1, 2] || 3 AS a, ARRAY[[1, 2], [3, 4]] AS m
SELECT unnest(ARRAY[3, 1]) AS u
SELECT x FROM unnest(ARRAY['b', 'a']) AS x ORDER BY x
-- keywords as aliases and result column names
SELECT 1 AS fetch, 2 AS offset, 3 AS "user", 4 AS value, 5 AS name, 6 AS type
SELECT tup_fetched AS fetch, tup_returned AS returned FROM pg_stat_database WHERE datname = 'appdb'
SELECT 1 fetch
SELECT 1 AS "Mixed Case", 2 AS lower, 3 AS UPPER
SELECT 1, 1 + 1, 'a', now() IS NOT NULL, count(*) FROM pg_stat_user_tables
SELECT sum(n_tup_ins), max(relname), min(seq_scan), avg(n_live_tup), count(relid) FROM pg_stat_user_tables
SELECT coalesce(1, 2), greatest(1, 2), nullif(1, 2), CASE WHEN true THEN 1 END, 1::text, CAST(1 AS int8)
SELECT current_database(), current_user = session_user, version() LIKE 'PostgreSQL 14%'
SELECT relname, relname AS r, t.relname FROM pg_stat_user_tables t ORDER BY 1 LIMIT 1
SELECT * FROM (SELECT 1 AS a, 2 AS b) s
SELECT x.* FROM (VALUES (1, 'a')) x
SELECT column1, column2 FROM (VALUES (1, 'a'), (2, 'b')) v ORDER BY column1
SELECT upper('abc') AS u, length('héllo') AS l, substr('abcdef', 2, 3) AS s, position('c' IN 'abc') AS p
SELECT 'a' LIKE 'A' AS l, 'a' ILIKE 'A' AS i, 'abc' ~ '^a' AS r, 'abc' SIMILAR TO 'a%' AS s
SELECT 'b' > 'B' AS gt, 'a' < 'aa' AS lt
SELECT lpad('7', 3, '0') AS l, rpad('a', 3, '-') AS r, trim('  x ') AS t, replace('aaa', 'a', 'b') AS p
SELECT format('%s-%s', 1, 'x') AS f, quote_ident('A b') AS q, quote_literal('it''s') AS l
-- booleans, CASE, misc
SELECT true AS t, false AS f, NOT true AS n, true::text AS s, (1 < 2) AS cmp
SELECT CASE WHEN 1 > 2 THEN 'a' WHEN 2 > 1 THEN 'b' ELSE 'c' END AS c, CASE 1 WHEN 1 THEN 'one' END AS d
SELECT CASE WHEN false THEN 1 END AS c, CASE WHEN true THEN 1 ELSE 2.5 END AS d
SELECT 1 BETWEEN 0 AND 2 AS b, 3 IN (1, 2, NULL) AS i, 3 NOT IN (1, 2) AS n
SELECT EXISTS(SELECT 1 FROM pg_stat_user_tables) AS e
SELECT (SELECT count(*) FROM pg_stat_user_tables) > 0 AS x
SELECT generate_series(1, 3) AS g
SELECT g FROM generate_series(1, 5, 2) g ORDER BY g DESC
SELECT string_agg(relname, ',' ORDER BY relname) AS names FROM pg_stat_user_tables
SELECT count(DISTINCT schemaname) AS d FROM pg_stat_all_tables
SELECT bool_and(seq_scan >= 0) AS a, bool_or(seq_scan > 1000000) AS o FROM pg_stat_user_tables
SELECT row_number() OVER (ORDER BY relname) AS n, relname FROM pg_stat_user_tables ORDER BY relname
SELECT relname, rank() OVER (ORDER BY n_tup_ins DESC) FROM pg_stat_user_tables ORDER BY 2, 1
SELECT pg_typeof(1) AS a, pg_typeof(1.5) AS b, pg_typeof(now()) AS c, pg_typeof(1::bigint / 2) AS d
SELECT pg_typeof(count(*)) AS c, pg_typeof(sum(1)) AS s, pg_typeof(avg(1)) AS a FROM pg_stat_user_tables
SELECT pg_typeof(sum(seq_scan)) AS s, pg_typeof(relid) AS r, pg_typeof(relname) AS n FROM pg_stat_user_tables GROUP BY relid, relname LIMIT 1
SELECT md5('abc') AS m
SELECT to_char(1234.5, 'FM9999.00') AS c, to_char('2026-01-02'::date, 'YYYY-MM-DD') AS d
SELECT pg_size_pretty(123456789::bigint) AS s, pg_size_pretty(1024::bigint) AS k
SELECT 1 AS a UNION SELECT 2 ORDER BY a
SELECT 1 AS a UNION ALL SELECT 1 UNION SELECT 2 ORDER BY 1
SELECT relname FROM pg_stat_user_tables INTERSECT SELECT relname FROM pg_statio_user_tables ORDER BY 1
SELECT relname FROM pg_stat_all_tables EXCEPT SELECT relname FROM pg_stat_sys_tables ORDER BY 1
WITH t AS (SELECT relname, n_tup_ins FROM pg_stat_user_tables) SELECT count(*) AS c FROM t
SELECT * FROM pg_stat_user_tables WHERE false
SELECT relname FROM pg_stat_user_tables ORDER BY relname LIMIT 2 OFFSET 1
SELECT relname FROM pg_stat_user_tables ORDER BY relname DESC NULLS LAST FETCH FIRST 2 ROWS ONLY
SELECT last_vacuum IS NOT NULL AS v, relname FROM pg_stat_user_tables ORDER BY last_vacuum NULLS FIRST, relname
SELECT no_such_column FROM pg_stat_user_tables
SELECT * FROM no_such_table
SELECT no_such_function(1)
SELECT 1 +
SELECT relname FROM pg_stat_user_tables GROUP BY 1 HAVING count(*) > 1
SELECT schemaname, count(*) FROM pg_stat_all_tables GROUP BY schemaname ORDER BY schemaname
SELECT 'a' = 'a ' AS eq, 'a'::char(2) = 'a ' AS ceq
SELECT E'a\tb' AS e, $$dollar$$ AS d, U&'\0041' AS u
SELECT '  12 '::int AS i, '1e2'::float8 AS f
SELECT x'1F'::int AS b, B'101'::int AS c
SELECT 1::money AS m
SELECT '127.0.0.1'::inet AS i
SELECT '{"a":1}'::json AS j, '{"a":1}'::jsonb -> 'a' AS k
SELECT 'a'::bytea AS b
SELECT gen_random_uuid() IS NOT NULL AS u
SHOW server_version_num
SHOW TimeZone
SELECT current_setting('server_version_num') AS v, current_setting('DateStyle') AS d
SELECT set_config('application_name', 'corpus', false) AS s
