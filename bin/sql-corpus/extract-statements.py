#!/usr/bin/env python3
"""Turns a PostgreSQL 14 server log (log_statement = all, log_line_prefix = '%m [%p] %d %a ')
into corpus entries, one JSON object a line: the statement text exactly as the server received
it, the database it was sent to and the client's application name.

usage: extract-statements.py LOG PART SOURCE [--app NAME] [--skip-prefix TEXT ...] > part.jsonl

Consecutive duplicates of the same (database, text) are kept once; so are later repeats."""
import argparse, json, re, sys

HEAD = re.compile(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \S+ \[(\d+)\] (\S+) (\S+) (LOG|ERROR|DETAIL|STATEMENT|FATAL|WARNING|HINT|NOTICE):  (.*)$')

def entries(path):
    cur = None
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            m = HEAD.match(line)
            if m:
                if cur:
                    yield cur
                cur = {'db': m.group(2), 'app': m.group(3), 'level': m.group(4), 'text': m.group(5)}
            elif cur is not None:
                cur['text'] += '\n' + line
    if cur:
        yield cur

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('log'); ap.add_argument('part'); ap.add_argument('source')
    ap.add_argument('--app'); ap.add_argument('--skip-prefix', action='append', default=[])
    a = ap.parse_args()
    seen = set(); n = 0
    for e in entries(a.log):
        if e['level'] != 'LOG' or (a.app and e['app'] != a.app):
            continue
        if not e['text'].startswith('statement: '):
            continue
        sql = e['text'][len('statement: '):]
        if not sql.strip(' \t\n;') or any(sql.startswith(p) for p in a.skip_prefix):
            continue
        key = (e['db'], sql)
        if key in seen:
            continue
        seen.add(key); n += 1
        print(json.dumps({'id': '%s-%03d' % (a.part, n), 'source': a.source, 'db': e['db'], 'sql': sql},
                         ensure_ascii=False))

main()
