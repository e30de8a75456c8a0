//! The five operations on connections. Each one authenticates (the `auth` layer, before
//! anything else), then checks the organization (404), the key's environments and role (403),
//! then builds the statement it stands for (`CREATE CONNECTION`, `DESCRIBE`, `DROP`), or calls
//! the session's REST-only method (a keyset page, the whole-credential update), and runs it
//! through a [`Session`] on tokio's blocking pool: every rule of the SQL shell applies unchanged.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use flink_ddl::{
    CreateConnection, DescribeConnection, DropConnection, Ident, ObjectName, OptionList, SqlOption, Statement,
};
use flink_ddl_exec::{
    ConnectionType, CredentialReplacement, Outcome, ResourceBase, Session, SessionContext, SqlV1Connection,
    SqlV1ConnectionList,
};
use serde::Deserialize;

use crate::api_key::Caller;
use crate::auth_data::credential_options;
use crate::blocking::run_blocking;
use crate::failure::{from_exec_error, Failure, Source};
use crate::page_token;
use crate::schema::{ConnectionDocument, ConnectionListDocument, ConnectionRequest, FailureDocument};
use crate::state::{AppState, Origin};

/// `page_size` when none is given.
pub const DEFAULT_PAGE_SIZE: usize = 10;
/// The largest `page_size`; larger ones are clamped to it.
pub const MAX_PAGE_SIZE: usize = 100;

const COLLECTION: &str = "/sql/v1/organizations/{organization_id}/environments/{environment_id}/connections";

/// The path of the collection.
#[derive(Debug, Deserialize)]
pub(crate) struct CollectionPath {
    organization_id: String,
    environment_id: String,
}

/// The path of one connection.
#[derive(Debug, Deserialize)]
pub(crate) struct ConnectionPath {
    organization_id: String,
    environment_id: String,
    connection_name: String,
}

/// The query of the listing; values are read by hand for errors that name the parameter.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Only connections of this type (`OPENAI`, any case).
    #[serde(rename = "spec.connection_type")]
    #[param(rename = "spec.connection_type", example = "OPENAI")]
    connection_type: Option<String>,
    /// Connections per page: default 10, clamped to 1..100.
    #[param(value_type = Option<i64>, example = 10)]
    page_size: Option<String>,
    /// The token of `metadata.next` of the page before.
    page_token: Option<String>,
}

/// Who may do what where: the organization must be the server's (404 otherwise), the key must
/// reach the environment and, to change anything, have an admin role (403 otherwise).
fn session_for(
    state: &AppState,
    caller: &Caller,
    organization: &str,
    environment: &str,
    changes: bool,
) -> Result<Session, Failure> {
    let config = &state.config;
    if !organization.eq_ignore_ascii_case(&config.organization) {
        return Err(Failure::not_found("no such organization on this server"));
    }
    if !caller.covers_environment(environment) {
        return Err(Failure::forbidden(format!(
            "API key \"{}\" may not reach environment \"{environment}\"",
            caller.key
        )));
    }
    if changes && !caller.role.may_change_connections() {
        return Err(Failure::forbidden(format!(
            "API key \"{}\" has role {}, which may only read connections; creating, updating and deleting need OrganizationAdmin, EnvironmentAdmin or FlinkAdmin",
            caller.key, caller.role
        )));
    }
    let context = SessionContext::new(environment, &config.cloud, &config.region).with_roles([caller.role]);
    Ok(Session::new(state.catalog.clone(), context))
}

fn resource_base(state: &AppState, origin: &Origin) -> ResourceBase {
    ResourceBase::new(origin.0.clone(), state.config.organization.clone())
}

