#!/usr/bin/env python3
"""Extracts the SQL statements of Apache Flink's own parser tests, for the differential check.

    scripts/flink_parser_tests.py --flink ~/src/flink --out ~/.cache/flink-ddl/flink-parser-tests
    scripts/flink-diff.sh --flink-tests ~/.cache/flink-ddl/flink-parser-tests

--flink is a checkout of apache/flink (or any folder holding the test files below, searched
recursively). The tests are read as Java source, not run: string literals, their `+`
concatenations, local and class constants, one-parameter helper methods returning a string
(`buildDistributionInput(...)`) and `String.format` with `%s` are evaluated; each statement
handed to the test fixture (`sql(...)`, `createFlinkParser(...)`, the data type test's
`createArgumentsTestItem(...)` through its `DDL_FORMAT`) is written out, after Calcite's `^`
error markers are taken away. Only statements about tables, connections, models and data types
are kept (see RELEVANT); an expression the script cannot evaluate (a Java constant of another
class, a method call it does not know) is counted and skipped.

The output holds one .sql file per test class; each statement is preceded by a comment
`-- flink: Class#method n [expectation]`, where the expectation is what the Flink test asserts
(ok, fails, validation fails), and ends with a `;` on a line of its own. The statements are
Apache Flink's (Apache-2.0); this repository does not keep them: regenerate them on demand.
"""

import argparse
import os
import re
import sys

# Test classes and the calls whose first argument is a statement. The data type test wraps
# each type in its DDL_FORMAT table.
TEST_FILES = {
    "FlinkSqlParserConnectionTest.java": ("sql",),
    "FlinkSqlParserCreateTableTest.java": ("sql",),
    "FlinkSqlParserCtasTest.java": ("sql",),
    "FlinkSqlParserModelTest.java": ("sql",),
    "FlinkSqlParserMetadataTest.java": ("sql",),
    "FlinkSqlParserMiscTest.java": ("sql",),
    "FlinkSqlParserImplTest.java": ("sql",),
    "CreateTableLikeTest.java": ("createFlinkParser",),
    "CreateTableAsSelectTest.java": ("sql", "createFlinkParser"),
    "FlinkDDLDataTypeTest.java": ("createArgumentsTestItem", "createTestItem"),
}
TEMPLATED = {"createArgumentsTestItem": "DDL_FORMAT", "createTestItem": "DDL_FORMAT"}

RELEVANT = re.compile(
    r"""^\s*(?:
        (?:create|replace)\s+(?:or\s+replace\s+)?(?:temporary\s+)?(?:system\s+)?(?:table|connection|model)\b
      | drop\s+(?:temporary\s+)?(?:system\s+)?(?:table|connection|model)\b
      | alter\s+(?:connection|model)\b
      | show\s+(?:tables|connections|models|create\s+(?:table|connection|model))\b
      | desc(?:ribe)?\s+(?!(?:function|catalog|database|job|view|schema|statement)\b)
    )""",
    re.IGNORECASE | re.VERBOSE,
)

JAVA_TOKEN = re.compile(
    r'''
      (?P<blank>\s+)
    | (?P<comment>//[^\n]*|/\*.*?\*/)
    | (?P<textblock>"""(?:[^"\\]|\\.|"(?!""))*""")
    | (?P<string>"(?:[^"\\\n]|\\.)*")
    | (?P<char>'(?:[^'\\\n]|\\.)+')
    | (?P<ident>[A-Za-z_$][\w$]*)
    | (?P<number>\d[\w.]*)
    | (?P<punct>->|::|&&|\|\||[=!<>]=|\+\+|--|.)
    ''',
    re.VERBOSE | re.DOTALL,
)

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "s": " ", "0": "\0",
           '"': '"', "'": "'", "\\": "\\"}


def unescape(body):
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt == "u":
                out.append(chr(int(body[i + 2:i + 6], 16)))
                i += 6
                continue
            out.append(ESCAPES.get(nxt, nxt))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def java_tokens(source):
    toks = []
    for m in JAVA_TOKEN.finditer(source):
        kind = m.lastgroup
        if kind in ("blank", "comment"):
            continue
        text = m.group()
        if kind == "string":
            toks.append(("str", unescape(text[1:-1])))
        elif kind == "textblock":
            toks.append(("str", unescape(text[3:-3].lstrip("\n"))))
        else:
            toks.append((kind, text))
    return toks


class Unknown(Exception):
    """An expression this script does not evaluate."""


def matching(toks, i):
    """Index of the bracket closing the one at toks[i]."""
    pairs = {"(": ")", "{": "}", "[": "]"}
    open_, close, depth = toks[i][1], pairs[toks[i][1]], 0
    for j in range(i, len(toks)):
        if toks[j] == ("punct", open_):
            depth += 1
        elif toks[j] == ("punct", close):
            depth -= 1
            if depth == 0:
                return j
    raise Unknown("unbalanced %s" % open_)


