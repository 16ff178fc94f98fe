#!/usr/bin/python3
"""Writes tests/unit/data/fts_vectors.tsv: PostgreSQL's answers for the
C port of its full-text search (src/core/fts*.c), replayed by
tests/unit/test_fts.c in `make test`.

usage: fts_vectors.py [CONNINFO] [OUT]

CONNINFO defaults to the bench database of the main tree (read only:
only SELECTs run). Documents are real `organisations.search` values;
one in sixteen stripped of its positions; queries are
websearch_to_tsquery('asr_fr', ...) of one to three of their words (or
other documents' words), OR, negation, quoted phrases, and raw tsquery
texts built from their lexemes: parentheses, NOT, prefixes, weight marks,
and phrases of neighbouring lexemes (distances, negated and OR operands,
nested phrases). Then synthetic pairs: tiny documents of five
lexemes at nearby positions against random trees of every operator. The seed is fixed, so the file only changes with the data.

Output, one record a line, tab-separated:
  D <tsvector text>
  Q <tsquery text> <t|f: doc @@ query> <ts_rank_cd(doc, query)::float8::text>
each Q about the last D.
"""

import random
import re
import subprocess
import sys

CONNINFO = ("host=/work/main/var/pg/run port=5432 user=asr_owner "
            "dbname=asr_bench_10000")
OUT = "tests/unit/data/fts_vectors.tsv"
DOCS = 560
QUERIES_PER_DOC = 5
BATCH = 400


def psql(conninfo, sql):
    out = subprocess.run(["psql", "-X", "-A", "-t", "-q", "-F", "\t",
                          "-v", "ON_ERROR_STOP=1", conninfo],
                         input=sql, capture_output=True, text=True,
                         check=True).stdout
    return [line.split("\t") for line in out.split("\n") if line]


def lit(s):
    return "'" + s.replace("'", "''") + "'"