/// List connections, ordered by name, one page at a time.
#[utoipa::path(
    get, path = COLLECTION, operation_id = "listSqlv1Connections", tag = "Connections (sql/v1)",
    params(
        ("organization_id" = String, Path, description = "The organization this server serves."),
        ("environment_id" = String, Path, description = "The environment."),
        ListQuery
    ),
    responses(
        (status = 200, description = "One page of connections.", body = ConnectionListDocument),
        (status = 400, description = "A bad query parameter.", body = FailureDocument),
        (status = 401, description = "No valid API key.", body = FailureDocument),
        (status = 403, description = "The key may not reach the environment.", body = FailureDocument),
        (status = 404, description = "Another organization.", body = FailureDocument),
        (status = 500, description = "The server failed.", body = FailureDocument),
        (status = 503, description = "The catalog is unavailable.", body = FailureDocument),
    ),
    security(("api_key" = []))
)]
pub(crate) async fn list_connections(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Extension(origin): Extension<Origin>,
    Path(path): Path<CollectionPath>,
    Query(query): Query<ListQuery>,
) -> Result<Response, Failure> {
    let session = session_for(&state, &caller, &path.organization_id, &path.environment_id, false)?;
    let connection_type = match query.connection_type.as_deref().filter(|t| !t.is_empty()) {
        None => None,
        Some(name) => Some(ConnectionType::from_name(name).ok_or_else(|| {
            Failure::bad_request(
                "invalid_filter",
                format!("spec.connection_type must be one of {}", ConnectionType::all_names()),
            )
            .with_source(Source::Parameter("spec.connection_type"))
        })?),
    };
    let page_size = match query.page_size.as_deref().filter(|s| !s.is_empty()) {
        None => DEFAULT_PAGE_SIZE,
        Some(text) => {
            let size: i128 = text.trim().parse().map_err(|_| {
                Failure::bad_request("invalid_parameter", "page_size must be an integer (it is clamped to 1..100)")
                    .with_source(Source::Parameter("page_size"))
            })?;
            usize::try_from(size.clamp(1, MAX_PAGE_SIZE as i128)).unwrap_or(DEFAULT_PAGE_SIZE)
        }
    };
    let after = match query.page_token.as_deref().filter(|t| !t.is_empty()) {
        None => None,
        Some(token) => Some(page_token::decode(token).ok_or_else(|| {
            Failure::bad_request("invalid_page_token", "page_token was not made by this server; start again without it")
                .with_source(Source::Parameter("page_token"))
        })?),
    };
    let page = run_blocking(move || session.list_connections_page(after.as_deref(), connection_type, page_size))
        .await?
        .map_err(|e| from_exec_error(&e))?;

    let base = resource_base(&state, &origin);
    let collection = base.connections_url(&path.environment_id);
    let page_url = |token: Option<String>| {
        let mut query = vec![format!("page_size={page_size}")];
        if let Some(t) = connection_type {
            query.push(format!("spec.connection_type={}", t.label()));
        }
        if let Some(token) = token {
            query.push(format!("page_token={token}"));
        }
        format!("{collection}?{}", query.join("&"))
    };
    let self_url = page_url(query.page_token.clone().filter(|t| page_token::decode(t).is_some()));
    let next_url =
        page.has_more.then(|| page.connections.last().map(|c| page_url(Some(page_token::encode(&c.name))))).flatten();
    Ok(Json(SqlV1ConnectionList::page(&page.connections, &base, self_url, next_url)).into_response())
}

/// Read a connection.
#[utoipa::path(
    get, path = "/sql/v1/organizations/{organization_id}/environments/{environment_id}/connections/{connection_name}",
    operation_id = "getSqlv1Connection", tag = "Connections (sql/v1)",
    params(
        ("organization_id" = String, Path, description = "The organization this server serves."),
        ("environment_id" = String, Path, description = "The environment."),
        ("connection_name" = String, Path, description = "The connection's name."),
    ),
    responses(
        (status = 200, description = "The connection.", body = ConnectionDocument),
        (status = 400, description = "A malformed path.", body = FailureDocument),
        (status = 401, description = "No valid API key.", body = FailureDocument),
        (status = 403, description = "The key may not reach the environment.", body = FailureDocument),
        (status = 404, description = "No such connection in this cloud and region, or another organization.", body = FailureDocument),
        (status = 500, description = "The server failed.", body = FailureDocument),
        (status = 503, description = "The catalog is unavailable.", body = FailureDocument),
    ),
    security(("api_key" = []))
)]
pub(crate) async fn get_connection(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Extension(origin): Extension<Origin>,
    Path(path): Path<ConnectionPath>,
) -> Result<Response, Failure> {
    let session = session_for(&state, &caller, &path.organization_id, &path.environment_id, false)?;
    let statement =
        Statement::DescribeConnection(DescribeConnection { extended: false, name: name_of(&path.connection_name) });
    let outcome = run_blocking(move || session.execute(&statement)).await?.map_err(|e| from_exec_error(&e))?;
    connection_response(&state, &origin, &outcome, StatusCode::OK)
}

