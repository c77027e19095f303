//! The web app's two languages. Every message lives once per language
//! in a Fluent file, `crates/api/i18n/en.ftl` and `zh-CN.ftl`, embedded
//! at build time, so a translator edits text without touching Rust.
//! Tests below refuse a message missing from a language, variables that
//! differ between languages, and a key the code or a template names that
//! no file has. The language comes from the `lang` cookie (this
//! browser's choice), else the user's default, else `Accept-Language`,
//! else English.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use axum::http::{HeaderMap, header};
use fluent_bundle::{FluentArgs, FluentResource, FluentValue, concurrent::FluentBundle};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

/// A language of the web app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// The `lang` attribute / cookie value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The cookie first, then the first supported `Accept-Language` entry.
    pub fn of(headers: &HeaderMap) -> Self {
        Self::of_user(headers, None)
    }

    /// The cookie (this browser's choice) first, then the signed-in
    /// user's choice, then the first supported `Accept-Language` entry.
    pub fn of_user(headers: &HeaderMap, chosen: Option<&str>) -> Self {
        let cookie = crate::auth::cookie(headers, "lang");
        if let Some(lang) = cookie.as_deref().or(chosen).and_then(Self::parse) {
            return lang;
        }
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.split(',')
                    .filter_map(|part| Self::parse(part.split(';').next().unwrap_or("").trim()))
                    .next()
            })
            .unwrap_or(Lang::En)
    }

    pub fn parse(tag: &str) -> Option<Self> {
        let tag = tag.to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Lang::Zh)
        } else if tag.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// Both languages, in menu order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    fn catalog(self) -> &'static Catalog {
        &CATALOGS[self as usize]
    }

    /// The message `key` with its variables filled in: a sentence is one
    /// message with `{ $name }` placeables and plural selectors, never
    /// glued fragments (the two languages order them differently).
    /// Numbers are grouped as the language wants ("12,340").
    pub fn fill(self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let catalog = self.catalog();
        let Some(pattern) = catalog.bundle.get_message(key).and_then(|m| m.value()) else {
            return missing(key).to_owned();
        };
        let mut fluent = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let text = catalog
            .bundle
            .format_pattern(pattern, Some(&fluent), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(key, ?errors, "a message was filled with missing variables");
        }
        text.into_owned()
    }

    /// The message `key` (one without variables); `"?"` if no file has
    /// it (a test makes sure the code names none such).
    pub fn t(self, key: &str) -> &'static str {
        self.lookup(key).unwrap_or_else(|| missing(key))
    }

    /// The message `key`, or `None` when it has none (an error code
    /// without its own sentence yet, say).
    pub fn lookup(self, key: &str) -> Option<&'static str> {
        self.catalog().plain.get(key).copied()
    }
}

/// A value for a message's variable: text, or a number (which selects
/// the plural form and is grouped as the language wants).
pub type Arg<'a> = FluentValue<'a>;

fn missing(key: &str) -> &'static str {
    tracing::warn!(key, "no message for this key");
    "?"
}

/// One language's messages: the Fluent bundle, and each message without
/// variables formatted once, so [`Lang::t`] is a map lookup.
struct Catalog {
    bundle: &'static FluentBundle<FluentResource>,
    plain: HashMap<String, &'static str>,
}

const SOURCES: [(&str, &str); 2] = [
    ("en", include_str!("../../i18n/en.ftl")),
    ("zh-CN", include_str!("../../i18n/zh-CN.ftl")),
];

static CATALOGS: LazyLock<[Catalog; 2]> =
    LazyLock::new(|| [Lang::En, Lang::Zh].map(|lang| load(lang, SOURCES[lang as usize].1)));

