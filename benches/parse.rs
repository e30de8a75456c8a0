//! Parse and redaction throughput, compared with sqlparser-rs in the same run.
//!
//! For each corpus (`support/corpus.rs`: connection statements, CREATE TABLE statements, about
//! 10 MB each): flink-ddl's `parse` and sqlparser-rs's `Parser::parse_sql` on the statements that
//! sqlparser-rs accepts (filtered once, before timing), flink-ddl on the whole corpus, and
//! `redact_sql` on the whole corpus. The third corpus, models, tools and agents, is measured for
//! flink-ddl alone: sqlparser-rs parses none of its statements. Then nesting at 10, 100 and 1000 levels. Throughput is in
//! bytes (criterion prints MB/s); at the end a summary table adds statements per second and the
//! ratio to sqlparser-rs, from the same measurements.
//!
//! Run: `cargo bench --bench parse` (about two minutes). Speed is never asserted in a test.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/sqlparser_subset.rs"]
mod sqlparser_subset;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput};

use corpus::Corpus;
use sqlparser_subset::{accepted_by_sqlparser, sqlparser_parse, DIALECT};

/// Per-iteration times of every sample, by benchmark id, for the summary.
static TIMES: Mutex<BTreeMap<String, Vec<f64>>> = Mutex::new(BTreeMap::new());

/// Times `routine` as criterion asks, and keeps the per-iteration time of each sample.
fn bench(group: &mut Group<'_>, id: &str, bytes: usize, mut routine: impl FnMut()) {
    let Group { group, name } = group;
    group.throughput(Throughput::Bytes(bytes as u64));
    let key = format!("{name}/{id}");
    group.bench_function(id, |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                routine();
            }
            let elapsed = start.elapsed();
            let per_iter = elapsed.as_secs_f64() / iters as f64;
            TIMES.lock().unwrap().entry(key.clone()).or_default().push(per_iter);
            elapsed
        })
    });
}

/// A criterion group and its name (the summary's keys are `group/id`).
struct Group<'a> {
    group: BenchmarkGroup<'a, WallTime>,
    name: &'static str,
}

/// Whole-corpus iterations take a fraction of a second: flat sampling, ten samples.
fn group<'a>(c: &'a mut Criterion, name: &'static str) -> Group<'a> {
    let mut group = c.benchmark_group(name);
    group.sampling_mode(SamplingMode::Flat).sample_size(10).warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(6));
    Group { group, name }
}

/// The median per-iteration time recorded for `key`, in seconds.
fn median(key: &str) -> Option<f64> {
    let times = TIMES.lock().unwrap();
    let mut samples = times.get(key)?.clone();
    samples.sort_by(f64::total_cmp);
    samples.get(samples.len() / 2).copied()
}

struct Prepared {
    whole: Corpus,
    whole_script: String,
    subset: Corpus,
    subset_script: String,
}

fn prepare(whole: Corpus, subset_name: &'static str) -> Prepared {
    let subset = accepted_by_sqlparser(&whole, subset_name);
    let whole_script = whole.script();
    let subset_script = subset.script();
    eprintln!(
        "{}: {} statements, {} bytes; accepted by sqlparser-rs ({DIALECT}): {} statements, {} bytes",
        whole.name,
        whole.statements.len(),
        whole_script.len(),
        subset.statements.len(),
        subset_script.len()
    );
    Prepared { whole, whole_script, subset, subset_script }
}

fn corpus_benches(c: &mut Criterion, corpus: &Prepared) {
    let mut group = group(c, corpus.whole.name);
    let subset = corpus.subset_script.as_str();
    bench(&mut group, "flink-ddl/sqlparser-subset", subset.len(), || {
        black_box(flink_ddl::parse(black_box(subset)).unwrap());
    });
    bench(&mut group, "sqlparser/sqlparser-subset", subset.len(), || {
        black_box(sqlparser_parse(black_box(subset)).unwrap());
    });
    let whole = corpus.whole_script.as_str();
    bench(&mut group, "flink-ddl/whole", whole.len(), || {
        black_box(flink_ddl::parse(black_box(whole)).unwrap());
    });
    bench(&mut group, "redact_sql/whole", whole.len(), || {
        black_box(flink_ddl::redact_sql(black_box(whole)));
    });
    group.group.finish();
}

const NESTING: [usize; 3] = [10, 100, 1000];

/// The corpus of models, tools and agents: flink-ddl alone, since sqlparser-rs parses none of it.
fn flink_only_benches(c: &mut Criterion, corpus: &Corpus, script: &str) {
    let mut group = group(c, corpus.name);
    bench(&mut group, "flink-ddl/whole", script.len(), || {
        black_box(flink_ddl::parse(black_box(script)).unwrap());
    });
    bench(&mut group, "redact_sql/whole", script.len(), || {
        black_box(flink_ddl::redact_sql(black_box(script)));
    });
    group.group.finish();
}