/// Create a connection.
#[utoipa::path(
    post, path = COLLECTION, operation_id = "createSqlv1Connection", tag = "Connections (sql/v1)",
    params(
        ("organization_id" = String, Path, description = "The organization this server serves."),
        ("environment_id" = String, Path, description = "The environment."),
    ),
    request_body(content = ConnectionRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "Created.", body = ConnectionDocument,
            headers(("Location" = String, description = "The connection's URL."))),
        (status = 400, description = "The body is not a JSON object, or auth_data is not base64 of a JSON object of strings.", body = FailureDocument),
        (status = 401, description = "No valid API key.", body = FailureDocument),
        (status = 403, description = "The key's role or environments do not allow it.", body = FailureDocument),
        (status = 404, description = "Another organization.", body = FailureDocument),
        (status = 408, description = "The body did not arrive in time.", body = FailureDocument),
        (status = 409, description = "The name is taken in the environment.", body = FailureDocument),
        (status = 413, description = "The body is over 1 MiB.", body = FailureDocument),
        (status = 415, description = "The body is not application/json.", body = FailureDocument),
        (status = 422, description = "The connection breaks a rule (names the rule, never a value).", body = FailureDocument),
        (status = 500, description = "The server failed.", body = FailureDocument),
        (status = 503, description = "The catalog is unavailable.", body = FailureDocument),
    ),
    security(("api_key" = []))
)]
pub(crate) async fn create_connection(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Extension(origin): Extension<Origin>,
    Path(path): Path<CollectionPath>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    let session = session_for(&state, &caller, &path.organization_id, &path.environment_id, true)?;
    let request = read_request(&headers, &body)?;
    let name = request.name.as_deref().filter(|n| !n.is_empty()).ok_or_else(|| {
        Failure::unprocessable("`name` is required and may not be empty")
            .with_source(Source::Pointer("/name".to_owned()))
    })?;
    let spec = request.spec.as_ref();
    let mut options = OptionList::new();
    if let Some(connection_type) = spec.and_then(|s| s.connection_type.as_deref()) {
        options.push(SqlOption::new("type", connection_type));
    }
    if let Some(endpoint) = spec.and_then(|s| s.endpoint.as_deref()) {
        options.push(SqlOption::new("endpoint", endpoint));
    }
    let auth_data = spec.and_then(|s| s.auth_data.as_ref());
    for option in
        credential_options(auth_data.and_then(|a| a.kind.as_deref()), auth_data.and_then(|a| a.data.as_deref()))?
    {
        options.push(option);
    }
    let statement = Statement::CreateConnection(CreateConnection {
        or_replace: false,
        if_not_exists: false,
        name: name_of(name),
        comment: None,
        options,
    });
    let outcome = run_blocking(move || session.execute(&statement)).await?.map_err(|e| from_exec_error(&e))?;
    connection_response(&state, &origin, &outcome, StatusCode::CREATED)
}

/// Replace a connection's credentials.
#[utoipa::path(
    put, path = "/sql/v1/organizations/{organization_id}/environments/{environment_id}/connections/{connection_name}",
    operation_id = "updateSqlv1Connection", tag = "Connections (sql/v1)",
    params(
        ("organization_id" = String, Path, description = "The organization this server serves."),
        ("environment_id" = String, Path, description = "The environment."),
        ("connection_name" = String, Path, description = "The connection's name."),
    ),
    request_body(content = ConnectionRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Updated: the credentials were replaced whole.", body = ConnectionDocument),
        (status = 400, description = "The body is not a JSON object, or auth_data is not base64 of a JSON object of strings.", body = FailureDocument),
        (status = 401, description = "No valid API key.", body = FailureDocument),
        (status = 403, description = "The key's role or environments do not allow it.", body = FailureDocument),
        (status = 404, description = "No such connection in this cloud and region, or another organization.", body = FailureDocument),
        (status = 408, description = "The body did not arrive in time.", body = FailureDocument),
        (status = 409, description = "metadata.resource_version is not the stored one.", body = FailureDocument),
        (status = 413, description = "The body is over 1 MiB.", body = FailureDocument),
        (status = 415, description = "The body is not application/json.", body = FailureDocument),
        (status = 422, description = "The name differs from the path's, type or endpoint differ from the stored ones, or the credentials break a rule.", body = FailureDocument),
        (status = 500, description = "The server failed.", body = FailureDocument),
        (status = 503, description = "The catalog is unavailable.", body = FailureDocument),
    ),
    security(("api_key" = []))
)]
pub(crate) async fn update_connection(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Extension(origin): Extension<Origin>,
    Path(path): Path<ConnectionPath>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    let session = session_for(&state, &caller, &path.organization_id, &path.environment_id, true)?;
    let request = read_request(&headers, &body)?;
    if request.name.as_deref() != Some(path.connection_name.as_str()) {
        return Err(Failure::unprocessable("`name` must be given and equal the connection name in the path")
            .with_source(Source::Pointer("/name".to_owned())));
    }
    let expected_version = match request.metadata.as_ref().and_then(|m| m.resource_version.as_deref()) {
        None | Some("") => None,
        Some(version) => Some(version.parse::<u64>().map_err(|_| {
            Failure::unprocessable("metadata.resource_version must be a version this server gave (a decimal number)")
                .with_source(Source::Pointer("/metadata/resource_version".to_owned()))
        })?),
    };
    let spec = request.spec.as_ref();
    let mut options = OptionList::new();
    if let Some(connection_type) = spec.and_then(|s| s.connection_type.as_deref()) {
        options.push(SqlOption::new("type", connection_type));
    }
    if let Some(endpoint) = spec.and_then(|s| s.endpoint.as_deref()) {
        options.push(SqlOption::new("endpoint", endpoint));
    }
    let auth_data = spec.and_then(|s| s.auth_data.as_ref());
    for option in
        credential_options(auth_data.and_then(|a| a.kind.as_deref()), auth_data.and_then(|a| a.data.as_deref()))?
    {
        options.push(option);
    }
    let name = path.connection_name.clone();
    let outcome = run_blocking(move || {
        session.replace_credentials(CredentialReplacement { name: &name, options: &options, expected_version })
    })
    .await?
    .map_err(|e| from_exec_error(&e))?;
    connection_response(&state, &origin, &outcome, StatusCode::OK)
}

