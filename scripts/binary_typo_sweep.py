#!/usr/bin/env python3
"""Typo sweep through the binary: does a secret typed with a typo or two show anywhere?

Every statement of tests/fixtures/ok/*.sql that holds a sensitive pair gets a random secret per
pair, and OTHER_STATEMENTS below bring their own (secrets holding quotes, delimiters, a comment,
blanks, non-ASCII characters); then random mutants near the secrets (a character deleted,
inserted or replaced, and in 30% of the mutants a second one anywhere). Each mutant runs through the binary four ways: `-e` on the
in-memory catalog (human and JSON), `-e` on the default SQLite catalog, and the shell on standard
input; a mutant leaks when its secret (or its first or last 8 characters) is in what was printed,
or in any file the run left under its own `$HOME` (catalog, key file, shell history).

    cargo build --release -p flink-ddl-cli
    python3 scripts/binary_typo_sweep.py target/release/flink-ddl [MUTANTS_PER_STATEMENT] [SEED]

It prints each leak and, at the end, `mutants N leaks M`. docs/threat-model.md says what the
fail-closed surfaces promise; two typos that both break a value's quoting are best effort there.
"""
import glob
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = sys.argv[1]
PER_STATEMENT = int(sys.argv[2]) if len(sys.argv) > 2 else 40
random.seed(int(sys.argv[3]) if len(sys.argv) > 3 else 11)

# The rule of dialect.md (a rough copy: the sweep only needs to pick which values are secrets).
CREDENTIAL_KEYS = ["api-key", "aws-access-key", "aws-secret-key", "aws-session-token", "service-key",
                   "password", "token", "client-secret"]
SUBSTRINGS = ["password", "secret", "apikey", "auth-params", "service-key", "token", "basic-auth",
              "jaas.config", "http-headers", "fs.azure.account.key"]
# What a typo or a paste puts in: quotes, assignment look-alikes, delimiters, blanks of every kind.
ALPHABET = "'\"`=:;,() \t\\abcxyz-_.\u00a0\u2028\x0b\n"


def sensitive(key):
    key = key.strip().lower().replace("_", "-")
    last = key.split(".")[-1]
    if last.endswith("endpoint"):
        return False
    return last in CREDENTIAL_KEYS or any(s in key for s in SUBSTRINGS)


# Statements of other kinds with secrets of other shapes: quotes, `,`, `)`, `;`, `=`, a comment,
# blanks and non-ASCII characters inside the value; several secrets in one statement; secrets in a
# table's or a model's options and in a JSON document.
OTHER_STATEMENTS = [
 ("CREATE CONNECTION my_pg WITH ('type' = 'confluent_jdbc', 'endpoint' = 'jdbc:postgresql://db.example.com:5432/sales', 'username' = 'svc', 'password' = 'Wq9''xZ,7);--kP');", ["Wq9'xZ,7);--kP", "Wq9''xZ,7);--kP"]),
 ("ALTER CONNECTION my_pg SET ('password' = 'Hh4 Jj5/*Kk6*/Ll7');", ["Hh4 Jj5/*Kk6*/Ll7"]),
 ("CREATE CONNECTION `azure-openai` WITH ('type' = 'azureopenai', 'endpoint' = 'https://x.openai.azure.com/openai/deployments/gpt/chat/completions?api-version=2024-08-01-preview', 'api-key' = '0a1b2c3d4e5f6a7b8c9d');", ["0a1b2c3d4e5f6a7b8c9d"]),
 ("CREATE CONNECTION bedrock_conn WITH ('type' = 'bedrock', 'endpoint' = 'https://bedrock-runtime.us-west-2.amazonaws.com/model/anthropic.claude-v2/invoke', 'aws-access-key' = 'AKIAQW3RT5YU7IO9PLMN', 'aws-secret-key' = 'zX8cV6bN4mQ2wE0rT9yU7iO5pA3sD1fG', 'aws-session-token' = 'FwoGZXIvYXdzEJr9TOKENvalue77');", ["AKIAQW3RT5YU7IO9PLMN", "zX8cV6bN4mQ2wE0rT9yU7iO5pA3sD1fG", "FwoGZXIvYXdzEJr9TOKENvalue77"]),
 ("CREATE TABLE clicks (user_id BIGINT, url STRING) WITH ('connector' = 'kafka', 'properties.sasl.jaas.config' = 'org.apache.kafka.common.security.plain.PlainLoginModule required username=\"k\" password=\"Rr3=Tt4;Yy5\";', 'topic' = 'clicks');", ["Rr3=Tt4;Yy5"]),
 ("CREATE MODEL summarizer INPUT (text STRING) OUTPUT (summary STRING) WITH ('provider' = 'openai', 'task' = 'text_generation', 'openai.connection' = 'oa', 'openai.api_key' = 'sk-Mm8Nn7Bb6Vv5Cc4');", ["sk-Mm8Nn7Bb6Vv5Cc4"]),
 ("CREATE CONNECTION gcp WITH ('type' = 'vertexai', 'endpoint' = 'https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/gemini:generateContent', 'service-key' = '{\"type\":\"service_account\",\"private_key\":\"Gg1Hh2Jj3Kk4\"}');", ["Gg1Hh2Jj3Kk4"]),
 ("CREATE CONNECTION mcp WITH ('type' = 'mcp_server', 'endpoint' = 'https://mcp.example.com/sse', 'token' = 'Bearer eyJhbGciOiJIUzI1NiJ9.Qq7Ww8');", ["eyJhbGciOiJIUzI1NiJ9", "Qq7Ww8"]),
 ("CREATE CONNECTION mongo WITH ('type' = 'mongodb', 'endpoint' = 'mongodb+srv://cluster0.abc.mongodb.net', 'username' = 'app', 'password' = 'Ünï©ødé-Pw-4455');", ["Ünï©ødé-Pw-4455"]),
 ("CREATE CONNECTION rest WITH ('type' = 'rest', 'endpoint' = 'https://api.example.com', 'client-secret' = 'Cs-9988-ZzYy', 'token-endpoint' = 'https://auth.example.com/token');", ["Cs-9988-ZzYy"]),
 ("CREATE TABLE t2 (a INT) WITH ('connector' = 'confluent-jdbc', 'confluent-jdbc.connection' = 'my_pg', 'password' = 'Ee5Rr6Tt7Yy8');", ["Ee5Rr6Tt7Yy8"]),
 ("ALTER CONNECTION bedrock_conn SET ('aws-access-key' = 'AKIAZZ11XX22CC33VV44', 'aws-secret-key' = 'Pp0Oo9Ii8Uu7Yy6Tt5Rr4');", ["AKIAZZ11XX22CC33VV44", "Pp0Oo9Ii8Uu7Yy6Tt5Rr4"]),
]


