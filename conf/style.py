#!/usr/bin/python3
"""Checks C files against .clang-format the way Kore's style(9) allows.

usage: style.py FILE...
       style.py --changed [BASE]

With --changed, the files are the C files of the working tree (new ones
included) that differ from BASE, or from LINT_BASE in the environment, or
else from where HEAD left origin/main, or else (nothing changed there, as
in CI on main) from HEAD~1; with none of these, every C file.

clang-format cannot write OpenBSD style(9) exactly: it aligns declarations
with spaces where style(9) uses tab stops, indents nested continuations
deeper than style(9)'s flat four spaces, and picks its own line breaks where
style(9) lets the author fill any line up to the margin. So each file is
compared with clang-format's version of it modulo those freedoms:

- both texts are cut into logical lines: a line deeper than the statement
  it continues (a statement not yet ended by ';', '{', '}' or a label) joins
  it; preprocessor lines, comments and blank lines stand alone;
- inside a logical line every run of white space counts as one space (and
  none after '(' or '[' or before ')' or ']', or between a loop macro and
  its '('), so alignment and the place of a line break do not matter, but
  'if(' against 'if (', 'a+b' against 'a + b', 'char* p' against 'char *p'
  or a misplaced brace do;
- the indentation of each logical line must be clang-format's, exactly
  (tabs of 8), which holds blocks, case labels and function layout.

Every physical line must moreover be indented with tabs (then at most seven
spaces), and carry no trailing white space. Lines over 80 columns are
reported as warnings.
"""

import difflib
import os
import re
import subprocess
import sys

COLUMNS = 80
LABEL = re.compile(r"^(case\b.*|default|[A-Za-z_]\w*)\s*:$")
INDENT = re.compile(r"^\t* {0,7}(?=\S)")
SPACES = re.compile(r"\s+")
OPEN_SPACE = re.compile(r"([(\[]) ")
SPACE_CLOSE = re.compile(r" ([)\]])")
TRAILING_COMMENT = re.compile(r"/\*.*?\*/\s*$")
CODE_COMMENT = re.compile(r"/\*.*?\*/")
# Loop macros (json_array_foreach, TAILQ_FOREACH): Kore and jansson write
# no space before their '(' and .clang-format says so, but a space, as
# after 'for', is let pass.
FOREACH = re.compile(r"\b(\w*_(?:foreach|FOREACH)\w*) \(")


def columns(line):
    return len(line.expandtabs(8))


def indent_of(line):
    return line[:len(line) - len(line.lstrip(" \t"))]


def squeeze(text):
    text = SPACES.sub(" ", text.strip())
    text = FOREACH.sub(r"\1(", text)
    text = OPEN_SPACE.sub(r"\1", text)
    return SPACE_CLOSE.sub(r"\1", text)


class Statement:
    """A logical line being gathered, and how deep its brackets are."""

    def __init__(self, lineno, line):
        self.lineno = lineno
        self.indent = indent_of(line)
        self.width = columns(self.indent)
        self.pieces = []
        self.parens = 0         # ( and [ not yet closed
        self.braces = 0         # initializer { not yet closed
        self.prev = ""          # last significant character

    def add(self, piece):
        self.pieces.append(piece)
        quote = None
        escaped = False
        for c in CODE_COMMENT.sub(" ", piece):
            if quote:
                if escaped:
                    escaped = False
                elif c == "\\":
                    escaped = True
                elif c == quote:
                    quote = None
                continue
            if c in "\"'":
                quote = c
            elif c in "([":
                self.parens += 1
            elif c in ")]":
                self.parens -= 1
            elif c == "{" and (self.prev == "=" or
                               (self.braces > 0 and self.prev in ",{")):
                self.braces += 1
            elif c == "}" and self.braces > 0:
                self.braces -= 1
            if not c.isspace():
                self.prev = c

    def is_open(self):
        """A statement that the next, deeper line continues."""
        if self.parens > 0 or self.braces > 0:
            return True
        code = TRAILING_COMMENT.sub("", self.pieces[-1]).rstrip()
        if code == "" or code[-1] in ";{}":
            return False
        return not LABEL.match(code.strip())

    def text(self):
        return squeeze(" ".join(p.rstrip("\\") for p in self.pieces))