fn nesting_benches(c: &mut Criterion) {
    let parser = flink_ddl::Parser::new().with_max_depth(2000);
    let mut group = group(c, "nesting");
    for levels in NESTING {
        let sql = corpus::nested_table(levels);
        parser.parse(&sql).expect("the nested table parses");
        bench(&mut group, &format!("levels-{levels}"), sql.len(), || {
            black_box(parser.parse(black_box(&sql)).unwrap());
        });
    }
    group.group.finish();
}

fn mb_per_s(bytes: usize, seconds: f64) -> f64 {
    bytes as f64 / seconds / 1e6
}

/// The table docs/performance.md quotes, from the medians of the samples above.
fn summary(corpora: &[Prepared], ai: &Corpus, ai_script: &str) {
    println!("\nSummary (median of the samples; MB = 10^6 bytes; sqlparser-rs with {DIALECT})");
    println!(
        "{:<12} {:>22} {:>12} {:>14} {:>12} {:>14} {:>7} {:>12} {:>12}",
        "corpus",
        "subset stmts/bytes",
        "ours MB/s",
        "ours stmt/s",
        "sqlp MB/s",
        "sqlp stmt/s",
        "ratio",
        "whole MB/s",
        "redact MB/s"
    );
    for corpus in corpora {
        let name = corpus.whole.name;
        let (Some(ours), Some(theirs), Some(whole), Some(redact)) = (
            median(&format!("{name}/flink-ddl/sqlparser-subset")),
            median(&format!("{name}/sqlparser/sqlparser-subset")),
            median(&format!("{name}/flink-ddl/whole")),
            median(&format!("{name}/redact_sql/whole")),
        ) else {
            continue;
        };
        let subset_bytes = corpus.subset_script.len();
        let subset_statements = corpus.subset.statements.len() as f64;
        println!(
            "{:<12} {:>22} {:>12.1} {:>14.0} {:>12.1} {:>14.0} {:>6.1}x {:>12.1} {:>12.1}",
            name,
            format!("{}/{}", corpus.subset.statements.len(), subset_bytes),
            mb_per_s(subset_bytes, ours),
            subset_statements / ours,
            mb_per_s(subset_bytes, theirs),
            subset_statements / theirs,
            theirs / ours,
            mb_per_s(corpus.whole_script.len(), whole),
            mb_per_s(corpus.whole_script.len(), redact),
        );
        println!("{:<12} whole corpus: {} statements/s", "", (corpus.whole.statements.len() as f64 / whole).round());
    }
    if let (Some(whole), Some(redact)) =
        (median(&format!("{}/flink-ddl/whole", ai.name)), median(&format!("{}/redact_sql/whole", ai.name)))
    {
        println!(
            "{:<12} (flink-ddl only: sqlparser-rs parses none of it) {} statements, {} bytes: {:.1} MB/s, {:.0} statements/s; redact {:.1} MB/s",
            ai.name,
            ai.statements.len(),
            ai_script.len(),
            mb_per_s(ai_script.len(), whole),
            ai.statements.len() as f64 / whole,
            mb_per_s(ai_script.len(), redact),
        );
    }
    let mut previous: Option<(usize, f64)> = None;
    for levels in NESTING {
        let Some(time) = median(&format!("nesting/levels-{levels}")) else { continue };
        let growth = previous.map_or(String::new(), |(l, t)| {
            format!(" ({:.1}x the time for {:.0}x the levels)", time / t, levels as f64 / l as f64)
        });
        println!("nesting {levels:>4} levels: {:>10.2} µs{growth}", time * 1e6);
        previous = Some((levels, time));
    }
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    let corpora = [
        prepare(corpus::connection_corpus(corpus::CORPUS_BYTES, corpus::SEED), "connections ∩ sqlparser"),
        prepare(corpus::table_corpus(corpus::CORPUS_BYTES, corpus::SEED), "tables ∩ sqlparser"),
    ];
    for corpus in &corpora {
        corpus_benches(&mut criterion, corpus);
    }
    let ai = corpus::ai_corpus(corpus::CORPUS_BYTES, corpus::SEED);
    let ai_script = ai.script();
    eprintln!("{}: {} statements, {} bytes (flink-ddl only)", ai.name, ai.statements.len(), ai_script.len());
    flink_only_benches(&mut criterion, &ai, &ai_script);
    nesting_benches(&mut criterion);
    criterion.final_summary();
    summary(&corpora, &ai, &ai_script);
}
