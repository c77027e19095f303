//! `/lifecycles`: the state machines, as the code defines them.

use crate::AppState;
use crate::auth::Principal;
use axum::Json;
use orderhub_domain::lifecycle::{Lifecycle, Transition};
use orderhub_domain::{ORDER_LIFECYCLE, OrderStatus, TASK_LIFECYCLE, TaskStatus};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(lifecycles))
}

#[derive(Serialize, ToSchema)]
struct Machine<S: 'static + ToSchema> {
    initial: S,
    states: Vec<S>,
    transitions: Vec<Transition<S>>,
}

#[derive(Serialize, ToSchema)]
struct Lifecycles {
    order: Machine<OrderStatus>,
    task: Machine<TaskStatus>,
}

fn machine<S: Copy + ToSchema>(l: &Lifecycle<S>) -> Machine<S> {
    Machine {
        initial: l.initial,
        states: l.states.to_vec(),
        transitions: l.transitions.to_vec(),
    }
}

/// The order and task state machines: states, and for each edge who may
/// fire it (`operator`, `supplier`, or `automatic`).
#[utoipa::path(get, path = "/lifecycles", tag = "lifecycles", responses((status = 200, body = Lifecycles)))]
async fn lifecycles(_: Principal) -> Json<Lifecycles> {
    Json(Lifecycles {
        order: machine(&ORDER_LIFECYCLE),
        task: machine(&TASK_LIFECYCLE),
    })
}
