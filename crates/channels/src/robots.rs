//! Group robots (群机器人): the custom robots of DingTalk, Feishu/Lark and
//! WeCom, which post into the group chats Chinese suppliers work in. Each
//! takes a JSON POST to the address the chat app gives; the formats and
//! signatures follow each platform's published documentation:
//!
//! - DingTalk custom robot (自定义机器人): `msgtype: markdown`; with 加签,
//!   `timestamp` (ms) and `sign` = base64(HMAC-SHA256(key: secret,
//!   message: `timestamp + "\n" + secret`)), URL-encoded, go in the query.
//!   Answers `{"errcode": 0, "errmsg": "ok"}`.
//! - Feishu custom bot (自定义机器人): `msg_type: interactive` (a card);
//!   with 签名校验, `timestamp` (s) and `sign` = base64(HMAC-SHA256(key:
//!   `timestamp + "\n" + secret`, message: empty)) go in the body.
//!   Answers `{"code": 0, "msg": "success"}`.
//! - WeCom group robot (群机器人): `msgtype: markdown`, the `key` in the
//!   address and no signature. Answers `{"errcode": 0, "errmsg": "ok"}`.
//!
//! Pure: the caller sends the [`Post`].

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use orderhub_domain::notify::NoticeChannel;
use serde_json::{Value, json};
use sha2::Sha256;

/// The most of a message's text a robot is sent (WeCom's limit is 4,096
/// bytes of markdown; DingTalk's and Feishu's are larger).
pub const MAX_TEXT: usize = 3_800;

/// What a robot posts: a title, lines, and a link to the page to act on.
/// The caller writes them in the robot's language.
#[derive(Debug, Clone)]
pub struct Card {
    pub title: String,
    pub lines: Vec<String>,
    /// (label, address).
    pub link: Option<(String, String)>,
}

/// A request to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    pub url: String,
    pub body: Value,
}

fn hmac(key: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(message);
    STANDARD.encode(mac.finalize().into_bytes())
}

/// DingTalk's `sign` for `timestamp_ms` (before URL-encoding).
pub fn dingtalk_sign(secret: &str, timestamp_ms: i64) -> String {
    hmac(
        secret.as_bytes(),
        format!("{timestamp_ms}\n{secret}").as_bytes(),
    )
}

/// Feishu's `sign` for `timestamp_s`.
pub fn feishu_sign(secret: &str, timestamp_s: i64) -> String {
    hmac(format!("{timestamp_s}\n{secret}").as_bytes(), b"")
}

/// A buyer's or seller's text made inert in markdown: it cannot become a
/// link, a heading or an image (brackets and markup turn full-width).
pub fn inert(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '[' => '［',
            ']' => '］',
            '(' => '（',
            ')' => '）',
            '<' => '‹',
            '>' => '›',
            '*' => '＊',
            '#' => '＃',
            '`' => '\'',
            '!' => '！',
            '\n' | '\r' => ' ',
            c => c,
        })
        .collect()
}

