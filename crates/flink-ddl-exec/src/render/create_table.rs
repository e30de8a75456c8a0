//! `SHOW CREATE TABLE` in Confluent's canonical form: every name in backticks, one element per
//! line, `STRING` as `VARCHAR(2147483647)`, `BYTES` as `VARBINARY(2147483647)`, `TIMESTAMP_LTZ(p)`
//! as `TIMESTAMP(p) WITH LOCAL TIME ZONE`, the primary key as a table constraint,
//! `DISTRIBUTED BY HASH(...) INTO n BUCKETS` (6 when not given, Kafka's default partition count),
//! options sorted by key with `'connector' = 'confluent'` when none is given, and no
//! `IF NOT EXISTS` / `OR REPLACE`, which applied to the statement's first run only. Values of
//! sensitive options stay masked: the statement printed is the stored, masked one.
//!
//! ```text
//! CREATE TABLE `orders` (
//!   `id` BIGINT NOT NULL,
//!   `note` VARCHAR(2147483647),
//!   PRIMARY KEY (`id`) NOT ENFORCED
//! )
//! DISTRIBUTED BY HASH(`id`) INTO 6 BUCKETS
//! WITH (
//!   'connector' = 'confluent'
//! )
//! ```

use std::fmt;

use flink_ddl::{
    ColumnKind, CreateTable, DataType, Distribution, Ident, ObjectName, SqlOption, TimeZone, TypeKind, MAX_LENGTH,
};

/// Buckets of a `DISTRIBUTED BY` that names none (Confluent's default: 6 Kafka partitions).
const DEFAULT_BUCKETS: u32 = 6;

/// The canonical `CREATE TABLE` for `table` (without a final `;`), as one text.
#[cfg(test)]
pub(crate) fn canonical_create_table(table: &CreateTable) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_canonical_create_table(table, &mut out);
    out
}

/// Writes the canonical `CREATE TABLE` for `table` (without a final `;`) to `out`, its options
/// one at a time: a table of a million options is written without being made into one text.
pub(crate) fn write_canonical_create_table(table: &CreateTable, out: &mut impl fmt::Write) -> fmt::Result {
    let mut elements: Vec<String> = Vec::new();
    let mut inline_key: Option<(Option<&Ident>, &Ident)> = None;
    for column in &table.columns {
        let mut line = quoted(&column.name);
        match &column.kind {
            ColumnKind::Physical { data_type, primary_key } => {
                line.push(' ');
                line.push_str(&canonical_type(data_type));
                if let Some(key) = primary_key {
                    inline_key = Some((key.constraint_name.as_ref(), &column.name));
                }
            }
            ColumnKind::Metadata { data_type, key, is_virtual } => {
                line.push(' ');
                line.push_str(&canonical_type(data_type));
                line.push_str(" METADATA");
                if let Some(key) = key {
                    line.push_str(&format!(" FROM {}", string_literal(key)));
                }
                if *is_virtual {
                    line.push_str(" VIRTUAL");
                }
            }
            ColumnKind::Computed { expr } => line.push_str(&format!(" AS {expr}")),
        }
        if let Some(comment) = &column.comment {
            line.push_str(&format!(" COMMENT {}", string_literal(comment)));
        }
        elements.push(line);
    }
    let key = match (&table.primary_key, inline_key) {
        (Some(key), _) => Some((key.constraint_name.as_ref(), key.columns.iter().collect::<Vec<_>>())),
        (None, Some((name, column))) => Some((name, vec![column])),
        (None, None) => None,
    };
    if let Some((name, columns)) = key {
        let constraint = name.map(|n| format!("CONSTRAINT {} ", quoted(n))).unwrap_or_default();
        elements.push(format!("{constraint}PRIMARY KEY ({}) NOT ENFORCED", quoted_list(&columns)));
    }
    if let Some(watermark) = &table.watermark {
        elements.push(format!("WATERMARK FOR {} AS {}", quoted(&watermark.column), watermark.expr));
    }

    write!(out, "CREATE TABLE {}", quoted_name(&table.name))?;
    if !table.column_names.is_empty() {
        write!(out, " ({})", quoted_list(&table.column_names.iter().collect::<Vec<_>>()))?;
    } else if !elements.is_empty() {
        out.write_str(" (\n  ")?;
        for (n, element) in elements.iter().enumerate() {
            if n > 0 {
                out.write_str(",\n  ")?;
            }
            out.write_str(element)?;
        }
        out.write_str("\n)")?;
    }
    if let Some(comment) = &table.comment {
        write!(out, "\nCOMMENT {}", string_literal(comment))?;
    }
    match &table.distribution {
        Some(Distribution::By { columns, buckets, .. }) => write!(
            out,
            "\nDISTRIBUTED BY HASH({}) INTO {} BUCKETS",
            quoted_list(&columns.iter().collect::<Vec<_>>()),
            buckets.unwrap_or(DEFAULT_BUCKETS)
        )?,
        Some(Distribution::Into { buckets }) => write!(out, "\nDISTRIBUTED INTO {buckets} BUCKETS")?,
        None => {}
    }
    if !table.partitioned_by.is_empty() {
        write!(out, "\nPARTITIONED BY ({})", quoted_list(&table.partitioned_by.iter().collect::<Vec<_>>()))?;
    }
    // With no connector (and no LIKE or AS), Confluent shows its default one among the others,
    // all ordered by their printed text; otherwise they are ordered by key.
    let default_connector =
        (table.like.is_none() && table.as_query.is_none() && table.options.get("connector").is_none())
            .then(|| SqlOption::new("connector", "confluent"));
    // Room for the default connector: inserted into a full vector, it would double it.
    let mut sorted: Vec<&SqlOption> = Vec::with_capacity(table.options.len() + 1);
    sorted.extend(table.options.iter());
    if let Some(default) = &default_connector {
        // By each print's first bytes, which decide between two different keys whatever the
        // values: no option is printed into a string of its own (a table may have millions).
        sorted.sort_by(|a, b| {
            printed_key(a.key()).cmp(printed_key(b.key())).then_with(|| a.to_string().cmp(&b.to_string()))
        });
        let at = sorted.partition_point(|option| printed_key(option.key()).lt(printed_key(default.key())));
        sorted.insert(at, default);
    } else {
        sorted.sort_by(|a, b| a.key().cmp(b.key()));
    }
    if !sorted.is_empty() {
        // Printed straight into the output. SqlOption's Display is the masked print.
        out.write_str("\nWITH (\n  ")?;
        for (n, option) in sorted.into_iter().enumerate() {
            if n > 0 {
                out.write_str(",\n  ")?;
            }
            write!(out, "{option}")?;
        }
        out.write_str("\n)")?;
    }
    if let Some(tail) = like_or_query(table) {
        out.write_char('\n')?;
        out.write_str(&tail)?;
    }
    Ok(())
}