def fetch_docs(conninfo):
    # Half at random, half the longest (many positions per lexeme).
    sql = ("SELECT CASE WHEN md5(search::text) < '1' THEN strip(search)"
           " ELSE search END::text, search_text FROM ("
           " (SELECT search, search_text FROM organisations"
           "  WHERE search IS NOT NULL ORDER BY md5(id::text) LIMIT %d)"
           " UNION ALL"
           " (SELECT search, search_text FROM organisations"
           "  WHERE search IS NOT NULL ORDER BY length(search) DESC,"
           "  md5(id::text) LIMIT %d)) s;\n" % (DOCS // 2, DOCS // 2))
    return psql(conninfo, sql)


def words_of(text):
    return [w for w in re.split(r"[^\w'-]+", text) if len(w) > 2]


def lexemes_of(doc):
    return [m.replace("''", "'") for m in re.findall(r"'((?:[^']|'')*)'",
                                                     doc)]


def quote_lexeme(lx):
    return "'" + lx.replace("\\", "\\\\").replace("'", "''") + "'"


def web_query(rnd, words, others):
    kind = rnd.randrange(8)
    pick = lambda: rnd.choice(words if rnd.random() < 0.8 else others)
    if kind == 0:
        return pick()
    if kind == 1:
        return "%s %s" % (pick(), pick())
    if kind == 2:
        return "%s %s %s" % (pick(), pick(), pick())
    if kind == 3:
        return "%s or %s" % (pick(), pick())
    if kind == 4:
        return "%s -%s" % (pick(), pick())
    if kind == 5:
        return "%s or %s %s -%s" % (pick(), pick(), pick(), pick())
    if kind == 6:
        return '"%s %s"' % (pick(), pick())
    return "%s %s or -%s" % (pick(), pick(), pick())


def raw_query(rnd, lexemes, others):
    pick = lambda: quote_lexeme(
        rnd.choice(lexemes if rnd.random() < 0.8 else others))
    mark = lambda: rnd.choice(["", "", ":*", ":A", ":B", ":CD", ":AB",
                               ":*A"])
    a, b, c = pick() + mark(), pick() + mark(), pick() + mark()
    return rnd.choice([
        "%s & ( %s | %s )" % (a, b, c),
        "( %s | %s ) & !%s" % (a, b, c),
        "!( %s & %s ) | %s" % (a, b, c),
        "%s & %s & %s" % (a, b, c),
        "!%s" % a,
        "%s & !!%s" % (a, b),
        "%s | %s" % (a, b),
        "%s & %s" % (a, a),
    ])


def positions_of(doc):
    """Lexeme at each position of a tsvector text."""
    at = {}
    for m in re.finditer(r"'((?:[^']|'')*)'(?::([0-9A-D,]+))?", doc):
        for p in (m.group(2) or "").split(","):
            if p:
                at.setdefault(int(p.rstrip("ABCD")), []).append(
                    m.group(1).replace("''", "'"))
    return at


def phrase_query(rnd, doc, others):
    """Phrases over neighbouring lexemes of doc, negated, nested."""
    at = positions_of(doc)
    if not at:
        return "'x' <-> 'y'"
    p = rnd.choice(sorted(at))
    near = lambda k: quote_lexeme(rnd.choice(at.get(p + k) or others))
    mark = lambda: rnd.choice(["", "", "", ":*", ":B", ":A", ":CD"])
    a, b, c = near(0) + mark(), near(1) + mark(), near(2) + mark()
    d = quote_lexeme(rnd.choice(others))
    return rnd.choice([
        "%s <-> %s" % (a, b),
        "%s <2> %s" % (a, c),
        "%s <-> %s <-> %s" % (a, b, c),
        "%s <-> ( %s <-> %s )" % (a, b, c),
        "%s <-> !%s" % (a, d),
        "%s <-> !%s" % (a, b),
        "!%s <-> %s" % (d, b),
        "!%s <-> !%s" % (a, d),
        "%s <-> ( %s | %s )" % (a, d, b),
        "%s <-> ( %s | !%s )" % (a, b, d),
        "( %s & %s ) <-> %s" % (a, b, c),
        "!( %s <-> %s ) & %s" % (a, b, c),
        "%s <0> %s" % (a, a),
        "%s <-> %s | %s <-> %s" % (b, a, a, b),
        "( %s | %s ) <1> %s" % (a, d, b),
        "%s <3> ( %s <-> %s )" % (a, b, c),
    ])


SYNTHETIC = 1000
LETTERS = ["a", "b", "c", "ab", "abc"]


def synthetic_doc(rnd):
    """A small document, its few lexemes at many nearby positions."""
    if rnd.random() < 0.1:
        return " ".join("'%s'" % lx for lx in rnd.sample(LETTERS, 3))
    parts = []
    for lx in rnd.sample(LETTERS, rnd.randint(1, 5)):
        if rnd.random() < 0.15:
            parts.append("'%s'" % lx)
            continue
        ps = sorted(rnd.sample(range(1, 14), rnd.randint(1, 4)))
        parts.append("'%s':" % lx + ",".join(
            str(p) + rnd.choice(["", "", "A", "B", "C"]) for p in ps))
    return " ".join(parts)


def synthetic_query(rnd, depth=0):
    """A random tree of every operator over those lexemes."""
    r = rnd.random()
    if depth > 4 or r < 0.3:
        return "'%s'" % rnd.choice(LETTERS + ["x"]) + rnd.choice(
            ["", "", "", ":*", ":A", ":BC"])
    if r < 0.4:
        return "!" + synthetic_query(rnd, depth + 1)
    return "( %s %s %s )" % (synthetic_query(rnd, depth + 1),
                             rnd.choice(["&", "|", "<->", "<->", "<2>",
                                         "<0>"]),
                             synthetic_query(rnd, depth + 1))


def make_queries(docs, rnd):
    all_words = [w for _, text in docs for w in words_of(text)[:20]]
    all_lexemes = [lx for doc, _ in docs for lx in lexemes_of(doc)[:10]]
    pairs = []
    for doc, text in docs:
        words = words_of(text) or ["vide"]
        lexemes = lexemes_of(doc) or ["vide"]
        for _ in range(QUERIES_PER_DOC):
            if rnd.random() < 0.2:
                pairs.append((doc, "raw", phrase_query(rnd, doc,
                                                       all_lexemes)))
            elif rnd.random() < 0.25:
                pairs.append((doc, "raw", raw_query(rnd, lexemes,
                                                    all_lexemes)))
            else:
                pairs.append((doc, "web", web_query(rnd, words,
                                                    all_words)))
    for _ in range(SYNTHETIC):
        pairs.append((synthetic_doc(rnd), "raw", synthetic_query(rnd)))
    return pairs


def answers(conninfo, pairs):
    rows = []
    for i in range(0, len(pairs), BATCH):
        values = ",\n".join(
            "(%d, %s::tsvector, %s)" % (
                k, lit(doc),
                ("websearch_to_tsquery('asr_fr', %s)" if kind == "web"
                 else "%s::tsquery") % lit(q))
            for k, (doc, kind, q) in enumerate(pairs[i:i + BATCH]))
        sql = ("SELECT k, d::text, q::text, CASE WHEN d @@ q THEN 't'"
               " ELSE 'f' END, ts_rank_cd(d, q)::float8::text"
               " FROM (VALUES %s) v(k, d, q) ORDER BY k;\n" % values)
        rows.extend(psql(conninfo, "SET client_min_messages = warning;\n"
                         + sql))
    return rows


def main():
    conninfo = sys.argv[1] if len(sys.argv) > 1 else CONNINFO
    out = sys.argv[2] if len(sys.argv) > 2 else OUT
    rnd = random.Random(20261127)
    docs = fetch_docs(conninfo)
    rows = answers(conninfo, make_queries(docs, rnd))
    last = None
    n = 0
    with open(out, "w") as f:
        for _, doc, query, match, rank in rows:
            if doc != last:
                f.write("D\t%s\n" % doc)
                last = doc
            f.write("Q\t%s\t%s\t%s\n" % (query, match, rank))
            n += 1
    print("%s: %d documents, %d queries" % (out, len(docs), n))


if __name__ == "__main__":
    main()
