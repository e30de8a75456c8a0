//! The catalog's location: a libpq connection URL (`postgres://` or `postgresql://`), kept with
//! its password, shown only without it.
//!
//! `postgres://user:password@host:port/dbname?param=value&...` with libpq's parameters
//! (`connect_timeout`, `application_name`, `options`, `sslmode`, `keepalives`, `host`, `port`,
//! `target_session_attrs`, ...); several hosts are `host1:5432,host2:5432`. Without a password in
//! the URL, `$PGPASSWORD` is used, as libpq does, so that the password need not be on a command
//! line. `sslmode` is `disable`, `allow` or `prefer` (this build speaks no TLS to PostgreSQL: a
//! connection is in plain text, as libpq's is when built without SSL); `require`, `verify-ca` and
//! `verify-full` are refused with a clear error rather than quietly connecting without TLS.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use zeroize::Zeroizing;

/// What replaces a password wherever a URL is shown.
const REDACTED: &str = "<REDACTED>";

/// How long opening a connection may take when the URL does not say (`connect_timeout`).
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A parsed PostgreSQL URL. `Display` and `Debug` show it with the password replaced by
/// `<REDACTED>`; the password reaches only the connection's handshake.
///
/// ```
/// use flink_ddl_postgres::PostgresUrl;
/// let url: PostgresUrl = "postgres://flink:s3cret@db.internal:5433/catalog?sslmode=disable".parse()?;
/// assert_eq!(url.to_string(), "postgres://flink:<REDACTED>@db.internal:5433/catalog?sslmode=disable");
/// assert!(!format!("{url:?}").contains("s3cret"));
/// let refused = "postgresql://u@h/db?sslmode=verify-full".parse::<PostgresUrl>().unwrap_err();
/// assert!(refused.to_string().contains("sslmode=verify-full"));
/// # Ok::<(), flink_ddl_postgres::InvalidUrl>(())
/// ```
#[derive(Clone)]
pub struct PostgresUrl {
    /// The URL without its password: what every message shows.
    shown: String,
    config: postgres::Config,
}

/// A URL that is not a PostgreSQL URL this catalog can use. The message shows the URL with its
/// password replaced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{url} is not a usable PostgreSQL URL: {reason}")]
pub struct InvalidUrl {
    /// The URL, password replaced.
    pub url: String,
    /// What is wrong, and what to do.
    pub reason: String,
}

impl PostgresUrl {
    /// True when `location` names a PostgreSQL catalog (`postgres://` or `postgresql://`).
    pub fn is_postgres_url(location: &str) -> bool {
        location.starts_with("postgres://") || location.starts_with("postgresql://")
    }

    /// Parses `url`, taking the password from `$PGPASSWORD` when the URL has none.
    pub fn parse(url: &str) -> Result<Self, InvalidUrl> {
        let password = std::env::var("PGPASSWORD").ok().map(Zeroizing::new);
        Self::parse_with_password(url, password.as_deref().map(String::as_str))
    }

    /// Parses `url`; `fallback_password` is used when the URL has none (`$PGPASSWORD` for
    /// [`PostgresUrl::parse`]).
    pub fn parse_with_password(url: &str, fallback_password: Option<&str>) -> Result<Self, InvalidUrl> {
        let shown = redact_url(url);
        let invalid = |reason: String| InvalidUrl { url: shown.clone(), reason };
        if !Self::is_postgres_url(url) {
            return Err(invalid("it does not start with postgres:// or postgresql://".to_owned()));
        }
        // tokio-postgres knows `disable`, `prefer` and `require`; libpq's `allow` is `prefer`
        // without TLS here, and the verifying modes are refused below. The parameter is taken
        // out before parsing and applied after.
        let (without_sslmode, sslmode) = take_query_param(url, "sslmode");
        let ssl_mode = match sslmode.as_deref() {
            None | Some("disable" | "allow" | "prefer") => postgres::config::SslMode::Disable,
            Some(mode @ ("require" | "verify-ca" | "verify-full")) => {
                return Err(invalid(format!(
                    "sslmode={mode}: this flink-ddl speaks no TLS to PostgreSQL; reach the server over a \
                     TLS tunnel (stunnel, an SSH tunnel, a proxy sidecar) and use sslmode=disable"
                )))
            }
            Some(other) => {
                return Err(invalid(format!(
                    "sslmode={other} is not one of disable, allow, prefer, require, verify-ca, verify-full"
                )))
            }
        };
        let mut config = postgres::Config::from_str(&without_sslmode).map_err(|e| {
            // The parser's messages name the option, never its value.
            invalid(e.to_string())
        })?;
        config.ssl_mode(ssl_mode);
        if config.get_hosts().is_empty() {
            return Err(invalid("it names no host (postgres://HOST[:PORT]/DATABASE)".to_owned()));
        }
        if config.get_password().is_none() {
            if let Some(password) = fallback_password {
                config.password(password);
            }
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(DEFAULT_CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("flink-ddl");
        }
        // A server that vanishes (a host down, a network cut) fails the statements in flight
        // within seconds instead of leaving them waiting for TCP's own minutes-long timeout.
        if config.get_tcp_user_timeout().is_none() {
            config.tcp_user_timeout(Duration::from_secs(30));
        }
        config.keepalives_idle(Duration::from_secs(30));
        Ok(PostgresUrl { shown, config })
    }

    /// The database name, if the URL gives one.
    pub fn dbname(&self) -> Option<&str> {
        self.config.get_dbname()
    }

    /// The connection settings (password included), for opening connections.
    pub(crate) fn config(&self) -> &postgres::Config {
        &self.config
    }
}

impl FromStr for PostgresUrl {
    type Err = InvalidUrl;