/// The bytes an option's print starts with, its value aside: the key as a literal (each `'`
/// doubled), then `' = '`. Two different keys differ within them (a quote inside a key is
/// doubled, so `' = '` never starts inside one), so options ordered by these are ordered by their
/// whole print.
fn printed_key(key: &str) -> impl Iterator<Item = u8> + '_ {
    key.bytes().flat_map(|b| std::iter::repeat_n(b, if b == b'\'' { 2 } else { 1 })).chain(*b"' = '")
}

/// `LIKE source (...)` or `AS query`, as the statement's own printer writes them (masked).
fn like_or_query(table: &CreateTable) -> Option<String> {
    if table.like.is_none() && table.as_query.is_none() {
        return None;
    }
    let mut bare = CreateTable::new(table.name.clone());
    bare.like = table.like.clone();
    bare.as_query = table.as_query.clone();
    let printed = bare.to_string();
    let prefix = format!("CREATE TABLE {} ", table.name);
    printed.strip_prefix(&prefix).map(str::to_owned)
}

/// A type with Confluent's spellings, field names in backticks.
fn canonical_type(data_type: &DataType) -> String {
    let kind = match &data_type.kind {
        TypeKind::String => TypeKind::Varchar(Some(MAX_LENGTH)),
        TypeKind::Bytes => TypeKind::Varbinary(Some(MAX_LENGTH)),
        TypeKind::TimestampLtz(p) => TypeKind::Timestamp { precision: *p, time_zone: TimeZone::WithLocal },
        TypeKind::Array(element) => return nullable(format!("ARRAY<{}>", canonical_type(element)), data_type),
        TypeKind::Multiset(element) => return nullable(format!("MULTISET<{}>", canonical_type(element)), data_type),
        TypeKind::Map { key, value } => {
            return nullable(format!("MAP<{}, {}>", canonical_type(key), canonical_type(value)), data_type)
        }
        TypeKind::Row(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|f| {
                    let mut field = format!("{} {}", quoted(&f.name), canonical_type(&f.data_type));
                    if let Some(description) = &f.description {
                        field.push(' ');
                        field.push_str(&string_literal(description));
                    }
                    field
                })
                .collect();
            return nullable(format!("ROW<{}>", fields.join(", ")), data_type);
        }
        other => other.clone(),
    };
    DataType { kind, nullability: data_type.nullability }.to_string()
}

/// `text` followed by the type's nullability.
fn nullable(text: String, data_type: &DataType) -> String {
    let bare = DataType { kind: TypeKind::Boolean, nullability: data_type.nullability }.to_string();
    format!("{text}{}", bare.strip_prefix("BOOLEAN").unwrap_or(""))
}

fn quoted(ident: &Ident) -> String {
    format!("`{}`", ident.as_str().replace('`', "``"))
}

fn quoted_name(name: &ObjectName) -> String {
    name.parts().iter().map(quoted).collect::<Vec<_>>().join(".")
}

fn quoted_list(idents: &[&Ident]) -> String {
    idents.iter().map(|i| quoted(i)).collect::<Vec<_>>().join(", ")
}