/// Delete a connection.
#[utoipa::path(
    delete, path = "/sql/v1/organizations/{organization_id}/environments/{environment_id}/connections/{connection_name}",
    operation_id = "deleteSqlv1Connection", tag = "Connections (sql/v1)",
    params(
        ("organization_id" = String, Path, description = "The organization this server serves."),
        ("environment_id" = String, Path, description = "The environment."),
        ("connection_name" = String, Path, description = "The connection's name."),
    ),
    responses(
        (status = 200, description = "Deleted: the connection as it was, with metadata.deleted_at.", body = ConnectionDocument),
        (status = 400, description = "A malformed path.", body = FailureDocument),
        (status = 401, description = "No valid API key.", body = FailureDocument),
        (status = 403, description = "The key's role or environments do not allow it.", body = FailureDocument),
        (status = 404, description = "No such connection in this cloud and region, or another organization.", body = FailureDocument),
        (status = 409, description = "Tables use the connection (they are named).", body = FailureDocument),
        (status = 500, description = "The server failed.", body = FailureDocument),
        (status = 503, description = "The catalog is unavailable.", body = FailureDocument),
    ),
    security(("api_key" = []))
)]
pub(crate) async fn delete_connection(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Extension(origin): Extension<Origin>,
    Path(path): Path<ConnectionPath>,
) -> Result<Response, Failure> {
    let session = session_for(&state, &caller, &path.organization_id, &path.environment_id, true)?;
    let statement =
        Statement::DropConnection(DropConnection { if_exists: false, name: name_of(&path.connection_name) });
    let outcome = run_blocking(move || session.execute(&statement)).await?.map_err(|e| from_exec_error(&e))?;
    connection_response(&state, &origin, &outcome, StatusCode::OK)
}

/// A REST name is one name part, whatever its characters (SQL would need backticks).
fn name_of(name: &str) -> ObjectName {
    ObjectName::simple(Ident::new(name))
}

/// The body as a [`ConnectionRequest`]: 400 when there is none, 415 unless JSON, 400 unless a JSON
/// object, 422 naming the field whose type is wrong (serde's own message is not used: it quotes
/// the value).
fn read_request(headers: &HeaderMap, body: &Bytes) -> Result<ConnectionRequest, Failure> {
    if body.is_empty() {
        return Err(Failure::bad_request("invalid_json", "a JSON body (a Connection) is required"));
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .is_some_and(|v| v == "application/json" || (v.starts_with("application/") && v.ends_with("+json")));
    if !json {
        return Err(Failure::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the body as Content-Type: application/json",
        ));
    }
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| Failure::bad_request("invalid_json", "the body is not valid JSON"))?;
    if !value.is_object() {
        return Err(Failure::bad_request("invalid_json", "the body must be a JSON object (a Connection)"));
    }
    serde_path_to_error::deserialize(value).map_err(|e: serde_path_to_error::Error<serde_json::Error>| {
        let path = e.path().to_string();
        let pointer = format!("/{}", path.replace('.', "/"));
        Failure::unprocessable(format!("`{path}` does not have the type the Connection schema gives it"))
            .with_source(Source::Pointer(pointer))
    })
}

/// The `Connection` document of a created, read, updated or deleted connection.
fn connection_response(
    state: &AppState,
    origin: &Origin,
    outcome: &Outcome,
    status: StatusCode,
) -> Result<Response, Failure> {
    let base = resource_base(state, origin);
    let (info, deleted_at) = match outcome {
        Outcome::Created { connection, .. }
        | Outcome::Altered { connection }
        | Outcome::Described { connection, .. } => (connection, None),
        Outcome::Dropped { connection, deleted_at } => (connection, Some(*deleted_at)),
        _ => return Err(Failure::internal()),
    };
    let mut response = (status, Json(SqlV1Connection::new(info, deleted_at, &base))).into_response();
    if status == StatusCode::CREATED {
        if let Ok(location) = HeaderValue::from_str(&base.connection_url(&info.scope.environment, &info.name)) {
            response.headers_mut().insert(header::LOCATION, location);
        }
    }
    Ok(response)
}
