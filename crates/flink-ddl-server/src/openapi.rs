//! The server's own OpenAPI document (`GET /openapi.json`), generated from the handlers'
//! `#[utoipa::path]` annotations and the types of `schema`, so the code and the document change
//! together.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::connections;
use crate::schema;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "flink-ddl sql/v1",
        description = "Confluent's Flink SQL REST API for connections (sql/v1), served by flink-ddl over its catalog. Every /sql/v1 request needs an API key (HTTP Basic); errors are Failure documents.",
        license(name = "Apache-2.0")
    ),
    paths(
        connections::list_connections,
        connections::create_connection,
        connections::get_connection,
        connections::update_connection,
        connections::delete_connection,
    ),
    components(schemas(
        schema::ConnectionDocument,
        schema::ConnectionListDocument,
        schema::FailureDocument,
        schema::ConnectionRequest,
    )),
    modifiers(&ApiKeyScheme),
    tags((name = "Connections (sql/v1)", description = "Connections to external services: models, tools, tables."))
)]
struct ApiDoc;

/// HTTP Basic with an API key's id as the user and its secret as the password.
struct ApiKeyScheme;

impl Modify for ApiKeyScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Basic)
                    .description(Some("An API key from `flink-ddl api-key create`: its id as the user name, its secret as the password."))
                    .build(),
            ),
        );
    }
}

/// The OpenAPI document, as JSON.
pub fn openapi_document() -> String {
    ApiDoc::openapi().to_json().unwrap_or_else(|_| "{}".to_owned())
}