fn string_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use flink_ddl::{parse_statement, OptionList, Statement};

    fn canonical(sql: &str) -> String {
        let Statement::CreateTable(table) = parse_statement(sql).unwrap() else { panic!("{sql}") };
        let printed = canonical_create_table(&table);
        // The canonical form parses, and parsing it again gives the same print.
        let Statement::CreateTable(again) = parse_statement(&printed).unwrap_or_else(|e| panic!("{e}\n{printed}"))
        else {
            panic!()
        };
        assert_eq!(canonical_create_table(&again), printed);
        printed
    }

    #[test]
    fn kafka_table_in_confluent_shape() {
        let printed = canonical(
            "CREATE TABLE IF NOT EXISTS orders (id BIGINT PRIMARY KEY NOT ENFORCED, note STRING COMMENT 'it''s', \
             `raw` BYTES, ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL, tags ARRAY<STRING NOT NULL>, \
             r ROW<a STRING, `b c` INT> NOT NULL, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) \
             COMMENT 'orders' DISTRIBUTED BY (id) WITH ('value.format' = 'avro-registry', 'changelog.mode' = 'append')",
        );
        assert_eq!(
            printed,
            "CREATE TABLE `orders` (\n  \
               `id` BIGINT,\n  \
               `note` VARCHAR(2147483647) COMMENT 'it''s',\n  \
               `raw` VARBINARY(2147483647),\n  \
               `ts` TIMESTAMP(3) WITH LOCAL TIME ZONE METADATA FROM 'timestamp' VIRTUAL,\n  \
               `tags` ARRAY<VARCHAR(2147483647) NOT NULL>,\n  \
               `r` ROW<`a` VARCHAR(2147483647), `b c` INT> NOT NULL,\n  \
               PRIMARY KEY (`id`) NOT ENFORCED,\n  \
               WATERMARK FOR `ts` AS ts - INTERVAL '5' SECOND\n\
             )\n\
             COMMENT 'orders'\n\
             DISTRIBUTED BY HASH(`id`) INTO 6 BUCKETS\n\
             WITH (\n  \
               'changelog.mode' = 'append',\n  \
               'connector' = 'confluent',\n  \
               'value.format' = 'avro-registry'\n\
             )"
        );
    }

    #[test]
    fn secrets_stay_masked_and_queries_stay_as_written() {
        let printed = canonical(
            "CREATE OR REPLACE TABLE db.t (a INT) WITH ('connector' = 'mongodb', 'mongodb.password' = 'SECRET_x')",
        );
        assert!(printed.starts_with("CREATE TABLE `db`.`t` (\n  `a` INT\n)"), "{printed}");
        assert!(printed.contains("'mongodb.password' = '<REDACTED>'") && !printed.contains("SECRET_x"), "{printed}");
        let printed = canonical("CREATE TABLE t AS SELECT a FROM s WHERE 'token' = 'SECRET_q'");
        assert!(printed.ends_with("AS SELECT a FROM s WHERE 'token' = '<REDACTED>'"), "{printed}");
        assert!(!printed.contains("'connector'"), "{printed}");
    }

    /// The order of a table's options with the default connector, as the whole prints sorted
    /// would give it.
    fn by_whole_print(options: &OptionList) -> Vec<String> {
        let mut printed: Vec<String> = options.iter().map(SqlOption::to_string).collect();
        printed.push("'connector' = 'confluent'".to_owned());
        printed.sort();
        printed
    }

    fn shown_options(table: &CreateTable) -> Vec<String> {
        let printed = canonical_create_table(table);
        let list = printed.split_once("\nWITH (\n  ").expect("a WITH list").1.strip_suffix("\n)").unwrap();
        list.split(",\n  ").map(str::to_owned).collect()
    }

    #[test]
    fn with_the_default_connector_options_are_in_the_order_of_their_prints() {
        // Keys that order otherwise than their prints would (a blank or a `!` sorts before the
        // closing quote, a quote is doubled), a prefix of another key, a masked value.
        let keys = [
            "a",
            "a b",
            "a!",
            "a.b",
            "a'b",
            "a''",
            "a'",
            "conn",
            "connector.x",
            "connectoR",
            "c onnector",
            "Z",
            "password",
            "passwor",
            "é",
            "a\u{0}b",
            "",
        ];
        let mut table = CreateTable::new(ObjectName::from(Ident::from("t")));
        table.options = OptionList::from(keys.iter().map(|k| SqlOption::new(*k, format!("v-{k}"))).collect::<Vec<_>>());
        assert_eq!(shown_options(&table), by_whole_print(&table.options));
        assert!(shown_options(&table).contains(&"'password' = '<REDACTED>'".to_owned()));
    }

    proptest::proptest! {
        #[test]
        fn any_keys_with_the_default_connector_are_in_the_order_of_their_prints(
            keys in proptest::collection::hash_set("[ac'! .é]{0,4}", 0..12),
        ) {
            let mut table = CreateTable::new(ObjectName::from(Ident::from("t")));
            let options: Vec<SqlOption> = keys.iter().filter(|k| k.as_str() != "connector").map(|k| SqlOption::new(k.as_str(), "v")).collect();
            table.options = OptionList::from(options);
            proptest::prop_assert_eq!(shown_options(&table), by_whole_print(&table.options));
        }
    }
}
