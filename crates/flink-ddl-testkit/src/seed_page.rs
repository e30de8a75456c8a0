//! Statements of Confluent's Manage Connections page (the seed page), as its samples print them:
//! the parser's, the executor's and the binary's tests all use them.

/// The seed page's table: an external MongoDB table naming its connection through the
/// `'mongodb.connection'` option, with its `;`.
pub const SEED_TABLE: &str = "CREATE TABLE mongodb_movies_full_text_search (
    title STRING,
    plot STRING
) WITH (
    'connector' = 'mongodb',
    'mongodb.connection' = 'my_mongodb_connection',
    'mongodb.database' = 'sample_mflix',
    'mongodb.collection' = 'movies',
    'mongodb.index' = 'default'
);";