def statements_with_secrets():
    out = list(OTHER_STATEMENTS)
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/ok/*.sql"))):
        text = re.sub(r"--[^\n]*", "", open(path, encoding="utf-8").read())
        for statement in (s.strip() for s in text.split(";")):
            if not statement:
                continue
            secrets = []

            def with_secret(m):
                if not sensitive(m.group(1)):
                    return m.group(0)
                secret = "".join(random.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(12))
                secrets.append(secret)
                return m.group(0)[: m.start(2) - m.start(0)] + secret + "'"

            statement = re.sub(r"'([^']*)'\s*=\s*'([^']*)'", with_secret, statement)
            if secrets:
                out.append((statement + ";", secrets))
    return out


def mutants(statement, secrets):
    out = set()
    n = len(statement)
    spots = [statement.find(s) for s in secrets]
    for _ in range(PER_STATEMENT):
        # Most typos near a secret (from 40 characters before it to inside it), some anywhere.
        if random.random() < 0.6:
            at = max(0, min(n - 1, random.choice(spots) + random.randrange(-40, 14)))
        else:
            at = random.randrange(n)
        kind = random.randrange(3)
        if kind == 0:
            m = statement[:at] + statement[at + 1:]
        elif kind == 1:
            m = statement[:at] + random.choice(ALPHABET) + statement[at:]
        else:
            m = statement[:at] + random.choice(ALPHABET) + statement[at + 1:]
        if random.random() < 0.3:
            second = random.randrange(len(m))
            m = m[:second] + random.choice(ALPHABET) + m[second + 1:]
        out.add(m)
    return out


def shown(output, secrets):
    return [s for s in secrets if s in output or s[:8] in output or s[-8:] in output]


def run(args, env, stdin=None):
    r = subprocess.run([BINARY] + args, input=stdin, capture_output=True, env=env, timeout=20)
    return r.returncode, r.stdout.decode("utf-8", "replace") + r.stderr.decode("utf-8", "replace")


def main():
    statements = statements_with_secrets()
    print("statements with secrets:", len(statements), flush=True)
    leaks = total = 0
    for statement, secrets in statements:
        home = tempfile.mkdtemp()
        env = dict(os.environ, HOME=home, XDG_DATA_HOME=home + "/data", XDG_CONFIG_HOME=home + "/cfg")
        env.pop("FLINK_DDL_CATALOG", None)
        _, base = run(["--memory", "-e", statement], env)
        if shown(base, secrets):
            print("THE STATEMENT ITSELF SHOWS ITS SECRET:", repr(statement)[:300], "::", base[:300])
            leaks += 1
            continue
        for m in mutants(statement, secrets):
            total += 1
            for args in (["--memory", "-e", m], ["--memory", "--output", "json", "-e", m], ["-e", m]):
                code, out = run(args, env)
                if shown(out, secrets):
                    leaks += 1
                    print("LEAK rc=%d" % code, repr(m), "::", args[:-2], "::", out[:500].replace("\n", " | "), flush=True)
                    break
            code, out = run(["--memory"], env, stdin=(m + "\n").encode())
            for directory, _, files in os.walk(home):
                for name in files:
                    out += open(os.path.join(directory, name), "rb").read().decode("latin-1")
            if shown(out, secrets):
                leaks += 1
                print("LEAK (shell or files) rc=%d" % code, repr(m), "::", out[:400].replace("\n", " | "), flush=True)
        shutil.rmtree(home, ignore_errors=True)
    print("mutants", total, "leaks", leaks)
    sys.exit(1 if leaks else 0)


if __name__ == "__main__":
    main()
