//! The web app's two languages. Every label lives once in [`TEXTS`] with
//! its English and Simplified Chinese; a test refuses a key missing from
//! either. The language comes from the `lang` cookie (the user's choice),
//! else `Accept-Language`, else English.

use axum::http::{HeaderMap, header};

/// A language of the web app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
        if let Some(lang) = crate::auth::cookie(headers, "lang").and_then(|c| Self::parse(&c)) {
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

    fn parse(tag: &str) -> Option<Self> {
        let tag = tag.to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Lang::Zh)
        } else if tag.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The text for `key`; the key itself if it is missing (the test below
    /// makes sure none is).
    pub fn t(self, key: &str) -> &'static str {
        match TEXTS.iter().find(|(k, ..)| *k == key) {
            Some((_, en, zh)) => match self {
                Lang::En => en,
                Lang::Zh => zh,
            },
            None => "?",
        }
    }
}

/// (key, English, 简体中文)
pub const TEXTS: &[(&str, &str, &str)] = &[
    ("app.name", "orderhub", "orderhub"),
    (
        "app.tagline",
        "Orders in from every channel, supplier tasks out.",
        "订单从各渠道进来，供应商任务从这里发出。",
    ),
    ("nav.workflow", "Workflow", "流程"),
    ("nav.api", "API", "接口文档"),
    ("nav.signed_in_as", "Signed in as", "当前用户"),
    ("nav.sign_out", "Sign out", "退出登录"),
    ("nav.language", "中文", "English"),
    ("login.title", "Sign in", "登录"),
    ("login.email", "E-mail", "邮箱"),
    ("login.password", "Password", "密码"),
    ("login.submit", "Sign in", "登录"),
    (
        "login.failed",
        "The e-mail or password is wrong.",
        "邮箱或密码错误。",
    ),
    (
        "login.throttled",
        "Too many failed sign-ins. Try again later.",
        "登录失败次数过多，请稍后再试。",
    ),
    (
        "login.refused",
        "This request came from another site and was refused.",
        "该请求来自其他网站，已被拒绝。",
    ),
    ("role.admin", "Administrator", "管理员"),
    ("role.operator", "Operator", "运营"),
    ("role.supplier", "Supplier", "供应商"),
    ("role.purchaser", "Purchaser", "采购方"),
    ("workflow.title", "Workflow", "流程"),
    (
        "workflow.intro",
        "How orders and tasks move. Drawn from the same state machines the server enforces.",
        "订单和任务如何流转。图由服务器执行的同一状态机生成。",
    ),
    ("workflow.order", "Order", "订单"),
    ("workflow.task", "Supplier task", "供应商任务"),
    ("workflow.by_operator", "operator", "运营操作"),
    ("workflow.by_supplier", "supplier", "供应商操作"),
    ("workflow.by_automatic", "automatic", "自动"),
    ("nav.orders", "Orders", "订单"),
    ("nav.tasks", "Tasks", "任务"),
    ("nav.my_tasks", "My tasks", "我的任务"),
    ("orders.title", "Orders", "订单"),
    ("orders.add", "Enter an order", "录入订单"),
    ("orders.save", "Save order", "保存订单"),
    ("orders.by_keywords", "By title keywords", "按标题关键词"),
    (
        "orders.release_now",
        "Release to suppliers now",
        "立即发布给供应商",
    ),
    ("orders.keep_pending", "Keep pending", "暂不发布"),
    ("field.currency", "Currency", "币种"),
    (
        "error.invalid_transition",
        "That move is not possible from the current status.",
        "当前状态下无法执行该操作。",
    ),
    (
        "error.operator_only_transition",
        "Only an operator may make that move.",
        "只有运营可以执行该操作。",
    ),
    ("error.reason_required", "Say why.", "请填写原因。"),
    (
        "error.carrier_required",
        "Shipping needs the carrier.",
        "发货需要填写物流公司。",
    ),
    (
        "error.tracking_number_required",
        "Shipping needs a tracking number.",
        "发货需要填写运单号。",
    ),
    (
        "error.order_has_shipped_tasks",
        "A task of this order has shipped; it can no longer be cancelled.",
        "该订单已有任务发货，无法取消。",
    ),
    (
        "error.task_closed",
        "This task is closed.",
        "该任务已关闭。",
    ),
    ("error.invalid_status", "Unknown status.", "未知状态。"),
    (
        "error.negative",
        "This must not be negative.",
        "不能为负数。",
    ),
    (
        "error.too_precise",
        "Too many decimal places for this currency.",
        "小数位数超出该币种的精度。",
    ),
    (
        "error.invalid_line_count",
        "An order needs at least one line.",
        "订单至少需要一行。",
    ),
    ("field.customization", "Personalisation", "定制信息"),
    (
        "error.unknown_currency",
        "This is not an ISO 4217 currency code.",
        "不是有效的 ISO 4217 币种代码。",
    ),
    (
        "error.invalid_platform",
        "Use 1 to 32 letters, digits, - or _.",
        "请使用 1 到 32 个字母、数字、- 或 _。",
    ),
    ("tasks.title", "Tasks", "任务"),
    ("tasks.mine", "My tasks", "我的任务"),
    ("col.number", "Order number", "订单号"),
    ("col.platform", "Platform", "平台"),
    ("col.customer", "Customer", "客户"),
    ("col.status", "Status", "状态"),
    ("col.total", "Total", "金额"),
    ("col.received", "Received", "接收时间"),
    ("col.sku", "SKU", "SKU"),
    ("col.supplier", "Supplier", "供应商"),
    ("field.category", "Category", "品类"),
    ("col.quantity", "Quantity", "数量"),
    ("col.product", "Product", "产品"),
    ("col.price", "Unit price", "单价"),
    ("col.actions", "Actions", "操作"),
    ("col.when", "When", "时间"),
    ("col.who", "Who", "操作人"),
    ("col.what", "What", "事件"),
    ("filter.all", "All", "全部"),
    ("filter.apply", "Filter", "筛选"),
    ("filter.search", "Search", "搜索"),
    ("filter.from", "Received from", "接收日期从"),
    ("filter.to", "Received to", "接收日期至"),
    ("filter.sort", "Order by", "排序"),
    ("filter.clear", "Clear filters", "清除筛选"),
    ("sort.newest", "Newest first", "最新在前"),
    ("sort.oldest", "Oldest first", "最早在前"),
    (
        "error.invalid_date",
        "Give a date as YYYY-MM-DD.",
        "请按 年-月-日（YYYY-MM-DD）填写日期。",
    ),
    ("page.next", "Next page", "下一页"),
    ("order.lines", "Lines", "订单行"),
    ("order.tasks", "Tasks", "任务"),
    ("order.timeline", "Timeline", "时间线"),
    ("order.unrouted", "Not routed", "未分配"),
    ("order.release", "Release to suppliers", "发布给供应商"),
    ("order.retry", "Retry routing", "重新分配"),
    ("order.cancel", "Cancel order", "取消订单"),
    ("order.actions", "What can be done now", "当前可执行的操作"),
    ("confirm", "I am sure", "我确认"),
    ("task.reason", "Reason", "原因"),
    ("task.due", "Due", "交期"),
    ("task.assigned_at", "Assigned", "分配时间"),
    ("task.started", "Production started", "开始生产"),
    ("task.produced", "Produced", "生产完成"),
    ("task.note", "Note", "备注"),
    ("task.edit", "Production times and note", "生产时间和备注"),
    ("task.save", "Save", "保存"),
    ("tasks.board", "Board", "看板"),
    (
        "tasks.all_of_status",
        "All tasks in this status",
        "查看该状态的全部任务",
    ),
    (
        "error.invalid_date_time",
        "Give a time as YYYY-MM-DD HH:MM.",
        "请按 年-月-日 时:分 填写时间。",
    ),
    ("task.carrier", "Carrier", "物流公司"),
    ("task.tracking", "Tracking number", "运单号"),
    ("move.accepted", "Accept", "接受"),
    ("move.rejected", "Reject", "拒绝"),
    ("move.in_production", "Start production", "开始生产"),
    ("move.produced", "Mark produced", "标记已生产"),
    ("move.shipped", "Ship", "发货"),
    ("move.completed", "Complete", "完成"),
    ("move.cancelled", "Cancel", "取消"),
    ("move.done", "Saved.", "已保存。"),
    (
        "error.not_found",
        "Not found, or not yours to see.",
        "未找到，或您无权查看。",
    ),
    ("error.refused", "Refused", "未执行"),
    ("empty", "Nothing here yet.", "暂无内容。"),
    ("nav.suppliers", "Suppliers", "供应商"),
    ("nav.categories", "Categories", "品类"),
    ("nav.automation", "Automation", "自动化记录"),
    ("nav.dashboard", "Dashboard", "概览"),
    ("dashboard.title", "Dashboard", "概览"),
    ("dashboard.as_of", "Figures as of", "数据时间"),
    ("dashboard.orders", "Orders by status", "各状态订单数"),
    ("dashboard.tasks", "Tasks by status", "各状态任务数"),
    ("dashboard.late", "tasks late", "个任务已逾期"),
    ("dashboard.due_today", "due today", "个今日到期"),
    ("dashboard.intake", "Intake by platform", "各平台订单量"),
    ("dashboard.today", "Today", "今天"),
    ("dashboard.week", "Last 7 days", "最近 7 天"),
    (
        "dashboard.intake_30_days",
        "Orders per day, last 30 days",
        "最近 30 天每日订单",
    ),
    (
        "dashboard.attention",
        "Orders needing attention",
        "需要处理的订单",
    ),
    (
        "dashboard.attention_reason",
        "lines could not be routed",
        "有订单行无法分配",
    ),
    ("dashboard.fix", "Fix", "去处理"),
    (
        "dashboard.load",
        "Supplier load (open tasks)",
        "供应商负载（未完成任务）",
    ),
    ("history.title", "Automation history", "自动化记录"),
    (
        "history.intro",
        "Every routing decision: which supplier got the line, by which strategy, and why the others did not.",
        "每一次分配决策：哪个供应商接到了订单行、用的是哪种分配方式、其他供应商为何未被选中。",
    ),
    ("history.line", "Line", "订单行"),
    ("history.decision", "Decision", "决策"),
    ("history.candidates", "Candidates", "候选供应商"),
    ("history.release", "on release", "发布时"),
    ("history.after_rejection", "after a rejection", "被拒绝后"),
    ("skipped.inactive", "inactive", "未启用"),
    (
        "skipped.rejected",
        "rejected this line before",
        "曾拒绝该订单行",
    ),
    ("skipped.zero_weight", "weight 0", "权重为 0"),
    ("categories.title", "Categories", "品类"),
    ("categories.add", "Add a category", "添加品类"),
    ("categories.save", "Save category", "保存品类"),
    (
        "categories.preview",
        "Preview of the first SKU",
        "首个 SKU 预览",
    ),
    (
        "categories.keywords_help",
        "Words in product titles that mean this category, separated by commas, in any language.",
        "产品标题中代表该品类的词，用逗号分隔，任何语言均可。",
    ),
    (
        "categories.template_help",
        "Tokens: {category} {supplier} {order} {line} {date:%y%m%d} {seq:N} {rand:N}; it needs {seq:N} or {rand:N}.",
        "可用标记：{category} {supplier} {order} {line} {date:%y%m%d} {seq:N} {rand:N}；必须包含 {seq:N} 或 {rand:N}。",
    ),
    ("field.keywords", "Keywords", "关键词"),
    ("field.sku_prefix", "SKU prefix", "SKU 前缀"),
    ("field.sku_template", "SKU template", "SKU 模板"),
    ("field.strategy", "Routing", "分配方式"),
    ("strategy.round_robin", "Round robin", "轮流分配"),
    ("strategy.weighted", "Weighted", "按权重分配"),
    ("strategy.least_loaded", "Least loaded", "负载最少优先"),
    (
        "error.invalid_sku_template",
        "This SKU template is not valid.",
        "SKU 模板无效。",
    ),
    ("suppliers.title", "Suppliers", "供应商"),
    ("suppliers.add", "Add a supplier", "添加供应商"),
    ("suppliers.save", "Save supplier", "保存供应商"),
    ("field.name", "Name", "名称"),
    ("field.code", "Code (for SKUs)", "代码（用于 SKU）"),
    ("field.contact", "Contact", "联系人"),
    ("field.email", "E-mail", "邮箱"),
    ("field.phone", "Phone", "电话"),
    (
        "field.weight",
        "Weight (share under weighted routing)",
        "权重（加权分配时的份额）",
    ),
    ("field.categories", "Categories", "品类"),
    ("field.active", "Active", "启用"),
    ("error.required", "This field is required.", "此项为必填。"),
    ("error.too_long", "This is too long.", "内容过长。"),
    (
        "error.out_of_range",
        "This number is out of range.",
        "数值超出范围。",
    ),
    (
        "error.invalid_email",
        "This is not an e-mail address.",
        "邮箱地址格式不正确。",
    ),
    (
        "error.invalid_code",
        "Use 1 to 16 letters, digits or dashes.",
        "请使用 1 到 16 个字母、数字或连字符。",
    ),
    (
        "error.control_characters",
        "Control characters are not allowed.",
        "不允许使用控制字符。",
    ),
    (
        "error.name_taken",
        "This name is taken already.",
        "该名称已被使用。",
    ),
    (
        "error.unknown_category",
        "There is no such category.",
        "没有这个品类。",
    ),
    ("status.pending", "Pending", "待处理"),
    ("status.purchasing", "Purchasing", "采购中"),
    ("status.needs_attention", "Needs attention", "需要处理"),
    ("status.in_production", "In production", "生产中"),
    ("status.shipped", "Shipped", "已发货"),
    ("status.completed", "Completed", "已完成"),
    ("status.cancelled", "Cancelled", "已取消"),
    ("status.assigned", "Assigned", "已分配"),
    ("status.accepted", "Accepted", "已接受"),
    ("status.rejected", "Rejected", "已拒绝"),
    ("status.produced", "Produced", "已生产"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use orderhub_domain::{OrderStatus, TaskStatus};

    #[test]
    fn every_text_is_in_both_languages_once() {
        let mut keys = std::collections::HashSet::new();
        for (key, en, zh) in TEXTS {
            assert!(keys.insert(key), "{key} twice");
            assert!(!en.trim().is_empty() && !zh.trim().is_empty(), "{key}");
        }
        for s in OrderStatus::ALL
            .iter()
            .map(|s| s.as_str())
            .chain(TaskStatus::ALL.iter().map(|s| s.as_str()))
        {
            assert!(
                keys.contains(&format!("status.{s}").as_str()),
                "status.{s} has no text"
            );
        }
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
        h.insert(header::COOKIE, "lang=en".parse().unwrap());
        assert_eq!(Lang::of(&h), Lang::En);
    }
}