    fn from_str(url: &str) -> Result<Self, Self::Err> {
        PostgresUrl::parse(url)
    }
}

impl fmt::Display for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

impl fmt::Debug for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PostgresUrl").field(&self.shown).finish()
    }
}

/// `url` with every password replaced by `<REDACTED>`: the one in the user-info part
/// (`user:password@`) and any `password=` parameter. Text that is not a URL comes back as it is.
/// When in doubt it hides more: the user-info part is taken to end at the *last* `@`, so a
/// password holding an unencoded `@`, `/` or `?` is hidden whole.
///
/// ```
/// use flink_ddl_postgres::redact_url;
/// assert_eq!(redact_url("postgresql://u:p%40ss@h/db"), "postgresql://u:<REDACTED>@h/db");
/// assert_eq!(redact_url("postgres://u:p@ss/w?rd@h/db"), "postgres://u:<REDACTED>@h/db");
/// assert_eq!(redact_url("postgres://h/db?password=pw&user=u"), "postgres://h/db?password=<REDACTED>&user=u");
/// assert_eq!(redact_url("catalog.db"), "catalog.db");
/// ```
pub fn redact_url(url: &str) -> String {
    let Some(prefix) = ["postgres://", "postgresql://"].into_iter().find(|p| url.starts_with(p)) else {
        return url.to_owned();
    };
    let rest = &url[prefix.len()..];
    let mut out = String::from(prefix);
    let after_userinfo = match rest.rfind('@') {
        Some(at) => {
            let userinfo = &rest[..at];
            match userinfo.split_once(':') {
                Some((user, _password)) => {
                    out.push_str(user);
                    out.push(':');
                    out.push_str(REDACTED);
                }
                None => out.push_str(userinfo),
            }
            out.push('@');
            &rest[at + 1..]
        }
        None => rest,
    };
    match after_userinfo.split_once('?') {
        Some((path, query)) => {
            out.push_str(path);
            out.push('?');
            let params: Vec<String> = query
                .split('&')
                .map(|param| match param.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}={REDACTED}"),
                    _ => param.to_owned(),
                })
                .collect();
            out.push_str(&params.join("&"));
        }
        None => out.push_str(after_userinfo),
    }
    out
}

/// `url` without its `key=...` query parameters, and the last value given for `key`.
fn take_query_param(url: &str, key: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else { return (url.to_owned(), None) };
    let mut value = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|param| match param.split_once('=') {
            Some((k, v)) if k == key => {
                value = Some(v.to_owned());
                false
            }
            _ => true,
        })
        .collect();
    let url = if kept.is_empty() { base.to_owned() } else { format!("{base}?{}", kept.join("&")) };
    (url, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show() {
        for (url, shown) in [
            ("postgres://u:pw@h:5432/db", "postgres://u:<REDACTED>@h:5432/db"),
            ("postgresql://u@h/db", "postgresql://u@h/db"),
            ("postgres://h/db", "postgres://h/db"),
            (
                "postgres://u:pw@h1:1,h2:2/db?application_name=x",
                "postgres://u:<REDACTED>@h1:1,h2:2/db?application_name=x",
            ),
            ("postgres://h/db?PASSWORD=pw", "postgres://h/db?PASSWORD=<REDACTED>"),
            ("postgres://u:a:b@h/db", "postgres://u:<REDACTED>@h/db"),
        ] {
            assert_eq!(redact_url(url), shown, "{url}");
        }
        let url = PostgresUrl::parse_with_password("postgres://u@h/db", Some("from-env")).unwrap();
        assert_eq!(url.config().get_password(), Some(&b"from-env"[..]));
        assert!(!format!("{url} {url:?}").contains("from-env"));
        let url = PostgresUrl::parse_with_password("postgres://u:given@h/db", Some("from-env")).unwrap();
        assert_eq!(url.config().get_password(), Some(&b"given"[..]));
    }

    #[test]
    fn sslmode_is_handled_or_refused_clearly() {
        for mode in ["disable", "allow", "prefer"] {
            let url =
                PostgresUrl::parse_with_password(&format!("postgres://h/db?sslmode={mode}&user=u"), None).unwrap();
            assert_eq!(url.config().get_ssl_mode(), postgres::config::SslMode::Disable);
            assert_eq!(url.config().get_user(), Some("u"));
        }
        for mode in ["require", "verify-ca", "verify-full"] {
            let err =
                PostgresUrl::parse_with_password(&format!("postgres://u:pw@h/db?sslmode={mode}"), None).unwrap_err();
            assert!(err.to_string().contains("TLS tunnel"), "{err}");
            assert!(!err.to_string().contains("pw@"), "{err}");
        }
        let err = PostgresUrl::parse_with_password("postgres://h/db?sslmode=bogus", None).unwrap_err();
        assert!(err.reason.contains("sslmode=bogus"), "{err}");
    }

    #[test]
    fn bad_urls_say_why_without_the_password() {
        let err = PostgresUrl::parse_with_password("postgres://u:hunter2@h/db?frobnicate=1", None).unwrap_err();
        assert!(err.to_string().contains("frobnicate"), "{err}");
        assert!(!err.to_string().contains("hunter2"), "{err}");
        let err = PostgresUrl::parse_with_password("postgres://u:hunter2@h:notaport/db", None).unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert!(PostgresUrl::parse_with_password("mysql://h/db", None).is_err());
        let url = PostgresUrl::parse_with_password("postgres://h/db", None).unwrap();
        assert_eq!(url.config().get_connect_timeout(), Some(&DEFAULT_CONNECT_TIMEOUT));
        assert_eq!(url.dbname(), Some("db"));
    }
}