/// Cuts `text` to at most `max` bytes on a character boundary.
fn cut(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max.saturating_sub(3);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

fn markdown(card: &Card, heading: &str) -> String {
    let mut text = format!("{heading}{}\n\n", inert(&card.title));
    for line in &card.lines {
        text.push_str(&format!("- {}\n", inert(line)));
    }
    let text = cut(text, MAX_TEXT);
    match &card.link {
        Some((label, url)) => format!("{text}\n[{}]({url})", inert(label)),
        None => text,
    }
}

/// The request that posts `card` to a robot of `kind` at `url`, signed
/// with `secret` at `now_ms` when it has one.
pub fn post(
    kind: NoticeChannel,
    url: &str,
    secret: Option<&str>,
    now_ms: i64,
    card: &Card,
) -> Post {
    match kind {
        NoticeChannel::Feishu => {
            let mut body = feishu_card(card);
            if let Some(secret) = secret {
                let ts = now_ms / 1000;
                body["timestamp"] = json!(ts.to_string());
                body["sign"] = json!(feishu_sign(secret, ts));
            }
            Post {
                url: url.to_owned(),
                body,
            }
        }
        NoticeChannel::WeCom => Post {
            url: url.to_owned(),
            body: json!({"msgtype": "markdown", "markdown": {"content": markdown(card, "**")
                .replacen("\n\n", "**\n", 1)}}),
        },
        _ => {
            let url = match secret {
                Some(secret) => {
                    let sign = dingtalk_sign(secret, now_ms);
                    let sign: String =
                        url::form_urlencoded::byte_serialize(sign.as_bytes()).collect();
                    let join = if url.contains('?') { '&' } else { '?' };
                    format!("{url}{join}timestamp={now_ms}&sign={sign}")
                }
                None => url.to_owned(),
            };
            let body = json!({"msgtype": "markdown", "markdown": {
                "title": cut(inert(&card.title), 100),
                "text": markdown(card, "#### "),
            }});
            Post { url, body }
        }
    }
}

fn feishu_card(card: &Card) -> Value {
    let lines: Vec<String> = card.lines.iter().map(|l| inert(l)).collect();
    let mut elements = vec![json!({"tag": "div", "text": {"tag": "lark_md",
        "content": cut(lines.join("\n"), MAX_TEXT)}})];
    if let Some((label, url)) = &card.link {
        elements.push(json!({"tag": "action", "actions": [{"tag": "button",
            "text": {"tag": "plain_text", "content": label}, "type": "primary", "url": url}]}));
    }
    json!({"msg_type": "interactive", "card": {
        "header": {"title": {"tag": "plain_text", "content": cut(card.title.clone(), 200)}, "template": "blue"},
        "elements": elements,
    }})
}

/// Whether a robot took the message: HTTP 2xx and the platform's own
/// code 0 (a wrong signature, a keyword the group requires, or a rate
/// limit answer 200 with another code).
pub fn answer(status: u16, body: &[u8]) -> Result<(), String> {
    if !(200..300).contains(&status) {
        return Err(format!("HTTP {status}"));
    }
    let v: Value =
        serde_json::from_slice(body).map_err(|_| "an answer that is not JSON".to_owned())?;
    let code = v
        .get("errcode")
        .or_else(|| v.get("code"))
        .or_else(|| v.get("StatusCode"))
        .and_then(Value::as_i64);
    match code {
        Some(0) => Ok(()),
        Some(c) => {
            let msg = v
                .get("errmsg")
                .or_else(|| v.get("msg"))
                .or_else(|| v.get("StatusMessage"))
                .and_then(Value::as_str)
                .unwrap_or_default();
            Err(cut(format!("code {c}: {msg}"), 300))
        }
        None => Err("an answer without a code".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> Card {
        Card {
            title: "New task SKU-1".into(),
            lines: vec!["Mug [click](http://evil)".into(), "Qty 2".into()],
            link: Some(("Open".into(), "https://hub.example/tasks/t1".into())),
        }
    }

    #[test]
    fn dingtalk_signs_in_the_query() {
        // the documented algorithm, checked against Python's hmac/base64
        // for secret "SEC000", timestamp 1700000000000
        let sign = dingtalk_sign("SEC000", 1_700_000_000_000);
        assert_eq!(sign, "ltBBey5eZrWKh1cPzFIdz3v3xpkc4Tjx4lLsPSHqdtA=");
        let p = post(
            NoticeChannel::DingTalk,
            "https://oapi.dingtalk.com/robot/send?access_token=a",
            Some("SEC000"),
            1_700_000_000_000,
            &card(),
        );
        assert!(p.url.starts_with(
            "https://oapi.dingtalk.com/robot/send?access_token=a&timestamp=1700000000000&sign="
        ));
        assert!(!p.url.ends_with('='), "the sign is URL-encoded: {}", p.url);
        assert_eq!(p.body["msgtype"], "markdown");
        let text = p.body["markdown"]["text"].as_str().unwrap();
        assert!(text.contains("Mug ［click］（http://evil）"), "{text}");
        assert!(text.ends_with("[Open](https://hub.example/tasks/t1)"));
    }

    #[test]
    fn feishu_signs_in_the_body() {
        let p = post(
            NoticeChannel::Feishu,
            "https://open.feishu.cn/open-apis/bot/v2/hook/x",
            Some("s3cret"),
            1_700_000_000_999,
            &card(),
        );
        assert_eq!(p.body["timestamp"], "1700000000");
        // Python: base64(hmac.new(b"1700000000\ns3cret", b"", sha256))
        assert_eq!(
            p.body["sign"],
            "IX3eHI0/v/Td7jqJ0ynSEK3Dq5JY3HUZeoeMgVZeZGo="
        );
        assert_eq!(p.body["msg_type"], "interactive");
        let unsigned = post(
            NoticeChannel::Feishu,
            "https://x.example/h",
            None,
            0,
            &card(),
        );
        assert!(unsigned.body.get("sign").is_none());
    }

    #[test]
    fn wecom_has_its_key_in_the_address() {
        let p = post(
            NoticeChannel::WeCom,
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
            None,
            0,
            &card(),
        );
        assert_eq!(
            p.url,
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
        );
        let text = p.body["markdown"]["content"].as_str().unwrap();
        assert!(text.starts_with("**New task SKU-1**\n"), "{text}");
    }

    #[test]
    fn long_text_is_cut_within_the_limits() {
        let mut c = card();
        c.lines = vec!["杯".repeat(5_000)];
        let p = post(NoticeChannel::WeCom, "https://x.example/h", None, 0, &c);
        assert!(p.body["markdown"]["content"].as_str().unwrap().len() <= 4_096);
    }

    #[test]
    fn answers_are_read_by_their_code() {
        assert!(answer(200, br#"{"errcode":0,"errmsg":"ok"}"#).is_ok());
        assert!(answer(200, br#"{"code":0,"msg":"success"}"#).is_ok());
        let e = answer(200, br#"{"errcode":310000,"errmsg":"sign not match"}"#).unwrap_err();
        assert!(e.contains("310000") && e.contains("sign not match"));
        assert!(answer(502, b"").is_err());
        assert!(answer(200, b"<html>").is_err());
    }
}
