//! Heap allocations per statement, flink-ddl against sqlparser-rs, and the peak live heap while
//! parsing a 10 MB script.
//!
//! The counting global allocator of `flink-ddl-alloc-count` wraps `std::alloc::System`: it counts
//! calls to `alloc`, `alloc_zeroed` and `realloc` (each one is a trip to the allocator; a `realloc`
//! that grows a `String` or `Vec` counts like an `alloc`) and tracks the live bytes and their peak.
//! Implementing `GlobalAlloc` takes `unsafe`: that crate, dev-only, holds the one audited `impl`;
//! the library stays `#![forbid(unsafe_code)]`.
//!
//! Run: `cargo bench --bench alloc`. Without `--bench` (e.g. `cargo test --benches`) it runs on
//! small corpora, as a smoke test.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/sqlparser_subset.rs"]
mod sqlparser_subset;

use std::hint::black_box;

use corpus::Corpus;
use flink_ddl_alloc_count::{Counting, Usage};
use sqlparser_subset::{accepted_by_sqlparser, sqlparser_parse, DIALECT};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What one run of a closure cost the heap (its result is dropped after the measure).
fn measure<T>(run: impl FnOnce() -> T) -> Usage {
    let (usage, result) = flink_ddl_alloc_count::measure(run);
    drop(result);
    usage
}

fn per_statement(usage: &Usage, corpus: &Corpus) -> f64 {
    usage.calls as f64 / corpus.statements.len() as f64
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn report(whole: &Corpus, subset_name: &'static str) {
    let subset = accepted_by_sqlparser(whole, subset_name);
    let subset_script = subset.script();
    let ours = measure(|| flink_ddl::parse(black_box(&subset_script)).unwrap());
    let theirs = measure(|| sqlparser_parse(black_box(&subset_script)).unwrap());
    println!(
        "{:<12} subset ({} statements, {} bytes): flink-ddl {:.2} allocations/statement, sqlparser-rs {:.2} \
         ({:.1}x fewer); peak heap {:.2} MiB vs {:.2} MiB",
        whole.name,
        subset.statements.len(),
        subset_script.len(),
        per_statement(&ours, &subset),
        per_statement(&theirs, &subset),
        theirs.calls as f64 / ours.calls as f64,
        mib(ours.peak),
        mib(theirs.peak),
    );

    whole_report(whole);
}

/// Allocations and peak heap of flink-ddl on a whole corpus.
fn whole_report(whole: &Corpus) {
    let script = whole.script();
    let all = measure(|| flink_ddl::parse(black_box(&script)).unwrap());
    let one_at_a_time = measure(|| {
        let mut count = 0usize;
        for item in flink_ddl::Parser::new().statements(black_box(&script)) {
            black_box(item.unwrap());
            count += 1;
        }
        count
    });
    println!(
        "{:<12} whole ({} statements, {:.2} MiB): {:.2} allocations/statement; peak heap: `parse` (all ASTs kept) \
         {:.2} MiB = {:.2}x the input, `Parser::statements` (one at a time) {:.3} MiB = {:.3}x",
        whole.name,
        whole.statements.len(),
        mib(script.len()),
        per_statement(&all, whole),
        mib(all.peak),
        all.peak as f64 / script.len() as f64,
        mib(one_at_a_time.peak),
        one_at_a_time.peak as f64 / script.len() as f64,
    );
}

fn main() {
    // `cargo bench` passes `--bench`; anything else (`cargo test --benches`) gets a smoke run.
    let bytes = if std::env::args().any(|a| a == "--bench") { corpus::CORPUS_BYTES } else { 256 * 1024 };
    println!("Heap allocation calls (alloc + alloc_zeroed + realloc); sqlparser-rs with {DIALECT}");
    report(&corpus::connection_corpus(bytes, corpus::SEED), "connections ∩ sqlparser");
    report(&corpus::table_corpus(bytes, corpus::SEED), "tables ∩ sqlparser");
    // sqlparser-rs parses none of the statements of models, tools and agents: flink-ddl alone.
    whole_report(&corpus::ai_corpus(bytes, corpus::SEED));
}