def split_args(toks, i, j):
    """The comma-separated argument token ranges between toks[i] = '(' and toks[j] = ')'."""
    args, start, k = [], i + 1, i + 1
    while k < j:
        if toks[k][1] in ("(", "{", "[") and toks[k][0] == "punct":
            k = matching(toks, k) + 1
            continue
        if toks[k] == ("punct", ","):
            args.append((start, k))
            start = k + 1
        k += 1
    if start < j:
        args.append((start, j))
    return args


class Evaluator:
    def __init__(self, toks):
        self.toks = toks
        self.scopes = [{}]
        self.helpers = {}  # name -> (param, (start, end) of the returned expression)

    def lookup(self, name):
        for scope in reversed(self.scopes):
            if name in scope:
                value = scope[name]
                if value is None:
                    raise Unknown(name)
                return value
        raise Unknown(name)

    def expr(self, i, j):
        """Value of toks[i:j]: string terms joined by `+`."""
        toks, parts, k = self.toks, [], i
        if i >= j:
            raise Unknown("empty")
        while k < j:
            kind, text = toks[k]
            if kind == "str":
                parts.append(text)
                k += 1
            elif kind == "ident" and k + 1 < j and toks[k + 1] == ("punct", "("):
                close = matching(toks, k + 1)
                parts.append(self.call(text, k + 1, close))
                k = close + 1
            elif kind == "ident" and text == "String" and toks[k + 1:k + 4] == [("punct", "."), ("ident", "format"),
                                                                                  ("punct", "(")]:
                close = matching(toks, k + 3)
                args = split_args(toks, k + 3, close)
                fmt = self.expr(*args[0])
                values = [self.expr(*a) for a in args[1:]]
                if re.search(r"%[^s%]", fmt):
                    raise Unknown("format")
                parts.append(fmt.replace("%%", "\0") % tuple(values) if values else fmt)
                k = close + 1
            elif kind == "ident":
                if k + 1 < j and toks[k + 1] == ("punct", "."):
                    raise Unknown(text + ".")  # another class's constant, or a method on a value
                parts.append(self.lookup(text))
                k += 1
            elif toks[k] == ("punct", "("):
                close = matching(toks, k)
                parts.append(self.expr(k + 1, close))
                k = close + 1
            else:
                raise Unknown(text)
            if k < j:
                if toks[k] != ("punct", "+"):
                    raise Unknown(toks[k][1])
                k += 1
        return "".join(parts)

    def call(self, name, i, j):
        if name not in self.helpers:
            raise Unknown(name + "()")
        param, (start, end) = self.helpers[name]
        args = split_args(self.toks, i, j)
        if len(args) != 1:
            raise Unknown(name + "()")
        value = self.expr(*args[0])
        self.scopes.append({param: value})
        try:
            return self.expr(start, end)
        finally:
            self.scopes.pop()


def expectation(toks, k):
    """What the test asserts about the statement whose call closes at toks[k-1]."""
    end = k
    while end < len(toks) and toks[end] != ("punct", ";"):
        end += 1
    chain = [t[1] for t in toks[k:end] if t[0] == "ident"]
    if toks[k:k + 1] != [("punct", ".")]:
        return "parsed"
    if chain[:1] == ["fails"]:
        return "fails"
    if chain[:1] in (["ok"], ["same"]):
        if "fails" in chain and "ValidationMatcher" in chain:
            return "ok, validation fails"
        return "ok"
    if chain[:1] == ["node"]:
        return "validation fails" if "fails" in chain[:6] else "ok"
    return "?"


def method_body(toks, k):
    """Where the body of the method declared at toks[k] starts (after its `{`), or None when
    toks[k] does not name a method declaration."""
    if k + 1 >= len(toks) or toks[k + 1] != ("punct", "(") or toks[k][0] != "ident":
        return None
    close = matching(toks, k + 1)
    brace = close + 1
    if brace < len(toks) and toks[brace] == ("ident", "throws"):
        while brace < len(toks) and toks[brace] not in (("punct", "{"), ("punct", ";")):
            brace += 1
    return brace + 1 if brace < len(toks) and toks[brace] == ("punct", "{") else None


def helpers(toks):
    """Class-level methods of one String parameter whose body is `return <expr>;`: name ->
    (parameter, token range of the expression). Collected first: tests call helpers declared
    further down."""
    found, depth = {}, 0
    for k, tok in enumerate(toks):
        if tok == ("punct", "{"):
            depth += 1
        elif tok == ("punct", "}"):
            depth -= 1
        elif depth == 1:
            body = method_body(toks, k)
            if body is None or toks[body] != ("ident", "return"):
                continue
            params = [t for t in toks[k + 2:matching(toks, k + 1)]
                      if t[0] == "ident" and t[1] not in ("final", "String")]
            if len(params) == 1:
                end = body + 1
                while toks[end] != ("punct", ";"):
                    end += 1
                found[tok[1]] = (params[0][1], (body + 1, end))
    return found