def logical_lines(text):
    """[(physical line number, indentation, squeezed text)]."""
    out = []
    cur = None
    directive = None
    in_comment = False

    def flush():
        nonlocal cur
        if cur is not None:
            out.append((cur.lineno, cur.indent, cur.text()))
            cur = None

    for n, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if directive is not None:
            directive.add(stripped)
            if not stripped.endswith("\\"):
                out.append((directive.lineno, directive.indent,
                            directive.text()))
                directive = None
            continue
        if in_comment:
            # Comment lines stand alone; clang-format may shift them as a
            # block with the comment's first line, which is compared.
            out.append((n, None, squeeze(stripped)))
            in_comment = "*/" not in stripped
            continue
        if stripped == "":
            flush()
            out.append((n, "", ""))
            continue
        # Directives and comments inside an open statement leave it open.
        if stripped.startswith("#"):
            directive = Statement(n, line)
            directive.add(stripped)
            if not stripped.endswith("\\"):
                out.append((n, directive.indent, directive.text()))
                directive = None
            continue
        if stripped.startswith("/*") or stripped.startswith("//"):
            inside = cur is not None and cur.is_open()
            if not inside:
                flush()
            out.append((n, None if inside else indent_of(line),
                        squeeze(stripped)))
            in_comment = stripped.startswith("/*") and \
                "*/" not in stripped[2:]
            continue
        if cur is not None and cur.is_open() and \
                columns(indent_of(line)) > cur.width:
            cur.add(stripped)
        else:
            flush()
            cur = Statement(n, line)
            cur.add(stripped)
        tail = stripped.split("/*")[-1] if "/*" in stripped else None
        if tail is not None and "*/" not in tail:
            flush()
            in_comment = True
    flush()
    return out


def check(path):
    with open(path, encoding="utf-8") as f:
        source = f.read()
    formatted = subprocess.run(["clang-format", "--style=file", path],
                               check=True, capture_output=True,
                               text=True).stdout
    problems = 0
    wide = []

    for n, line in enumerate(source.split("\n"), 1):
        if line != line.rstrip():
            print(f"{path}:{n}: trailing white space")
            problems += 1
        if line.strip() and not INDENT.match(line):
            print(f"{path}:{n}: indent with tabs, then at most 7 spaces")
            problems += 1
        if columns(line) > COLUMNS:
            wide.append(str(n))
    if wide:
        print(f"{path}: warning: {len(wide)} line(s) over {COLUMNS} columns "
              f"(Kore keeps to {COLUMNS}): {', '.join(wide[:8])}"
              + (", ..." if len(wide) > 8 else ""))

    mine = logical_lines(source)
    theirs = logical_lines(formatted)
    key = [(ind, txt) for _, ind, txt in mine]
    want = [(ind, txt) for _, ind, txt in theirs]
    sm = difflib.SequenceMatcher(None, key, want, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        where = mine[i1][0] if i1 < len(mine) else len(source.split("\n"))
        print(f"{path}:{where}: not in the project's style; "
              f"clang-format would write:")
        for _, ind, txt in theirs[j1:j2][:6]:
            print("\t| " + (ind or "") + txt)
        problems += 1

    return problems


def git(*args):
    return subprocess.run(["git", *args], capture_output=True, text=True)


def commit(ref):
    found = git("rev-parse", "-q", "--verify", ref + "^{commit}")
    return found.stdout.strip() if found.returncode == 0 else None


def diff_files(base):
    listed = git("diff", "--name-only", "--diff-filter=ACMR", base, "--",
                 "*.c", "*.h")
    if listed.returncode != 0:
        sys.exit(f"style: git diff {base}: {listed.stderr.strip()}")
    return listed.stdout.split()


def changed_files(base):
    """The C files that differ from base, new ones included; without a
    base, those since where HEAD left origin/main, or else (nothing there,
    as in CI on main) those of the last commit; without either, all."""
    new = git("ls-files", "--others", "--exclude-standard", "--",
              "*.c", "*.h").stdout.split()
    files = None
    if base:
        files, what = diff_files(base), f"changed since {base}"
    else:
        main = next((r for r in ("origin/main", "origin/HEAD") if commit(r)),
                    None)
        if commit("HEAD") and main:
            fork = git("merge-base", "HEAD", main).stdout.strip()
            if fork:
                files = diff_files(fork)
                what = f"changed since {main}"
                if not files and not new:
                    files = None
        if files is None and commit("HEAD~1"):
            files, what = diff_files("HEAD~1"), "changed since HEAD~1"
    if files is None:
        files = git("ls-files", "--", "*.c", "*.h").stdout.split()
        what = "all"
    files = sorted(f for f in set(files + new) if os.path.isfile(f))
    print(f"style: {len(files)} C file(s), {what}", file=sys.stderr)
    return files


def main(argv):
    if len(argv) > 1 and argv[1] == "--changed":
        base = argv[2] if len(argv) > 2 else os.environ.get("LINT_BASE", "")
        files = changed_files(base)
    else:
        files = argv[1:]
    problems = 0
    for path in files:
        problems += check(path)
    if problems:
        sys.stdout.flush()
        print(f"style: {problems} problem(s); see .clang-format "
              "(clang-format -i FILE shows the way, keep tab alignment)",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
