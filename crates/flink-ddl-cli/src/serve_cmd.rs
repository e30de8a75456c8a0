//! `flink-ddl serve`: the `sql/v1` server (`flink-ddl-server`) over the catalog the global
//! options name, on tokio. Plain HTTP only on a loopback address unless `--insecure-http`;
//! HTTPS with `--tls-cert` and `--tls-key`. One log line per request on stderr. SIGTERM and
//! Ctrl-C stop accepting, finish the requests in flight, and exit 0.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use flink_ddl_exec::{Catalog, Clock, Role, SessionContext, SystemClock};
use flink_ddl_server::{plain_http_allowed, router, serve, shutdown_signal, tls_config, ServerConfig, Transport};

use crate::catalog_choice::open_catalog;
use crate::store_args::StoreArgs;

/// `serve`'s options.
#[derive(Args, Debug)]
pub(crate) struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the address is logged)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The organization id the API paths must name (a UUID, as in Confluent Cloud)
    #[arg(long, value_name = "ORG_ID", required = true)]
    organization: String,
    /// The cloud every connection lives in
    #[arg(long, value_name = "CLOUD", default_value = SessionContext::DEFAULT_CLOUD)]
    cloud: String,
    /// The region every connection lives in
    #[arg(long, value_name = "REGION", default_value = SessionContext::DEFAULT_REGION)]
    region: String,
    /// PEM certificate chain: serve HTTPS (with --tls-key)
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// PEM private key of --tls-cert
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Serve plain HTTP on a non-loopback address (credentials then cross the network in clear)
    #[arg(long)]
    insecure_http: bool,
    /// The scheme://host[:port] resource URLs start with [default: the request's]
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// At start, create an OrganizationAdmin API key and write it as JSON
    /// ({"api_key", "api_secret"}, mode 0600) to PATH: a key for a fresh (or --memory) catalog
    #[arg(long, value_name = "PATH")]
    new_api_key_file: Option<PathBuf>,
}

pub(crate) fn run(args: ServeArgs, store: &StoreArgs) -> ExitCode {
    match run_server(args, store) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            report!("error: {}", crate::output::escape_message(&message));
            ExitCode::from(1)
        }
    }
}

fn run_server(args: ServeArgs, store: &StoreArgs) -> Result<(), String> {
    let transport = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Transport::Tls(tls_config(cert, key).map_err(|e| e.to_string())?),
        _ => {
            plain_http_allowed(args.listen, args.insecure_http)?;
            Transport::Plain
        }
    };
    let catalog = open_catalog(store)?;
    tracing_subscriber::fmt().with_writer(std::io::stderr).with_target(false).with_ansi(false).init();
    let mut config = ServerConfig::new(args.organization);
    config.cloud = args.cloud;
    config.region = args.region;
    config.public_origin = args.public_url.map(|u| u.trim_end_matches('/').to_owned());
    let app = router(catalog.clone(), config);
    let new_api_key_file = args.new_api_key_file;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        // Written once the port is bound: a script that waits for the file finds the server up.
        if let Some(path) = &new_api_key_file {
            write_new_api_key(catalog.as_ref(), path)?;
        }
        let scheme = if matches!(transport, Transport::Tls(_)) { "https" } else { "http" };
        tracing::info!("listening on {scheme}://{address}");
        serve(listener, app, transport, shutdown_signal()).await.map_err(|e| e.to_string())?;
        tracing::info!("stopped");
        Ok(())
    })
}

/// Creates an OrganizationAdmin key and writes it to `path` (mode 0600), never to the log.
fn write_new_api_key(catalog: &dyn Catalog, path: &std::path::Path) -> Result<(), String> {
    let issued = flink_ddl_server::issue_api_key(
        Role::OrganizationAdmin,
        Vec::new(),
        "serve --new-api-key-file",
        SystemClock.now(),
    )
    .map_err(|e| e.to_string())?;
    let key = issued.record.key.clone();
    catalog.insert_api_key(issued.record).map_err(|e| e.to_string())?;
    let json = serde_json::json!({"api_key": key, "api_secret": issued.secret.expose_secret()}).to_string();
    let _ = std::fs::remove_file(path);
    write_private_file(path, json.as_bytes()).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Writes a new file readable by its owner only.
fn write_private_file(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