def extract(path, calls):
    with open(path, encoding="utf-8") as fh:
        toks = java_tokens(fh.read())
    ev = Evaluator(toks)
    ev.helpers = helpers(toks)
    found, skipped = [], []
    method = None
    depth = 0
    k = 0
    while k < len(toks):
        kind, text = toks[k]
        if toks[k] == ("punct", "{"):
            depth += 1
            ev.scopes.append({})
        elif toks[k] == ("punct", "}"):
            depth -= 1
            ev.scopes.pop()
            if depth <= 1:
                method = None
        elif kind == "ident" and depth == 1 and method_body(toks, k) is not None:
            method = text
        elif kind == "ident" and k + 2 < len(toks) and toks[k + 1] == ("punct", "=") and toks[k + 2] != ("punct", "="):
            # `[final] String NAME = <expr>;` or `NAME = <expr>;`
            end = k + 2
            while end < len(toks) and toks[end] != ("punct", ";"):
                if toks[end][1] in ("(", "{", "[") and toks[end][0] == "punct":
                    end = matching(toks, end)
                end += 1
            try:
                value = ev.expr(k + 2, end)
            except Unknown:
                value = None
            declared = k > 0 and toks[k - 1] == ("ident", "String")
            scope = ev.scopes[-1]
            if not declared:
                scope = next((s for s in reversed(ev.scopes) if text in s), scope)
            scope[text] = value
        elif (kind == "ident" and text in calls and k + 1 < len(toks) and toks[k + 1] == ("punct", "(")
              and (k == 0 or toks[k - 1][1] in (";", "{", "}", ".", "(", ")", ",", "=", "->", "return", ":"))):
            close = matching(toks, k + 1)
            args = split_args(toks, k + 1, close)
            label = "%s#%s" % (os.path.splitext(os.path.basename(path))[0], method or "?")
            try:
                sql = ev.expr(*args[0])
                if text in TEMPLATED:
                    sql = ev.lookup(TEMPLATED[text]).replace("%%", "\0") % sql
                # Calcite's StringAndPos: the first two `^` mark the expected error position.
                for _ in range(2):
                    sql = sql.replace("^", "", 1) if "^" in sql else sql
                if text in TEMPLATED:
                    # The data type test: a string second argument is the expected error.
                    second = args[1] if len(args) > 1 else None
                    exp = "fails" if second and toks[second[0]][0] == "str" else "ok"
                else:
                    exp = expectation(toks, close + 1)
                found.append((label, sql, exp))
            except Unknown as e:
                skipped.append((label, str(e)))
        k += 1
    return found, skipped


def main(argv=None):
    ap = argparse.ArgumentParser(description="Extract Apache Flink's parser test statements (see the module doc).")
    ap.add_argument("--flink", required=True, help="a checkout of apache/flink, or a folder with the test files")
    ap.add_argument("--out", required=True, help="the folder to write one .sql file per test class into")
    ap.add_argument("--all", action="store_true", help="keep every statement, not only tables, connections, "
                                                       "models and types")
    args = ap.parse_args(argv)

    paths = {}
    for folder, _, names in os.walk(args.flink):
        for name in names:
            if name in TEST_FILES and "flink-sql-parser" in folder.replace(os.sep, "/") + "/flink-sql-parser":
                paths.setdefault(name, os.path.join(folder, name))
    if not paths:
        raise SystemExit("flink_parser_tests: none of the test files under %s" % args.flink)
    os.makedirs(args.out, exist_ok=True)
    total = kept = 0
    for name in sorted(paths):
        found, skipped = extract(paths[name], TEST_FILES[name])
        statements = [(label, sql, exp) for label, sql, exp in found if args.all or RELEVANT.match(sql)]
        total += len(found)
        kept += len(statements)
        out = os.path.join(args.out, os.path.splitext(name)[0] + ".sql")
        with open(out, "w", encoding="utf-8") as fh:
            fh.write("-- The statements of Apache Flink's %s (Apache License 2.0),\n" % name)
            fh.write("-- extracted by flink-ddl's scripts/flink_parser_tests.py for the differential check.\n\n")
            numbers = {}
            for label, sql, exp in statements:
                numbers[label] = numbers.get(label, 0) + 1
                fh.write("-- flink: %s %d [%s]\n%s\n;\n\n" % (label, numbers[label], exp, sql.strip("\n")))
        print("%-40s %3d statements kept of %3d, %d not evaluated%s" % (
            name, len(statements), len(found), len(skipped),
            (" (" + ", ".join(sorted({s for _, s in skipped})) + ")") if skipped else ""))
    print("%d statements kept of %d, in %s" % (kept, total, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
