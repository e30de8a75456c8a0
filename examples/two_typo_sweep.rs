//! Random two-typo mutants of statements holding credentials, through the fail-closed surfaces:
//! the figure `docs/threat-model.md` quotes for what `redact_broken_sql` still misses. Every
//! single typo is checked exhaustively by `tests/typo_sweep.rs`; two typos are too many to try
//! them all, so this samples them:
//!
//! ```sh
//! cargo run --release --example two_typo_sweep -- 1 30000
//! ```
//!
//! Arguments: the seed (default 1) and the mutants per statement (default 30,000). For each
//! mutant it checks `redact_broken_sql` (and that a second pass changes nothing), the `ParseError`
//! when the mutant does not parse, and, when it parses and `redact_sql` masks the secrets, the
//! statements' `Display`, `Debug` and JSON. A secret counts as shown when 8 characters of it in a
//! row appear. It prints each mutant that shows one, then the counts.

#![forbid(unsafe_code)]

/// The statements, each with its secrets: values holding separators, escaped quotes and spaces.
const STATEMENTS: [(&str, &[&str]); 8] = [
    (
        "CREATE CONNECTION pg WITH ('type' = 'jdbc', 'endpoint' = 'jdbc:postgresql://db:5432/app', 'username' = 'app', 'password' = 'Tr0ub4dor&3xQ');",
        &["Tr0ub4dor&3xQ"],
    ),
    ("ALTER CONNECTION pg SET ('password' = 'q,W)e;R=t(Y9u');", &["q,W)e;R=t(Y9u"]),
    (
        "CREATE CONNECTION oa WITH ('type' = 'openai', 'endpoint' = 'https://api.openai.com/v1/chat/completions', 'api-key' = 'sk-proj-ZZ9yX8wV7uT6');",
        &["sk-proj-ZZ9yX8wV7uT6"],
    ),
    (
        "CREATE CONNECTION m WITH ('type' = 'mongodb', 'endpoint' = 'mongodb+srv://c.x.net', 'username' = 'u', 'password' = 'it''s-Kx7Lp2Qz');",
        &["s-Kx7Lp2Qz"],
    ),
    (
        "CREATE TABLE orders (id BIGINT, tok AS 'token' = 'Hv8Nd3Rk5Wq1') WITH ('connector' = 'kafka', 'properties.sasl.jaas.config' = 'org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"Pz4Lm8Ks2Xv6\";');",
        &["Hv8Nd3Rk5Wq1", "Pz4Lm8Ks2Xv6"],
    ),
    (
        "CREATE MODEL sentiment INPUT (text STRING) OUTPUT (label STRING) WITH ('provider' = 'openai', 'task' = 'classification', 'openai.connection' = 'oa', 'openai.api_key' = 'Gk2Jd9Sm4Pq7');",
        &["Gk2Jd9Sm4Pq7"],
    ),
    (
        "CREATE CONNECTION bedrock WITH ('type' = 'bedrock', 'endpoint' = 'https://bedrock-runtime.us-east-1.amazonaws.com', 'aws-access-key' = 'AKIAZX7QW3ER5TY8', 'aws-secret-key' = 'wJalrXUtnFEMIK7MDENGbPxRfiCY', 'aws-session-token' = 'FwoGZXIvYXdzEJr8Lq');",
        &["AKIAZX7QW3ER5TY8", "wJalrXUtnFEMIK7MDENGbPxRfiCY", "FwoGZXIvYXdzEJr8Lq"],
    ),
    (
        "CREATE CONNECTION mcp WITH ('type' = 'mcp_server', 'endpoint' = 'https://mcp.example.com/sse', 'token' = 'Bearer eyJhbGciOiJIUzI1NiJ9.Xk3');",
        &["eyJhbGciOiJIUzI1NiJ9"],
    ),
];

/// What a typo may insert or substitute: quotes, separators, blanks a paste brings, ordinary
/// characters.
const TYPED: &str = "'\"`=:;,() \t\\ax-_.#/*\u{a0}\u{2028}\u{b}\n";

/// A small seeded generator (a 64-bit LCG): the sweep is the same for the same seed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize % n
    }
}

/// True when 8 characters of a secret in a row (the whole of a shorter one) appear in `shown`.
fn shows(shown: &str, secrets: &[&str]) -> bool {
    secrets.iter().any(|secret| {
        let chars: Vec<char> = secret.chars().collect();
        let width = chars.len().min(8);
        chars.windows(width).any(|window| shown.contains(&window.iter().collect::<String>()))
    })
}

/// What the surfaces show of `mutant` that may hold a secret, and whether `redact_broken_sql`
/// was idempotent on it.
fn surfaces(mutant: &str, secrets: &[&str]) -> (Vec<String>, bool) {
    let broken = flink_ddl::redact_broken_sql(mutant);
    let idempotent = flink_ddl::redact_broken_sql(&broken) == broken;
    let mut shown = vec![broken];
    match flink_ddl::parse(mutant) {
        Err(err) => shown.push(format!("{err}\n{err:?}")),
        // The exact surfaces follow the exact rule: checked where `redact_sql` hides the secret.
        Ok(statements) if !shows(&flink_ddl::redact_sql(mutant), secrets) => {
            for stmt in statements {
                let json = serde_json::to_string(&stmt).unwrap_or_default();
                shown.push(format!("{stmt}\n{stmt:?}\n{json}"));
            }
        }
        Ok(_) => {}
    }
    (shown, idempotent)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let per_statement: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(30_000);
    let typed: Vec<char> = TYPED.chars().collect();
    let mut random = Lcg(seed);
    let (mut total, mut leaks, mut not_idempotent) = (0, 0, 0);
    for (sql, secrets) in STATEMENTS {
        let chars: Vec<char> = sql.chars().collect();
        for _ in 0..per_statement {
            let mut mutant = chars.clone();
            for _ in 0..2 {
                let at = random.below(mutant.len());
                match random.below(3) {
                    0 => {
                        mutant.remove(at);
                    }
                    1 => mutant.insert(at, typed[random.below(typed.len())]),
                    _ => mutant[at] = typed[random.below(typed.len())],
                }
            }
            let mutant: String = mutant.into_iter().collect();
            total += 1;
            let (shown, idempotent) = surfaces(&mutant, secrets);
            if !idempotent {
                not_idempotent += 1;
                println!("NOT IDEMPOTENT {mutant:?}");
            }
            if let Some(leak) = shown.iter().find(|s| shows(s, secrets)) {
                leaks += 1;
                println!("SHOWN {mutant:?}\n  => {leak:.300}");
            }
        }
    }
    println!("seed {seed}: {total} two-typo mutants, {leaks} showing a secret, {not_idempotent} not idempotent");
}
