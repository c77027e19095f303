//! Notifications (系统自动提醒): who is told what, on which channel.
//!
//! An event that someone must act on ([`NOTICES`]) becomes a notice for an
//! audience: the supplier whose task it is, or the seller's staff. Each
//! person of that audience gets it in the in-app inbox and, unless they
//! turned the topic off, by e-mail; each group robot (DingTalk, Feishu,
//! WeCom) the audience set up for the topic gets it too. The store writes
//! these deliveries in the event's transaction, so a notice is never lost
//! and never written twice; a worker sends them.

mod form;
mod quiet;

pub use form::{
    NewRobot, NotifySettings, Robot, RobotFields, RobotPatch, SettingsPatch, language, topics,
};
pub use quiet::QuietHours;

use crate::model::EventKind;

vocabulary!(
    /// What a notification is about; people and robots choose topics.
    Topic {
        /// A task was given to a supplier (new, or moved to it).
        TaskAssigned => "task_assigned",
        /// A task is late: not accepted, or not shipped by its due date.
        TaskOverdue => "task_overdue",
        /// The seller changed a task the supplier must accept or refuse.
        Amendment => "amendment",
        /// An after-sales case was opened on an order line.
        CaseOpened => "case_opened",
        /// An order is held by a review check, or could not be routed or
        /// sent back to its marketplace.
        OrderAttention => "order_attention",
        /// An order waits for someone's approval.
        ApprovalWaiting => "approval_waiting",
        /// Once a day: what is open, late and waiting.
        Digest => "digest",
    }
);

vocabulary!(
    /// Where a notification goes.
    NoticeChannel {
        /// The in-app inbox (always, for people).
        Inbox => "inbox",
        /// E-mail to the person's sign-in address.
        Email => "email",
        /// A DingTalk group's custom robot (钉钉自定义机器人).
        DingTalk => "dingtalk",
        /// A Feishu/Lark group's custom bot (飞书自定义机器人).
        Feishu => "feishu",
        /// A WeCom group robot (企业微信群机器人).
        WeCom => "wecom",
    }
);

impl NoticeChannel {
    /// The group robots, in menu order.
    pub const ROBOTS: [NoticeChannel; 3] = [
        NoticeChannel::DingTalk,
        NoticeChannel::Feishu,
        NoticeChannel::WeCom,
    ];

    pub fn is_robot(self) -> bool {
        Self::ROBOTS.contains(&self)
    }
}

vocabulary!(
    /// Who a notice is for.
    Audience {
        /// The people and robots of the supplier whose task it is.
        Supplier => "supplier",
        /// The seller's admins and operators, and the seller's robots.
        Staff => "staff",
    }
);

impl Audience {
    /// Who a robot or person of `supplier` (none: the seller's) is told
    /// about.
    pub fn of(supplier: Option<&str>) -> Audience {
        match supplier {
            Some(_) => Audience::Supplier,
            None => Audience::Staff,
        }
    }
}

impl Topic {
    /// The topics this audience can receive.
    pub fn for_audience(audience: Audience) -> &'static [Topic] {
        match audience {
            Audience::Supplier => &[
                Topic::TaskAssigned,
                Topic::TaskOverdue,
                Topic::Amendment,
                Topic::CaseOpened,
                Topic::Digest,
            ],
            Audience::Staff => &[
                Topic::TaskOverdue,
                Topic::CaseOpened,
                Topic::OrderAttention,
                Topic::ApprovalWaiting,
                Topic::Digest,
            ],
        }
    }
}

/// Which events are notices, and for whom. An `order.held` waiting for
/// approval is [`Topic::ApprovalWaiting`] instead ([`notices_of`]).
pub const NOTICES: &[(EventKind, Topic, Audience)] = &[
    (
        EventKind::TaskRouted,
        Topic::TaskAssigned,
        Audience::Supplier,
    ),
    (
        EventKind::TaskOverdue,
        Topic::TaskOverdue,
        Audience::Supplier,
    ),
    (EventKind::TaskOverdue, Topic::TaskOverdue, Audience::Staff),
    (
        EventKind::TaskAmendmentProposed,
        Topic::Amendment,
        Audience::Supplier,
    ),
    (EventKind::CaseOpened, Topic::CaseOpened, Audience::Supplier),
    (EventKind::CaseOpened, Topic::CaseOpened, Audience::Staff),
    (EventKind::OrderHeld, Topic::OrderAttention, Audience::Staff),
    (
        EventKind::LineUnrouted,
        Topic::OrderAttention,
        Audience::Staff,
    ),
    (
        EventKind::OrderFulfilmentFailed,
        Topic::OrderAttention,
        Audience::Staff,
    ),
    (
        EventKind::OrderFlagged,
        Topic::OrderAttention,
        Audience::Staff,
    ),
    // only a firing whose rule asks to notify (`details.notify`)
    (EventKind::RuleFired, Topic::OrderAttention, Audience::Staff),
];

/// The notices an event of `kind` with `details` makes.
pub fn notices_of(kind: EventKind, details: &serde_json::Value) -> Vec<(Topic, Audience)> {
    let approval = kind == EventKind::OrderHeld
        && details["checks"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c == "approval"));
    if kind == EventKind::RuleFired && !details["notify"].is_string() {
        return Vec::new();
    }
    NOTICES
        .iter()
        .filter(|(k, ..)| *k == kind)
        .map(|(_, topic, audience)| match approval {
            true => (Topic::ApprovalWaiting, *audience),
            false => (*topic, *audience),
        })
        .collect()
}

/// Topics as stored: comma-separated, in declared order, deduplicated.
pub fn join_topics(topics: &[Topic]) -> String {
    Topic::ALL
        .iter()
        .filter(|t| topics.contains(t))
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The topics of a stored list (unknown words are skipped).
pub fn split_topics(text: &str) -> Vec<Topic> {
    text.split(',')
        .filter_map(|t| Topic::parse(t.trim()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_hold_for_approval_is_an_approval_notice() {
        let held = json!({"checks": ["approval"], "problems": []});
        assert_eq!(
            notices_of(EventKind::OrderHeld, &held),
            [(Topic::ApprovalWaiting, Audience::Staff)]
        );
        let held = json!({"checks": ["address"], "problems": []});
        assert_eq!(
            notices_of(EventKind::OrderHeld, &held),
            [(Topic::OrderAttention, Audience::Staff)]
        );
        assert!(notices_of(EventKind::OrderCreated, &held).is_empty());
        assert_eq!(notices_of(EventKind::TaskOverdue, &json!({})).len(), 2);
        assert!(notices_of(EventKind::RuleFired, &json!({"rule_id": "r"})).is_empty());
        let told = json!({"notify": "look at it"});
        assert_eq!(notices_of(EventKind::RuleFired, &told).len(), 1);
    }

    #[test]
    fn every_notice_topic_reaches_its_audience() {
        for (_, topic, audience) in NOTICES {
            assert!(Topic::for_audience(*audience).contains(topic), "{topic}");
        }
        assert!(Topic::for_audience(Audience::Staff).contains(&Topic::ApprovalWaiting));
    }

    #[test]
    fn topics_round_trip_as_stored() {
        let text = join_topics(&[Topic::Digest, Topic::TaskAssigned, Topic::Digest]);
        assert_eq!(text, "task_assigned,digest");
        assert_eq!(split_topics(&text), [Topic::TaskAssigned, Topic::Digest]);
        assert_eq!(split_topics("nope, digest"), [Topic::Digest]);
    }
}