/// Parses a language's file. The files are part of the program (embedded
/// and tested), so a syntax error is a bug caught by the tests, not a
/// condition to run with: it panics naming the file and the message.
fn load(lang: Lang, source: &str) -> Catalog {
    let resource = FluentResource::try_new(source.to_owned())
        .unwrap_or_else(|(_, errors)| panic!("{}.ftl does not parse: {errors:?}", lang.code()));
    let ids: Vec<String> = message_ids(&resource).map(str::to_owned).collect();
    let tag: LanguageIdentifier = lang.code().parse().expect("a valid language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // the pages are HTML: Unicode isolation marks around every value
    // would only get in the way of copying and searching
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(match lang {
        Lang::En => group_numbers_en,
        Lang::Zh => group_numbers_zh,
    }));
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errors| panic!("{}.ftl: {errors:?}", lang.code()));
    // formatted once at start and kept for the life of the process, so
    // `t` hands out `&'static str` without formatting on every call
    let bundle: &'static FluentBundle<FluentResource> = Box::leak(Box::new(bundle));
    let plain = ids
        .into_iter()
        .filter_map(|id| {
            let pattern = bundle.get_message(&id)?.value()?;
            let mut errors = Vec::new();
            let text = match bundle.format_pattern(pattern, None, &mut errors) {
                Cow::Borrowed(text) => text,
                Cow::Owned(text) => Box::leak(text.into_boxed_str()),
            };
            Some((id, text))
        })
        .collect();
    Catalog { bundle, plain }
}

fn message_ids(resource: &FluentResource) -> impl Iterator<Item = &str> {
    resource.entries().filter_map(|entry| match entry {
        ast::Entry::Message(m) => Some(m.id.name),
        _ => None,
    })
}

fn group_numbers_en<M>(value: &FluentValue, _: &M) -> Option<String> {
    group_numbers(Lang::En, value)
}

fn group_numbers_zh<M>(value: &FluentValue, _: &M) -> Option<String> {
    group_numbers(Lang::Zh, value)
}

