//! # flink-ddl-testkit
//!
//! What the test suites of the workspace share, so that each is written once:
//! - [`Seed`] and [`Rng`]: random choices that a failed run can replay. The seed is
//!   `FLINK_DDL_TEST_SEED` when set, else the test's own; a failing test prints it.
//! - [`session`], [`session_in`], [`run`], [`ok`], [`err`]: a [`Session`](flink_ddl_exec::Session)
//!   under a fixed clock, and statements run on it from SQL text with the failure message a test
//!   wants.
//! - [`names`], [`stored_secret`]: what a listing shows, and what a catalog stored.
//! - [`SEED_TABLE`]: the table of Confluent's Manage Connections page.
//! - [`run_script`], [`table_with_options`], [`table_on_the_default_connector`]: the binary's path
//!   over a script, for the memory tests.
//!
//! A development package (`publish = false`): no library depends on it, only tests and benches.
//! The strategies that build ASTs for property tests stay with the language's tests
//! (`tests/common` of the root package).

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod rng;
mod script;
mod seed_page;
mod session;

pub use rng::{Rng, Seed, SEED_VARIABLE};
pub use script::{run_script, table_on_the_default_connector, table_with_options};
pub use seed_page::SEED_TABLE;
pub use session::{err, names, ok, run, session, session_in, stored_secret, T0};
