//! The OpenAPI 3.1 document, generated from the handlers' annotations and
//! the domain types, and the browsable docs page (Swagger UI, vendored).

use axum::Router;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{InfoBuilder, OpenApi, ServerBuilder};
use utoipa_swagger_ui::SwaggerUi;

/// Adds what the handlers do not say: title, server prefix, auth scheme.
pub fn finish(mut doc: OpenApi) -> OpenApi {
    doc.info = InfoBuilder::new()
        .title("orderhub")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "Order collaboration hub: orders in from every channel, supplier tasks out. \
             Every error is application/problem+json with a stable `code`.",
        ))
        .build();
    doc.servers = Some(vec![ServerBuilder::new().url("/api/v1").build()]);
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
    );
    doc.security = Some(vec![utoipa::openapi::security::SecurityRequirement::new(
        "bearer",
        Vec::<String>::new(),
    )]);
    doc
}

/// `/api/openapi.json` and `/api/docs`.
pub fn docs(doc: OpenApi) -> Router {
    SwaggerUi::new("/api/docs")
        .url("/api/openapi.json", finish(doc))
        .into()
}