/// Whole numbers (counts) grouped by the language's rules; anything else
/// is left to Fluent.
fn group_numbers(lang: Lang, value: &FluentValue) -> Option<String> {
    match value {
        FluentValue::Number(n) if n.value.fract() == 0.0 && n.value.abs() < 9.0e15 => {
            Some(super::numbers::count(lang, n.value as i64))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orderhub_domain::{OrderStatus, TaskStatus};
    use std::collections::BTreeSet;

    /// Message id → the names of the variables it uses, per language.
    fn variables(lang: Lang) -> HashMap<String, BTreeSet<String>> {
        let resource = FluentResource::try_new(SOURCES[lang as usize].1.to_owned())
            .unwrap_or_else(|(_, e)| panic!("{}.ftl: {e:?}", lang.code()));
        let mut out = HashMap::new();
        for entry in resource.entries() {
            if let ast::Entry::Message(m) = entry {
                let mut names = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_variables(p, &mut names);
                }
                assert!(
                    out.insert(m.id.name.to_owned(), names).is_none(),
                    "{} twice in {}.ftl",
                    m.id.name,
                    lang.code()
                );
            }
        }
        out
    }

    fn pattern_variables(p: &ast::Pattern<&str>, names: &mut BTreeSet<String>) {
        for element in &p.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_variables(expression, names);
            }
        }
    }

    fn expression_variables(e: &ast::Expression<&str>, names: &mut BTreeSet<String>) {
        let inline = match e {
            ast::Expression::Select { selector, variants } => {
                for v in variants {
                    pattern_variables(&v.value, names);
                }
                selector
            }
            ast::Expression::Inline(inline) => inline,
        };
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                names.insert(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => {
                expression_variables(expression, names)
            }
            _ => {}
        }
    }

    #[test]
    fn every_message_is_in_both_languages_with_the_same_variables() {
        let (en, zh) = (variables(Lang::En), variables(Lang::Zh));
        let mut problems = Vec::new();
        for (id, names) in &en {
            match zh.get(id) {
                None => problems.push(format!("{id}: not in zh-CN.ftl")),
                Some(z) if z != names => {
                    problems.push(format!("{id}: variables {names:?} in en, {z:?} in zh-CN"))
                }
                Some(_) => {}
            }
        }
        problems.extend(
            zh.keys()
                .filter(|id| !en.contains_key(*id))
                .map(|id| format!("{id}: not in en.ftl")),
        );
        assert!(problems.is_empty(), "{problems:#?}");
        assert!(
            en.len() > 500,
            "the catalogue loaded ({} messages)",
            en.len()
        );
        for lang in Lang::ALL {
            assert_eq!(
                lang.catalog().plain.len(),
                en.len(),
                "every message formats"
            );
        }
    }

    #[test]
    fn every_status_has_a_text() {
        for s in OrderStatus::ALL
            .iter()
            .map(|s| s.as_str())
            .chain(TaskStatus::ALL.iter().map(|s| s.as_str()))
        {
            for lang in Lang::ALL {
                assert!(lang.lookup(&format!("status-{s}")).is_some(), "status-{s}");
            }
        }
        for l in orderhub_domain::labels::StatusLabel::ALL {
            for lang in Lang::ALL {
                assert!(
                    lang.lookup(&format!("label-{}", l.as_str())).is_some(),
                    "{l:?}"
                );
            }
        }
        use orderhub_domain::model::{PaymentKind, PaymentMethod, PaymentStatus};
        let payment = PaymentStatus::ALL.iter().map(|p| p.as_str().to_owned());
        let kinds = PaymentKind::ALL
            .iter()
            .map(|k| format!("kind_{}", k.as_str()));
        let methods = PaymentMethod::ALL
            .iter()
            .map(|m| format!("method_{}", m.as_str()));
        for p in payment.chain(kinds).chain(methods) {
            for lang in Lang::ALL {
                assert!(
                    lang.lookup(&format!("payment-{p}")).is_some(),
                    "payment-{p}"
                );
            }
        }
    }

    /// Every refusal code, access rule and unrouted reason the server can
    /// give has a sentence in both languages: the vocabularies are enums,
    /// so the list is complete by construction.
    #[test]
    fn every_notification_word_has_a_text() {
        use orderhub_domain::notify::{NoticeChannel, Topic};
        use orderhub_domain::schedule::Job;
        let keys = Topic::ALL
            .iter()
            .map(|t| format!("topic-{t}"))
            .chain(NoticeChannel::ALL.iter().map(|c| format!("channel-{c}")))
            .chain(Job::ALL.iter().map(|j| format!("job-{j}")))
            .chain(
                orderhub_domain::rules::RuleField::ALL
                    .iter()
                    .map(|f| format!("rule-field-{f}")),
            )
            .chain(
                orderhub_domain::rules::RuleOp::ALL
                    .iter()
                    .map(|o| format!("rule-op-{o}")),
            )
            .chain(
                orderhub_domain::rules::RuleTrigger::ALL
                    .iter()
                    .map(|t| format!("trigger-{t}")),
            )
            .chain(
                [
                    "set_priority",
                    "hold",
                    "route_to_category",
                    "notify",
                    "webhook",
                ]
                .iter()
                .map(|a| format!("action-{a}")),
            )
            .chain(
                ["pending", "sent", "failed", "skipped", "unread", "read"]
                    .iter()
                    .map(|d| format!("delivery-{d}")),
            );
        for key in keys {
            for lang in Lang::ALL {
                assert!(lang.lookup(&key).is_some(), "{key} in {}", lang.code());
            }
        }
    }

    #[test]
    fn every_refusal_code_has_a_text() {
        let codes = orderhub_domain::ErrorCode::ALL
            .iter()
            .map(|c| c.as_str())
            .chain(
                orderhub_domain::model::UnroutedCode::ALL
                    .iter()
                    .map(|c| c.as_str()),
            );
        let missing: Vec<&str> = codes
            .filter(|code| {
                Lang::ALL
                    .iter()
                    .any(|l| l.lookup(&format!("error-{code}")).is_none())
            })
            .collect();
        assert!(missing.is_empty(), "no text for error-{missing:?}");
    }

    /// Each string literal in the web code and templates that looks like
    /// a message id (`group-name`, for a group the files have) names one
    /// that exists, and each id made at run time (`format!("status-{}")`)
    /// has a group in the files.
    #[test]
    fn every_key_the_code_names_exists() {
        let en = variables(Lang::En);
        let groups: BTreeSet<&str> = en
            .keys()
            .filter_map(|k| k.split_once('-'))
            .map(|(g, _)| g)
            .collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut missing = Vec::new();
        let mut seen = 0;
        for dir in ["src/web", "templates"] {
            for file in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = file.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                for literal in literals(&text, path.extension().is_some_and(|e| e == "html")) {
                    let Some((group, rest)) = literal.split_once('-') else {
                        continue;
                    };
                    if !groups.contains(group) {
                        continue;
                    }
                    if rest.ends_with('{') || rest.is_empty() {
                        seen += 1; // an id made at run time: its group exists
                    } else if rest
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    {
                        seen += 1;
                        if !en.contains_key(literal) {
                            missing.push(format!("{}: {literal}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(seen > 400, "the scan found the keys ({seen})");
        assert!(missing.is_empty(), "{missing:#?}");
    }

    /// The string literals of a Rust file; of a template, only those
    /// handed to `t(…)` or `fill(…)` (the rest are HTML ids and classes).
    fn literals(text: &str, template: bool) -> Vec<&str> {
        if !template {
            return text.split('"').skip(1).step_by(2).collect();
        }
        ["t(\"", "fill(\""]
            .iter()
            .flat_map(|call| text.split(call).skip(1))
            .filter_map(|rest| rest.split('"').next())
            .collect()
    }

    /// The Chinese pages carry no English words: each zh-CN message is
    /// Chinese except for names (orderhub, the platforms, file formats).
    #[test]
    fn no_english_left_in_chinese() {
        const NAMES: &[&str] = &[
            "orderhub",
            "api",
            "sku",
            "csv",
            "xlsx",
            "excel",
            "json",
            "url",
            "https",
            "http",
            "amazon",
            "etsy",
            "shopify",
            "woocommerce",
            "cookie",
            "iso",
            "utc",
            "id",
            "token",
            "secure",
            "cookies",
            "false",
            "true",
            "webhook",
            "rss",
            "pdf",
            "jpeg",
            "png",
            "sp",
            "woo",
            "gbk",
            "utf",
            "oauth",
            "lwa",
            "yyyy",
            "tsv",
            "zip",
            "jpg",
            "english",
            "authorization",
            "bearer",
            // "Standard Webhooks" and its header names
            "standard",
            "webhooks",
            "signature",
            "timestamp",
            // the group chat apps and mail
            "dingtalk",
            "feishu",
            "lark",
            "wecom",
            "smtp",
            "iana",
            // the script language
            "rhai",
        ];
        let mut english = Vec::new();
        for (id, text) in &Lang::Zh.catalog().plain {
            // the text around the variables (`{$count}` when unfilled)
            let text: String = text
                .split('{')
                .map(|part| part.split_once('}').map_or(part, |(_, t)| t))
                .collect();
            let words = text
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() >= 3 && !NAMES.contains(&w.to_ascii_lowercase().as_str()));
            for w in words {
                english.push(format!("{id}: {w}"));
            }
        }
        english.sort();
        assert!(english.is_empty(), "{english:#?}");
    }

    #[test]
    fn plurals_and_grouping() {
        assert_eq!(
            Lang::En.fill("account-ended_others", &[("count", 1.into())]),
            "Signed out of one other session."
        );
        assert_eq!(
            Lang::En.fill("account-ended_others", &[("count", 12_340.into())]),
            "Signed out of 12,340 other sessions."
        );
        assert_eq!(
            Lang::Zh.fill("account-ended_others", &[("count", 2.into())]),
            "已退出其他 2 个会话。"
        );
        assert_eq!(Lang::En.t("no-such-message"), "?");
        assert_eq!(Lang::En.lookup("no-such-message"), None);
    }

    #[test]
    fn language_from_cookie_then_header() {
        let mut h = HeaderMap::new();
        assert_eq!(Lang::of(&h), Lang::En);
        h.insert(
            header::ACCEPT_LANGUAGE,
            "fr-FR, zh-CN;q=0.8, en;q=0.5".parse().unwrap(),
        );
        assert_eq!(Lang::of(&h), Lang::Zh);
        assert_eq!(
            Lang::of_user(&h, Some("en")),
            Lang::En,
            "the user's choice first"
        );
        h.insert(header::COOKIE, "lang=en".parse().unwrap());
        assert_eq!(Lang::of(&h), Lang::En);
        assert_eq!(
            Lang::of_user(&h, Some("zh-CN")),
            Lang::En,
            "this browser's first"
        );
    }
}
