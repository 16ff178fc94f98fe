#!/usr/bin/python3
"""Prints the SQL of a C string constant of src/ with its parameters bound.

The benchmark runs under pgbench the very statement a handler sends, so
that the two rates compare like with like.

usage: sql_of.py FILE.c NAME 'value or NULL' ...   ($1, $2, ... in order)
"""
import re
import sys


def c_string(source, name):
    m = re.search(r"static const char %s\[\] =\s*((?:\"(?:[^\"\\]|\\.)*\"\s*)+);"
                  % re.escape(name), source)
    if not m:
        sys.exit("sql_of.py: no constant %s" % name)
    parts = re.findall(r"\"((?:[^\"\\]|\\.)*)\"", m.group(1))
    return "".join(parts).replace('\\"', '"').replace("\\\\", "\\")


def literal(value):
    if value == "NULL":
        return "NULL"
    return "'" + value.replace("'", "''") + "'"


def main():
    path, name, values = sys.argv[1], sys.argv[2], sys.argv[3:]
    sql = c_string(open(path, encoding="utf-8").read(), name)
    for n in range(len(values), 0, -1):
        sql = re.sub(r"\$%d(?!\d)" % n, literal(values[n - 1]), sql)
    if re.search(r"\$\d", sql):
        sys.exit("sql_of.py: a parameter is left unbound")
    print(sql + ";")


if __name__ == "__main__":
    main()
