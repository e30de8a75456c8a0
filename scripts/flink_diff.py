#!/usr/bin/env python3
"""Differential check of flink-ddl against Apache Flink's own SQL parser.

Runs SQL files through flink-ddl (the `fidelity_probe` example) and through the Flink oracle
(`run.sh`, Apache Flink 2.3's FlinkSqlParserImpl), statement by statement, and reports every
statement where they disagree:

  * on accept/reject (Flink "accepts" when its parser and its node's own validate() both pass),
  * on the error line, where both reject,
  * where flink-ddl accepts and its canonical print is not valid Flink.

Each disagreement is matched against the rules of docs/fidelity.md (the documented decisions);
one that no rule explains is "unexplained", and the exit status is then 1. See docs/fidelity.md
for the sources, the rule syntax and how to read the report. Python 3 standard library only.
"""

import argparse
import collections
import datetime
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# ---------------------------------------------------------------------------------------------
# SQL tokens: for normalising statement text (rules match on it) and for mutating statements.
# ---------------------------------------------------------------------------------------------

TOKEN = re.compile(
    r"""
      (?P<blank>\s+)
    | (?P<comment>--[^\n]*|//[^\n]*|/\*.*?(?:\*/|\Z))
    | (?P<string>[NXnx]?'(?:[^']|'')*(?:'|\Z))
    | (?P<quoted>`(?:[^`]|``)*(?:`|\Z))
    | (?P<dquoted>"(?:[^"]|"")*(?:"|\Z))
    | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    | (?P<word>[^\W\d]\w*|[$]\w*)
    | (?P<op><>|<=|>=|!=|\|\||=>|::)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def tokens(text):
    """(kind, text, start) of every token of `text`, blanks and comments included."""
    return [(m.lastgroup, m.group(), m.start()) for m in TOKEN.finditer(text)]


def normalise(text):
    """The statement as rules see it: comments dropped, each run of blanks one space."""
    parts = []
    for kind, tok, _ in tokens(text):
        if kind in ("blank", "comment"):
            if parts and parts[-1] != " ":
                parts.append(" ")
        else:
            parts.append(tok)
    return "".join(parts).strip()


# ---------------------------------------------------------------------------------------------
# Rules: the table under "## Rules" in docs/fidelity.md.
# ---------------------------------------------------------------------------------------------

VERDICTS = {
    "refused": "Flink accepts, flink-ddl refuses",
    "accepted": "flink-ddl accepts, Flink refuses",
    "print": "flink-ddl's print is not valid Flink",
    "line": "both refuse, on different lines",
}
TARGETS = ("sql", "error", "kind", "flink", "where")


class Rule:
    def __init__(self, rule_id, verdict, terms, shape):
        self.id = rule_id
        self.verdict = verdict
        self.terms = terms  # [(target, compiled regex)]
        self.shape = shape

    def matches(self, facts):
        return all(rx.search(facts.get(target) or "") for target, rx in self.terms)


def split_cells(row):
    """Cells of a Markdown table row; `\\|` is a literal bar inside a cell."""
    cells, cur, i = [], [], 0
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    while i < len(row):
        if row[i] == "\\" and i + 1 < len(row) and row[i + 1] == "|":
            cur.append("|")
            i += 2
            continue
        if row[i] == "|":
            cells.append("".join(cur).strip())
            cur = []
        else:
            cur.append(row[i])
        i += 1
    cells.append("".join(cur).strip())
    return cells


def load_rules(path):
    rules, in_rules = [], False
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("## "):
                in_rules = line.strip() == "## Rules"
                continue
            if not in_rules or not line.lstrip().startswith("| `"):
                continue
            cells = split_cells(line)
            if len(cells) < 4:
                raise SystemExit("flink_diff: %s: a rule row needs 4 cells: %s" % (path, line.strip()))
            rule_id, verdict, pattern, shape = (c.strip("`") if k < 3 else c for k, c in enumerate(cells[:4]))
            if verdict not in VERDICTS:
                raise SystemExit("flink_diff: rule %s: unknown verdict %r" % (rule_id, verdict))
            terms = []
            for term in pattern.split(" && "):
                target, sep, regex = term.partition("~")
                if not sep or target not in TARGETS:
                    raise SystemExit("flink_diff: rule %s: a term is TARGET~REGEX with TARGET one of %s: %r"
                                     % (rule_id, ", ".join(TARGETS), term))
                try:
                    terms.append((target, re.compile(regex, re.IGNORECASE | re.DOTALL)))
                except re.error as e:
                    raise SystemExit("flink_diff: rule %s: bad regex %r: %s" % (rule_id, regex, e))
            rules.append(Rule(rule_id, verdict, terms, shape))
    if not rules:
        raise SystemExit("flink_diff: no rules found under '## Rules' in %s" % path)
    return rules


def explain(rules, verdict, facts):
    for rule in rules:
        if rule.verdict == verdict and rule.matches(facts):
            return rule.id
    return None


# ---------------------------------------------------------------------------------------------
# Running both sides
# ---------------------------------------------------------------------------------------------


ORACLE_CONFIG = {}


def run_jsonl(cmd, files, batch=1500, cache=None):
    """Runs `cmd FILE...` in batches; returns {(file, index): record}. With `cache` (a folder),
    the records of a file whose content and command were seen before are read from there: the
    oracle takes minutes over the mutants, and most files do not change between two runs."""
    out = {}
    todo = files
    if cache:
        os.makedirs(cache, exist_ok=True)
        todo = []
        for path in files:
            entry = os.path.join(cache, cache_key(cmd, path) + ".jsonl")
            if os.path.exists(entry):
                with open(entry, encoding="utf-8") as fh:
                    for line in fh:
                        rec = json.loads(line)
                        if "config" in rec:
                            ORACLE_CONFIG.update(rec["config"])
                            continue
                        rec["file"] = path
                        out[(path, rec["index"])] = rec
            else:
                todo.append(path)
    fresh = run_batches(cmd, todo, batch)
    out.update(fresh)
    if cache:
        by_file = collections.defaultdict(list)
        for (path, _), rec in fresh.items():
            by_file[path].append(rec)
        for path in todo:
            with open(os.path.join(cache, cache_key(cmd, path) + ".jsonl"), "w", encoding="utf-8") as fh:
                fh.write(json.dumps({"config": ORACLE_CONFIG}) + "\n")
                for rec in sorted(by_file.get(path, []), key=lambda r: r["index"]):
                    fh.write(json.dumps(rec) + "\n")
    return out


def cache_key(cmd, path):
    digest = hashlib.sha1(" ".join(cmd).encode())
    with open(path, "rb") as fh:
        digest.update(fh.read())
    return digest.hexdigest()


def run_batches(cmd, files, batch):
    out = {}
    for k in range(0, len(files), batch):
        chunk = files[k:k + batch]
        proc = subprocess.run(cmd + chunk, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if proc.returncode not in (0, 1):
            sys.stderr.write(proc.stderr)
            raise SystemExit("flink_diff: %s failed with status %d" % (cmd[0], proc.returncode))
        for line in proc.stdout.splitlines():
            if not line.startswith("{"):
                continue
            rec = json.loads(line)
            if "config" in rec:
                ORACLE_CONFIG.update(rec["config"])
                continue
            if rec.get("scope") == "file":
                continue
            out[(rec["file"], rec["index"])] = rec
    return out


def flink_verdict(rec):
    """'accept', 'parse' (the parser refuses) or 'validate' (only validate() refuses)."""
    if not rec["ok"]:
        return "parse"
    return "validate" if rec.get("validated_ok") is False else "accept"


VALIDATE_POS = re.compile(r"\(at line (\d+), column (\d+)\)\s*$")


def flink_position(rec):
    if not rec["ok"]:
        return rec.get("error_line"), rec.get("error_column")
    m = VALIDATE_POS.search(rec.get("validate_error") or "")
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)


def where_flink_fails(d, f):
    """'query' when Flink refuses at or after the start of the CTAS query, which flink-ddl keeps as
    text; otherwise ''."""
    line, column = flink_position(f)
    if d.get("query_line") is None or line is None:
        return ""
    return "query" if (line, column) >= (d["query_line"], d["query_column"]) else ""


def flink_message(rec):
    return rec.get("error") if not rec["ok"] else rec.get("validate_error")


# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------


class Source:
    def __init__(self, name, files, quote=True, note=""):
        self.name = name
        self.files = sorted(files)
        self.quote = quote  # may the report show the statements' text?
        self.note = note


def sql_files(path):
    if os.path.isdir(path):
        return sorted(glob.glob(os.path.join(path, "**", "*.sql"), recursive=True))
    return [path]


def segment_texts(path):
    """{index: text} of the statements of a file, cut as the probe and the oracle cut them."""
    with open(path, encoding="utf-8") as fh:
        source = fh.read()
    texts, index, start, i, n = {}, 0, 0, 0, len(source)
    first = None
    while i < n:
        c = source[i]
        if c in "'\"`":
            first = i if first is None else first
            j = i + 1
            while j < n:
                if source[j] == c:
                    if j + 1 < n and source[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            i = j + 1
            continue
        if source.startswith("--", i) or source.startswith("//", i):
            j = source.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if source.startswith("/*", i):
            j = source.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if c == ";":
            if first is not None:
                index += 1
                texts[index] = source[start:i]
            first = None
            i += 1
            start = i
            continue
        if not c.isspace() and first is None:
            first = i
        i += 1
    if first is not None:
        index += 1
        texts[index] = source[start:n]
    return texts


LABEL = re.compile(r"^\s*--\s*(flink|mutant):\s*(.+)$", re.MULTILINE)


def label_of(text):
    m = LABEL.search(text)
    return m.group(2).strip() if m else None


# Pairs of characters that would fuse into one token (or open a comment) if two tokens touched.
FUSING = {"--", "/*", "*/", "//", "<>", "<=", ">=", "!=", "||", "=>", "::", "''", "``"}


def join(*parts):
    """The parts concatenated, with a space wherever two of them would otherwise fuse: a mutant
    moves whole tokens, and `a` swapped next to `b` must stay two tokens, not become `ab`."""
    out = ""
    for part in parts:
        if out and part:
            a, b = out[-1], part[0]
            word = lambda c: c.isalnum() or c in "_$"
            if (word(a) and word(b)) or a + b in FUSING or (a == "." and b.isdigit()) or (a.isdigit() and b == "."):
                out += " "
        out += part
    return out


def make_mutants(statements, outdir, limit):
    """Mutants of accepted statements: each non-blank token deleted, doubled, or swapped with the
    next. `statements` is [(origin, text)]. With `limit`, an even sample of that many."""
    plans = []
    for origin, text in statements:
        toks = [(k, t, s) for k, t, s in tokens(text) if k not in ("blank", "comment")]
        for n, (kind, tok, start) in enumerate(toks):
            end = start + len(tok)
            plans.append((origin, "delete %r" % tok, join(text[:start], text[end:])))
            plans.append((origin, "double %r" % tok, join(text[:end], " " + tok, text[end:])))
            if n + 1 < len(toks):
                _, tok2, start2 = toks[n + 1]
                end2 = start2 + len(tok2)
                swapped = join(text[:start], tok2, text[end:start2], tok, text[end2:])
                plans.append((origin, "swap %r %r" % (tok, tok2), swapped))
    total = len(plans)
    if limit and total > limit:
        step = total / limit
        plans = [plans[int(k * step)] for k in range(limit)]
    files = []
    for n, (origin, op, text) in enumerate(plans):
        path = os.path.join(outdir, "m%06d.sql" % n)
        with open(path, "w", encoding="utf-8") as fh:
            # The label line is a comment of its own; the statement starts on line 2.
            fh.write("-- mutant: %s of %s\n%s\n" % (op, origin, text.strip("\n")))
        files.append(path)
    return files, total


# ---------------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------------


class Tally:
    def __init__(self):
        self.c = collections.Counter()
        self.rules = collections.Counter()
        self.unexplained = []
        self.validator_only = []


def compare(source, probe, oracle, printed_ok, rules, tally):
    for path in source.files:
        texts = segment_texts(path)
        keys = sorted(k for k in set(probe) | set(oracle) if k[0] == path)
        for key in keys:
            d, f = probe.get(key), oracle.get(key)
            if d is None or f is None:
                raise SystemExit("flink_diff: %s statement %d: only one side saw it (the splitters differ)"
                                 % key)
            text = texts.get(key[1], "")
            facts = {"sql": normalise(text), "error": d.get("error"), "kind": d.get("error_kind"),
                     "flink": flink_message(f), "where": where_flink_fails(d, f)}
            where = "%s:%d" % (os.path.relpath(path, ROOT) if path.startswith(ROOT) else path, d["line"])
            label = label_of(text)
            shown = facts["sql"] if source.quote else "(text not quoted: %s)" % (label or "extracted statement")
            tally.c["statements"] += 1
            fv = flink_verdict(f)
            problems = []
            if d["ok"] and fv == "accept":
                tally.c["both_accept"] += 1
            elif not d["ok"] and fv != "accept":
                tally.c["both_reject"] += 1
                fline, fcol = flink_position(f)
                if fline is None:
                    tally.c["flink_no_position"] += 1
                    if fv == "validate":
                        tally.validator_only.append((where, d["error_line"], d["error_column"], d["error"],
                                                     flink_message(f), shown))
                elif fline == d["error_line"]:
                    tally.c["same_line"] += 1
                    tally.c["same_column"] += fcol == d["error_column"]
                else:
                    problems.append(("line", "flink-ddl line %s, Flink line %s" % (d["error_line"], fline)))
            elif fv == "accept":
                problems.append(("refused", "flink-ddl: %s (line %s, column %s)"
                                 % (d.get("error"), d.get("error_line"), d.get("error_column"))))
            else:
                problems.append(("accepted", "Flink (%s): %s" % (fv, flink_message(f))))
            if d["ok"]:
                tally.c["ddl_accept"] += 1
                valid = printed_ok.get(key)
                if valid is not None and not valid[0]:
                    # A print of a statement Flink refuses anyway is covered by that statement's rule.
                    if fv == "accept":
                        problems.append(("print", "Flink refuses the print: %s" % valid[1]))
                    else:
                        tally.c["print_invalid_covered"] += 1
                elif valid is not None:
                    tally.c["print_valid"] += 1
            for verdict, detail in problems:
                tally.c[verdict] += 1
                rule = explain(rules, verdict, facts)
                if rule:
                    tally.c["explained"] += 1
                    tally.rules[rule] += 1
                else:
                    tally.c["unexplained"] += 1
                    tally.unexplained.append((verdict, where, label, detail, shown))
            if not problems:
                tally.c["agree"] += 1


def check_prints(probe, oracle_cmd, workdir, cache):
    """{key: (valid, flink error)} for every statement flink-ddl accepted."""
    keys = sorted(k for k, r in probe.items() if r["ok"])
    path = os.path.join(workdir, "prints.sql")
    with open(path, "w", encoding="utf-8") as fh:
        for k in keys:
            fh.write(probe[k]["print"] + "\n;\n")
    results = run_jsonl(oracle_cmd, [path], cache=cache)
    if len(results) != len(keys):
        raise SystemExit("flink_diff: %d prints but the oracle saw %d statements" % (len(keys), len(results)))
    out = {}
    for n, k in enumerate(keys, start=1):
        r = results[(path, n)]
        out[k] = (flink_verdict(r) == "accept", flink_message(r))
    return out


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def pct(a, b):
    return "%.1f%%" % (100.0 * a / b) if b else "-"


def git_describe():
    try:
        return subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True).stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def summary_row(name, c):
    n = c["statements"]
    both = c["both_reject"]
    return {
        "source": name,
        "statements": n,
        "agree_verdict": pct(c["both_accept"] + c["both_reject"], n),
        "agree_all": pct(c["agree"], n),
        "refused": c["refused"],
        "accepted": c["accepted"],
        "same_line": pct(c["same_line"], both - c["flink_no_position"]),
        "same_column": pct(c["same_column"], both - c["flink_no_position"]),
        "print_valid": pct(c["print_valid"], c["ddl_accept"] - c["print_invalid_covered"]),
        "explained": c["explained"],
        "unexplained": c["unexplained"],
    }


COLUMNS = [("source", "source", 22), ("statements", "stmts", 6), ("agree_verdict", "verdict", 8),
           ("agree_all", "agree", 8), ("refused", "refused", 7), ("accepted", "accepted", 8),
           ("same_line", "line", 7), ("same_column", "column", 7), ("print_valid", "print", 7),
           ("explained", "explained", 9), ("unexplained", "unexpl.", 7)]


def table(rows):
    out = ["  ".join(h.ljust(w) if k == 0 else h.rjust(w) for k, (_, h, w) in enumerate(COLUMNS))]
    for row in rows:
        out.append("  ".join(str(row[key]).ljust(w) if k == 0 else str(row[key]).rjust(w)
                             for k, (key, _, w) in enumerate(COLUMNS)))
    return "\n".join(out)


def write_report(path, sources, tallies, rules, meta, history):
    lines = []
    lines.append("flink-ddl fidelity report: flink-ddl %s against %s" % (meta["commit"], meta["flink"]))
    lines.append("Made by scripts/flink-diff.sh on %s; rules and how to read this: docs/fidelity.md." % meta["date"])
    lines.append("")
    lines.append("Columns: verdict = both accept or both refuse; agree = no disagreement at all (verdict, line,")
    lines.append("print); refused = Flink accepts, flink-ddl refuses; accepted = the reverse; line / column =")
    lines.append("where both refuse and Flink gives a position, the share where flink-ddl's caret is on the same")
    lines.append("line / column; print = flink-ddl's canonical print accepted by Flink (over the statements")
    lines.append("both accept or that flink-ddl alone accepts by a rule); explained = disagreements a rule of")
    lines.append("docs/fidelity.md covers; unexpl. = the rest (0 is the goal).")
    lines.append("")
    rows = [summary_row(s.name, tallies[s.name].c) for s in sources]
    total = Tally()
    for s in sources:
        total.c.update(tallies[s.name].c)
    rows.append(summary_row("all", total.c))
    lines.append(table(rows))
    for s in sources:
        if s.note:
            lines.append("  %s: %s" % (s.name, s.note))
    lines.append("")
    lines.append("Disagreements explained, by rule:")
    counts = collections.Counter()
    for s in sources:
        counts.update(tallies[s.name].rules)
    for rule in rules:
        if counts[rule.id]:
            per = ", ".join("%s %d" % (s.name, tallies[s.name].rules[rule.id]) for s in sources
                            if tallies[s.name].rules[rule.id])
            lines.append("  %-34s %5d  (%s)" % (rule.id, counts[rule.id], per))
    unused = [r.id for r in rules if not counts[r.id]]
    if unused:
        lines.append("  rules no statement of this run needed: %s" % ", ".join(unused))
    lines.append("")
    lines.append("Unexplained disagreements:")
    any_unexplained = False
    for s in sources:
        for verdict, where, label, detail, shown in tallies[s.name].unexplained:
            any_unexplained = True
            lines.append("  [%s] %s %s%s" % (verdict, s.name, where, " (%s)" % label if label else ""))
            lines.append("      %s" % detail)
            lines.append("      %s" % shorten(shown, 300))
    if not any_unexplained:
        lines.append("  none")
    lines.append("")
    lines.append("Refused by Flink's validate() only, with no position from Flink (flink-ddl's position shown):")
    shown_any = False
    for s in sources:
        for where, line, col, err, fmsg, text in tallies[s.name].validator_only[:40]:
            shown_any = True
            lines.append("  %s %s: flink-ddl line %s column %s: %s" % (s.name, where, line, col, err))
            lines.append("      Flink: %s" % shorten(fmsg or "", 160))
    if not shown_any:
        lines.append("  none")
    if history:
        lines.append("")
        lines.append("History (docs/fidelity-history.tsv; --record adds a run):")
        lines.extend("  " + h for h in history)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return "\n".join(lines)


def shorten(text, n):
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."


HISTORY_FIELDS = ["date", "commit", "source", "statements", "agree_verdict", "agree_all", "refused", "accepted",
                  "same_line", "same_column", "print_valid", "explained", "unexplained"]


def read_history(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if line.strip()]
    if not rows:
        return []
    width = [max(len(r[k]) for r in rows if k < len(r)) for k in range(len(rows[0]))]
    return ["  ".join(c.ljust(width[k]) for k, c in enumerate(r)).rstrip() for r in rows]


def record_history(path, meta, rows):
    new = not os.path.exists(path)
    with open(path, "a", encoding="utf-8") as fh:
        if new:
            fh.write("\t".join(HISTORY_FIELDS) + "\n")
        for row in rows:
            values = dict(row, date=meta["date"][:10], commit=meta["commit"])
            fh.write("\t".join(str(values[k]) for k in HISTORY_FIELDS) + "\n")


# ---------------------------------------------------------------------------------------------


def default_oracle():
    """shared/tools/flink-oracle/run.sh beside the repository or beside a folder above it (a worktree)."""
    here = ROOT
    while True:
        candidate = os.path.join(os.path.dirname(here), "shared", "tools", "flink-oracle", "run.sh")
        if os.path.exists(candidate) or os.path.dirname(here) == here:
            return candidate
        here = os.path.dirname(here)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Compare flink-ddl with Apache Flink's parser (docs/fidelity.md).")
    ap.add_argument("paths", nargs="*", help="more .sql files or directories, each one source")
    ap.add_argument("--oracle", default=os.environ.get("FLINK_ORACLE") or default_oracle(),
                    help="the oracle's run.sh (default: $FLINK_ORACLE, else shared/tools/flink-oracle/run.sh"
                         " in the nearest folder above the repository that has it)")
    ap.add_argument("--probe", default=os.path.join(ROOT, "target", "debug", "examples", "fidelity_probe"))
    ap.add_argument("--rules", default=os.path.join(ROOT, "docs", "fidelity.md"))
    ap.add_argument("--flink-tests", default=os.environ.get("FLINK_PARSER_TESTS"),
                    help="statements extracted by scripts/flink_parser_tests.py ($FLINK_PARSER_TESTS)")
    ap.add_argument("--mutants", type=int, default=6000,
                    help="how many mutants of the accepted fixtures to run (0: none, -1: all)")
    ap.add_argument("--only", action="append", default=[], help="run only these sources (repeatable)")
    ap.add_argument("--report", default=os.path.join(ROOT, "docs", "fidelity-report.txt"))
    ap.add_argument("--record", action="store_true", help="append this run's figures to docs/fidelity-history.tsv")
    ap.add_argument("--no-cache", action="store_true",
                    help="ask the oracle about every file (default: reuse target/flink-diff-cache for files"
                         " seen before; delete it after changing the oracle)")
    ap.add_argument("--keep", metavar="DIR", help="keep the generated files and both sides' JSON in DIR")
    args = ap.parse_args(argv)

    oracle = os.path.abspath(args.oracle)
    if not os.access(oracle, os.X_OK):
        raise SystemExit("flink_diff: no oracle at %s (give --oracle or $FLINK_ORACLE)" % oracle)
    if not os.access(args.probe, os.X_OK):
        raise SystemExit("flink_diff: no probe at %s (cargo build --example fidelity_probe)" % args.probe)
    rules = load_rules(args.rules)
    workdir = args.keep or tempfile.mkdtemp(prefix="flink-diff-")
    os.makedirs(workdir, exist_ok=True)
    try:
        fixtures = os.path.join(ROOT, "tests", "fixtures")
        sources = [
            Source("fixtures-ok", glob.glob(os.path.join(fixtures, "ok", "*.sql"))),
            Source("fixtures-error", glob.glob(os.path.join(fixtures, "error", "*.sql"))),
        ]
        for path in sorted(glob.glob(os.path.join(ROOT, "tests", "fidelity", "*.sql"))):
            sources.append(Source(os.path.splitext(os.path.basename(path))[0], [path]))
        if args.flink_tests and os.path.isdir(args.flink_tests):
            sources.append(Source("flink-parser-tests", sql_files(args.flink_tests), quote=False,
                                  note="statements of Apache Flink's parser tests (scripts/flink_parser_tests.py);"
                                       " not quoted here, named by test"))
        for path in args.paths:
            sources.append(Source(os.path.relpath(os.path.abspath(path), ROOT), sql_files(path)))
        if args.only:
            sources = [s for s in sources if s.name in args.only or s.name == "mutants"]
        files = [f for s in sources for f in s.files]
        probe_cmd, oracle_cmd = [args.probe], [oracle, "--no-reparse", "--config"]
        probe = run_jsonl(probe_cmd, files)
        cache = None if args.no_cache else os.path.join(ROOT, "target", "flink-diff-cache")
        oracle_out = run_jsonl(oracle_cmd, files, cache=cache)

        if args.mutants and (not args.only or "mutants" in args.only):
            # Mutants come from the statements flink-ddl and Flink both accept, so every mutant is one
            # small step away from a statement both sides agree on.
            seeds = []
            for s in sources:
                if not s.quote:
                    continue
                for path in s.files:
                    texts = segment_texts(path)
                    for (f, idx), d in sorted(probe.items()):
                        if f == path and d["ok"] and flink_verdict(oracle_out[(f, idx)]) == "accept":
                            seeds.append(("%s:%d" % (os.path.relpath(path, ROOT), d["line"]), texts[idx]))
            mdir = os.path.join(workdir, "mutants")
            shutil.rmtree(mdir, ignore_errors=True)
            os.makedirs(mdir)
            mfiles, total = make_mutants(seeds, mdir, None if args.mutants < 0 else args.mutants)
            note = "%d of the %d one-token mutants (delete, double, swap) of %d statements both accept" % (
                len(mfiles), total, len(seeds))
            mutants = Source("mutants", mfiles, note=note)
            probe.update(run_jsonl(probe_cmd, mfiles))
            oracle_out.update(run_jsonl(oracle_cmd, mfiles, cache=cache))
            sources.append(mutants)

        printed_ok = check_prints(probe, oracle_cmd, workdir, cache)
        tallies = {}
        for s in sources:
            tallies[s.name] = Tally()
            compare(s, probe, oracle_out, printed_ok, rules, tallies[s.name])
        if args.keep:
            with open(os.path.join(workdir, "probe.jsonl"), "w") as fh:
                fh.writelines(json.dumps(r) + "\n" for r in probe.values())
            with open(os.path.join(workdir, "oracle.jsonl"), "w") as fh:
                fh.writelines(json.dumps(r) + "\n" for r in oracle_out.values())

        flink = "Apache Flink %s's parser (FlinkSqlParserImpl, %s quoting, %s conformance)" % (
            ORACLE_CONFIG.get("flink_version", "?"), ORACLE_CONFIG.get("quoting", "?"),
            ORACLE_CONFIG.get("conformance", "?"))
        meta = {"commit": git_describe(), "flink": flink,
                "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
        rows = [summary_row(s.name, tallies[s.name].c) for s in sources]
        history_path = os.path.join(os.path.dirname(os.path.abspath(args.report)), "fidelity-history.tsv")
        if args.record:
            record_history(history_path, meta, rows)
        text = write_report(args.report, sources, tallies, rules, meta, read_history(history_path))
        print(text)
        return 1 if any(tallies[s.name].unexplained for s in sources) else 0
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
