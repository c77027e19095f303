//! A rule as the API and the form carry it, checked.

use super::{Condition, RuleAction, RuleTrigger};
use crate::ErrorCode;
use crate::validate::{ValidationError, limits, required_text};
use serde::Deserialize;
use utoipa::ToSchema;

/// Conditions one rule may have.
pub const MAX_CONDITIONS: usize = 20;
/// Actions one rule may have.
pub const MAX_ACTIONS: usize = 10;

/// `POST /rules` and `PUT /rules/{id}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRule {
    pub name: String,
    pub trigger: RuleTrigger,
    /// All must hold; none: the rule fires on every trigger.
    #[serde(default)]
    pub conditions: Vec<Condition>,
    pub actions: Vec<RuleAction>,
    /// Default `true`.
    #[serde(default)]
    pub active: Option<bool>,
    /// Default 0; lower fires first.
    #[serde(default)]
    pub position: Option<i64>,
}

fn text(at: String, value: &str) -> Result<String, ValidationError> {
    required_text(&at, value, limits::TEXT)
}

impl NewRule {
    /// Trims and checks every part, naming the one refused
    /// (`conditions[1].value`, `actions[0]`).
    pub fn validate(self) -> Result<NewRule, ValidationError> {
        let name = required_text("name", &self.name, limits::NAME)?;
        if self.conditions.len() > MAX_CONDITIONS {
            return Err(ValidationError::new(
                "conditions",
                ErrorCode::TooMany,
                format!("at most {MAX_CONDITIONS} conditions"),
            ));
        }
        if self.actions.is_empty() || self.actions.len() > MAX_ACTIONS {
            return Err(ValidationError::new(
                "actions",
                ErrorCode::InvalidValue,
                format!("a rule does 1 to {MAX_ACTIONS} things"),
            ));
        }
        let conditions = self
            .conditions
            .into_iter()
            .enumerate()
            .map(|(i, c)| c.validate(&format!("conditions[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        let trigger = self.trigger;
        let actions = self
            .actions
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                let at = format!("actions[{i}]");
                if !a.fits(trigger) {
                    return Err(ValidationError::new(
                        at,
                        ErrorCode::InvalidValue,
                        format!("this action does not follow the {trigger} trigger"),
                    ));
                }
                Ok(match a {
                    RuleAction::Hold { reason } => RuleAction::Hold {
                        reason: text(at, &reason)?,
                    },
                    RuleAction::Notify { message } => RuleAction::Notify {
                        message: text(at, &message)?,
                    },
                    RuleAction::RouteToCategory { category } => RuleAction::RouteToCategory {
                        category: required_text(&at, &category, limits::NAME)?,
                    },
                    RuleAction::AddTag { tag } => RuleAction::AddTag {
                        tag: crate::model::tags::normalize(&at, vec![tag])?
                            .pop()
                            .ok_or_else(|| {
                                ValidationError::new(&at, ErrorCode::Required, "give the tag")
                            })?,
                    },
                    RuleAction::RouteToSupplier { supplier } => RuleAction::RouteToSupplier {
                        supplier: required_text(&at, &supplier, limits::NAME)?,
                    },
                    other => other,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(NewRule {
            name,
            trigger,
            conditions,
            actions,
            active: Some(self.active.unwrap_or(true)),
            position: Some(self.position.unwrap_or(0)),
        })
    }
}
