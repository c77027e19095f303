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

    /// The text for `key` with each `{name}` replaced by its value: a
    /// sentence is one text with placeholders, never glued fragments
    /// (the two languages order them differently).
    pub fn fill(self, key: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.t(key).to_owned();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
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
    (
        "login.plain_http",
        "This page was opened over plain HTTP, so your browser would not keep the sign-in cookie (it is sent over HTTPS only). Open orderhub through HTTPS, or on a trusted network start it with --secure-cookies false.",
        "此页面通过普通 HTTP 打开，浏览器不会保存登录 Cookie（它只通过 HTTPS 发送）。请通过 HTTPS 访问 orderhub；或在可信网络中使用 --secure-cookies false 启动。",
    ),
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
    ("nav.channels", "Channels", "销售渠道"),
    ("nav.imports", "Import", "导入"),
    ("channels.edit", "Edit", "编辑"),
    (
        "channels.new_secret",
        "New webhook signing secret (blank keeps the current one)",
        "新的 Webhook 签名密钥（留空则保留）",
    ),
    (
        "channels.remove_secret",
        "Remove the secret (webhooks are then refused)",
        "删除密钥（之后会拒绝 Webhook）",
    ),
    ("channels.category_map", "Category map", "品类映射"),
    (
        "channels.map_help",
        "One per line: platform SKU or product title = category",
        "每行一条：平台 SKU 或商品标题 = 品类",
    ),
    (
        "channels.map_line",
        "Write each line as: SKU or title = category",
        "每行请写成：SKU 或标题 = 品类",
    ),
    ("channels.poll_next", "next pass", "下次"),
    ("channels.poll_since", "changes since", "自此以来的更改"),
    ("channels.poll_page", "resumes at page", "从此页继续"),
    ("channels.poll_now", "Poll now", "立即轮询"),
    ("channels.marketplaces", "Marketplace ids", "站点 ID"),
    ("channels.shop_id", "Shop id", "店铺 ID"),
    (
        "channels.kept",
        "kept; type to replace",
        "已保存；输入以替换",
    ),
    (
        "channels.client_id",
        "OAuth client id (to refresh the token)",
        "OAuth 客户端 ID（用于刷新令牌）",
    ),
    (
        "channels.client_secret",
        "LWA client secret",
        "LWA 客户端密钥",
    ),
    ("channels.access_token", "Access token", "访问令牌"),
    ("channels.refresh_token", "Refresh token", "刷新令牌"),
    (
        "channels.api_base",
        "API address (blank: the platform's)",
        "API 地址（留空：平台默认）",
    ),
    (
        "channels.interval",
        "Seconds between passes (at least 60)",
        "轮询间隔秒数（至少 60）",
    ),
    ("channels.poll_active", "Poll this channel", "轮询此渠道"),
    ("channels.poll_save", "Save polling", "保存轮询设置"),
    ("webhooks.active", "active", "启用中"),
    (
        "webhooks.paused",
        "paused: messages wait",
        "已暂停：消息等待发送",
    ),
    ("webhooks.pause", "Pause", "暂停"),
    ("webhooks.resume", "Resume", "恢复"),
    ("webhooks.new_secret", "New signing secret", "更换签名密钥"),
    (
        "webhooks.delete",
        "Remove this endpoint and its log",
        "删除此地址及其记录",
    ),
    (
        "webhooks.confirm_delete",
        "Tick the box to confirm the removal.",
        "请勾选以确认删除。",
    ),
    ("imports.kind", "The file holds", "文件内容"),
    (
        "imports.kind_orders",
        "Orders (one row per line item)",
        "订单（每行一个商品）",
    ),
    (
        "imports.kind_suppliers",
        "Suppliers (one per row)",
        "供应商（每行一个）",
    ),
    ("imports.suppliers", "suppliers", "个供应商"),
    (
        "imports.names_skipped",
        "names stored already are skipped",
        "已存在的名称会跳过",
    ),
    (
        "imports.confirm_suppliers",
        "Import these suppliers",
        "导入这些供应商",
    ),
    ("channels.polling", "Polling", "轮询"),
    ("channels.poll_every", "every", "每"),
    ("channels.poll_paused", "paused", "已暂停"),
    ("channels.poll_last", "last pass", "上次"),
    ("channels.poll_never", "not polled yet", "尚未轮询"),
    ("channels.poll_orders", "orders seen", "个订单"),
    ("channels.poll_problem", "problem", "问题"),
    (
        "channels.poll_unset",
        "Not polled: set it up with",
        "未设置轮询：请用",
    ),
    ("nav.products", "Products", "产品"),
    ("products.title", "Products", "产品"),
    ("products.supplier", "Supplier", "供应商"),
    ("products.picture", "Picture", "图片"),
    ("products.main_picture", "Main picture", "主图"),
    ("products.remove_picture", "Remove", "删除"),
    (
        "products.picture_file",
        "A .jpg picture (at least 600×600, at most 1 MB)",
        ".jpg 图片（至少 600×600，不超过 1 MB）",
    ),
    ("products.as_main", "as the main picture", "作为主图"),
    ("products.as_extra", "as an extra picture", "作为附加图"),
    ("products.add_picture", "Upload the picture", "上传图片"),
    ("products.code", "Code", "货号"),
    ("products.product_title", "Title", "标题"),
    ("products.supplier_price", "Supplier price", "供货价"),
    (
        "products.retail_price",
        "Suggested retail price",
        "建议零售价",
    ),
    ("products.specs", "Specifications", "规格"),
    ("products.upload", "Upload products in bulk", "产品批量上传"),
    (
        "products.upload_intro",
        "Zip the product sheet (CSV, TSV or XLSX; headers such as 货号, 标题, 类目, 供货价, 主图, 附加图) together with its .jpg pictures (at least 600×600, at most 1 MB each) and upload the zip. You see every problem before anything is saved.",
        "把产品表格（CSV、TSV 或 XLSX；表头如 货号、标题、类目、供货价、主图、附加图）和 .jpg 图片（每张至少 600×600，不超过 1 MB）一起压缩成 zip 上传。保存前会列出所有问题。",
    ),
    (
        "products.template",
        "Download a sheet to start from",
        "下载表格模板",
    ),
    ("products.file", "Zip file", "zip 文件"),
    ("products.count", "products", "个产品"),
    ("products.images", "pictures", "张图片"),
    ("products.would", "If taken:", "如果导入："),
    ("products.done", "Taken:", "已导入："),
    ("products.created", "new", "新增"),
    ("products.updated", "changed", "更新"),
    ("products.unchanged", "unchanged", "未变"),
    (
        "products.confirm",
        "Take these products",
        "确认导入这些产品",
    ),
    ("products.edit", "Edit", "编辑"),
    ("products.save", "Save product", "保存产品"),
    (
        "products.no_pictures",
        "No pictures yet: upload them with the products' zip.",
        "暂无图片：请随产品 zip 一起上传。",
    ),
    ("nav.webhooks", "Webhooks", "Webhook"),
    ("webhooks.title", "Webhooks", "Webhook 推送"),
    (
        "webhooks.intro",
        "orderhub posts the events you choose to your URL, signed as Standard Webhooks says (webhook-id, webhook-timestamp, webhook-signature), and retries for about a day.",
        "orderhub 会把所选事件按 Standard Webhooks 规范签名（webhook-id、webhook-timestamp、webhook-signature）后推送到您的地址，失败时约在一天内重试。",
    ),
    ("webhooks.events", "Events", "事件"),
    ("webhooks.event", "Event", "事件"),
    ("webhooks.add", "Add an endpoint", "添加推送地址"),
    ("webhooks.save", "Save endpoint", "保存推送地址"),
    ("webhooks.created", "Endpoint added:", "已添加推送地址："),
    (
        "webhooks.secret_once",
        "Its signing secret, shown only now — keep it:",
        "签名密钥仅显示这一次，请妥善保存：",
    ),
    ("webhooks.log", "Delivery log", "推送记录"),
    ("webhooks.deleted", "removed.", "已删除。"),
    (
        "webhooks.queued_again",
        "The message will be sent again.",
        "该消息将重新推送。",
    ),
    ("webhooks.attempts", "Attempts", "尝试次数"),
    ("webhooks.answer", "Last answer", "最近响应"),
    ("webhooks.redeliver", "Send again", "重新推送"),
    ("webhooks.delivered", "Delivered", "已送达"),
    ("webhooks.failed", "Given up", "已放弃"),
    ("webhooks.pending", "Waiting", "等待中"),
    (
        "imports.title",
        "Import orders from a spreadsheet",
        "从表格导入订单",
    ),
    (
        "imports.intro",
        "CSV, TSV or Excel (.xlsx), one row per product, rows of one order share its order number. Headers in English or Chinese: 订单号, 客户, 产品, 数量, 单价, 币种, 国家, 城市, 地址, 定制信息, 平台SKU, 品类… Any encoding (UTF-8, GBK, UTF-16…). A file with a wrong row is not imported at all.",
        "支持 CSV、TSV 或 Excel（.xlsx），每行一个产品，同一订单的各行订单号相同。表头可用中文或英文：订单号、客户、产品、数量、单价、币种、国家、城市、地址、定制信息、平台SKU、品类… 支持各种编码（UTF-8、GBK、UTF-16…）。只要有一行有误，整个文件都不会导入。",
    ),
    ("imports.file", "File", "文件"),
    (
        "imports.platform",
        "Platform for rows without one",
        "未注明平台的行所属平台",
    ),
    ("imports.preview", "Check the file", "检查文件"),
    ("imports.confirm", "Import these orders", "导入这些订单"),
    ("imports.found", "Found", "文件内容"),
    ("imports.rows", "rows", "行"),
    ("imports.orders", "orders", "个订单"),
    (
        "imports.stored",
        "already stored (not taken again)",
        "已存在（不会重复导入）",
    ),
    ("imports.created", "Imported", "已导入"),
    (
        "imports.nothing_new",
        "Every order in this file is stored already.",
        "该文件中的订单均已存在。",
    ),
    ("imports.row", "Row", "行号"),
    ("imports.column", "Column", "列"),
    ("imports.reason", "Why", "原因"),
    (
        "imports.expired",
        "That file is no longer waiting (15 minutes, same person): upload it again.",
        "该文件已过期（保留 15 分钟，且仅限上传者）：请重新上传。",
    ),
    ("imports.encoding", "read as", "编码"),
    ("channels.title", "Sales channels", "销售渠道"),
    (
        "channels.intro",
        "Stores on Shopify and WooCommerce send orders to their webhook address; Etsy and Amazon orders are imported as their API returns them.",
        "Shopify 和 WooCommerce 店铺把订单推送到各自的 Webhook 地址；Etsy 和 Amazon 的订单按其接口返回的原样导入。",
    ),
    ("channels.kind", "Platform", "平台"),
    ("channels.orders_arrive", "Orders arrive", "订单到达后"),
    (
        "channels.released",
        "Released to suppliers",
        "直接下发给供应商",
    ),
    (
        "channels.pending",
        "Pending, for an operator",
        "待处理，由运营下发",
    ),
    ("channels.webhook_url", "Webhook address", "Webhook 地址"),
    (
        "channels.import_url",
        "Import address (API)",
        "导入地址（接口）",
    ),
    (
        "channels.no_secret",
        "No secret: webhooks are refused",
        "未设置密钥：Webhook 将被拒绝",
    ),
    ("channels.add", "Add a channel", "添加渠道"),
    ("channels.secret", "Webhook secret", "Webhook 密钥"),
    (
        "channels.secret_help",
        "Shopify: the app's client secret. WooCommerce: the webhook's secret. Kept to check signatures; never shown again.",
        "Shopify：应用的客户端密钥。WooCommerce：Webhook 的密钥。仅用于校验签名，之后不再显示。",
    ),
    (
        "channels.release",
        "Release orders to suppliers at once",
        "订单到达后立即下发给供应商",
    ),
    ("channels.save", "Save channel", "保存渠道"),
    ("export.label", "Export these", "导出"),
    ("sort.newest", "Newest first", "最新在前"),
    ("sort.oldest", "Oldest first", "最早在前"),
    (
        "error.invalid_date",
        "Give a date as YYYY-MM-DD.",
        "请按 年-月-日（YYYY-MM-DD）填写日期。",
    ),
    ("page.next", "Next page", "下一页"),
    ("order.order", "Order", "订单"),
    ("order.ship_to", "Ship to", "收货信息"),
    (
        "order.no_address",
        "No shipping address yet.",
        "尚无收货地址。",
    ),
    ("order.money", "Money", "金额"),
    ("order.items", "Items", "商品"),
    (
        "order.extras",
        "Fees, tips, gift cards",
        "费用、小费、礼品卡",
    ),
    ("order.rest", "Shipping, tax and other", "运费、税费及其他"),
    ("order.total", "Total", "合计"),
    (
        "order.total_computed",
        "Total (from the lines)",
        "合计（按订单行计算）",
    ),
    ("order.line_task", "Supplier and task", "供应商与任务"),
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
    ("task.late", "late", "已逾期"),
    ("task.due_today", "due today", "今天到期"),
    ("task.reassign_to", "Give to", "改派给"),
    ("task.reassign", "Reassign", "改派"),
    ("task.stop", "More actions…", "更多操作…"),
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
    ("categories.edit", "Edit category", "编辑品类"),
    ("suppliers.edit", "Edit supplier", "编辑供应商"),
    (
        "suppliers.confirm_deactivate",
        "Deactivating a supplier stops new tasks going to it. Tick “I am sure” to confirm.",
        "停用后将不再给该供应商分配新任务。请勾选“我确认”。",
    ),
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
    (
        "channels.store_url",
        "Store address (for links to the marketplace's admin)",
        "店铺地址（用于链接到平台后台）",
    ),
    ("order.upstream", "On the marketplace", "平台订单"),
    (
        "channels.orders_api",
        "Amazon Orders API (v0 is removed on 27 March 2027)",
        "亚马逊订单 API（v0 将于 2027 年 3 月 27 日停用）",
    ),
    (
        "imports.more",
        "Other columns and dates",
        "其他列和日期格式",
    ),
    (
        "imports.map",
        "Columns orderhub does not know: header=field, separated by commas (fields: order, product, quantity, price, customer, address, date, note, total, sku…)",
        "无法识别的列：表头=字段，以逗号分隔（字段：order、product、quantity、price、customer、address、date、note、total、sku…）",
    ),
    ("imports.dates", "Dates written as", "日期格式"),
    ("imports.dates_auto", "As the file shows", "按文件自动识别"),
    (
        "error.ambiguous_dates",
        "Every date could be day/month or month/day: choose how dates are written.",
        "日期无法区分日/月顺序，请选择日期格式。",
    ),
    (
        "error.invalid_mapping",
        "The column mapping is not header=field pairs of known fields.",
        "列映射须为“表头=字段”，且字段须为可识别的字段。",
    ),
    ("order.line_total", "line", "本行合计"),
    ("order.no_task", "No supplier task", "无需供应商处理"),
    ("no_task.not_shipped", "nothing to ship", "无需发货"),
    ("no_task.tip", "a tip", "小费"),
    ("no_task.gift_card", "a gift card", "礼品卡"),
    ("no_task.fee", "a fee", "费用"),
    ("no_task.digital", "a download", "数字商品"),
    (
        "suppliers.sees_phone",
        "Show the customer's phone to this supplier",
        "向该供应商显示客户电话",
    ),
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
    (
        "error.cross_origin_request",
        "This request came from another site and was refused.",
        "该请求来自其他网站，已被拒绝。",
    ),
    (
        "error.csrf_token_invalid",
        "This form has expired. Reload the page and try again.",
        "表单已过期，请刷新页面后重试。",
    ),
    (
        "error.empty_patch",
        "Change at least one field.",
        "请至少修改一项。",
    ),
    (
        "error.forbidden",
        "You may not do this.",
        "您无权执行此操作。",
    ),
    (
        "error.idempotency_key_in_flight",
        "The same request is still being processed.",
        "相同的请求仍在处理中。",
    ),
    (
        "error.idempotency_key_reused",
        "This request key was used for a different request.",
        "该请求标识已用于另一个请求。",
    ),
    (
        "error.in_the_past",
        "Choose a time in the future.",
        "请选择将来的时间。",
    ),
    (
        "error.invalid_characters",
        "This contains characters that are not allowed.",
        "包含不允许的字符。",
    ),
    (
        "error.invalid_country",
        "Use a two-letter country code, such as US or CN.",
        "请使用两位国家代码，例如 US 或 CN。",
    ),
    (
        "error.invalid_credentials",
        "The e-mail or password is wrong.",
        "邮箱或密码错误。",
    ),
    (
        "error.invalid_idempotency_key",
        "The request key is not valid.",
        "请求标识无效。",
    ),
    (
        "error.invalid_initial_status",
        "A new order is pending or released to suppliers.",
        "新订单只能是待处理或已下发给供应商。",
    ),
    (
        "error.invalid_query",
        "A filter of this page is not valid.",
        "页面筛选条件无效。",
    ),
    (
        "error.invalid_sku_prefix",
        "Use 1 to 16 letters, digits or dashes.",
        "请使用 1 到 16 个字母、数字或连字符。",
    ),
    (
        "error.malformed_json",
        "The data sent could not be read.",
        "无法读取提交的数据。",
    ),
    (
        "error.not_allowed",
        "Only supplier accounts act for a supplier.",
        "只有供应商账号才能代表供应商。",
    ),
    (
        "error.not_empty",
        "The database must be empty for this.",
        "此操作需要空数据库。",
    ),
    (
        "error.not_supported",
        "This is not supported yet.",
        "暂不支持此功能。",
    ),
    (
        "error.order_stored_meanwhile",
        "This order was stored meanwhile; reload the page.",
        "该订单刚刚已被保存，请刷新页面。",
    ),
    (
        "error.invalid_type",
        "A value has the wrong type.",
        "某个值的类型不对。",
    ),
    (
        "error.missing_field",
        "A required field is missing.",
        "缺少必填字段。",
    ),
    (
        "error.unknown_field",
        "The request has a field orderhub does not know.",
        "请求中有无法识别的字段。",
    ),
    (
        "error.unauthorized",
        "Sign in again: the session or token is missing, expired or revoked.",
        "请重新登录：会话或令牌缺失、已过期或已撤销。",
    ),
    (
        "error.email_taken",
        "An account with this e-mail exists already.",
        "已有账户使用此邮箱。",
    ),
    (
        "error.method_not_allowed",
        "This address does not take that kind of request.",
        "此地址不接受这种请求。",
    ),
    (
        "error.http_error",
        "The request was refused.",
        "请求被拒绝。",
    ),
    (
        "error.internal",
        "Something went wrong on our side; nothing was changed. Try again.",
        "服务器出错，未做任何更改，请重试。",
    ),
    (
        "error.last_admin",
        "The last active administrator keeps the role and can sign in: make another administrator first.",
        "最后一位启用中的管理员不能被降级或停用：请先设置另一位管理员。",
    ),
    (
        "error.own_tokens_only",
        "You may manage only your own tokens.",
        "您只能管理自己的令牌。",
    ),
    (
        "error.payload_too_large",
        "What was sent is too large.",
        "提交的内容过大。",
    ),
    (
        "error.reserved_name",
        "This name is reserved.",
        "该名称为系统保留。",
    ),
    (
        "error.session_only",
        "Sign in to do this.",
        "请先登录再执行此操作。",
    ),
    (
        "error.sku_space_exhausted",
        "Every SKU of this template is used; lengthen the template.",
        "该模板的 SKU 已用尽，请加长模板。",
    ),
    (
        "error.sku_taken",
        "This SKU exists already.",
        "该 SKU 已存在。",
    ),
    (
        "error.supplier_task_fields",
        "Suppliers record production times, shipping and notes; the due date is set by the seller.",
        "供应商可填写生产时间、物流和备注；交期由卖家设定。",
    ),
    ("error.too_large", "This is too large.", "内容过大。"),
    (
        "error.too_many",
        "There are too many entries.",
        "条目过多。",
    ),
    (
        "error.too_many_attempts",
        "Too many failed sign-ins. Try again later.",
        "登录失败次数过多，请稍后再试。",
    ),
    (
        "error.unavailable",
        "The database is busy. Try again shortly.",
        "数据库繁忙，请稍后重试。",
    ),
    (
        "error.unsupported_media_type",
        "This kind of data is not accepted here.",
        "此处不接受该类型的数据。",
    ),
    (
        "error.wrong_password",
        "The current password is wrong.",
        "当前密码错误。",
    ),
    (
        "error.staff_only",
        "Only the seller's team may do this.",
        "只有卖家团队可以执行此操作。",
    ),
    (
        "error.no_order_access",
        "You may not see this order.",
        "您无权查看此订单。",
    ),
    (
        "error.no_task_access",
        "You may not see this task.",
        "您无权查看此任务。",
    ),
    (
        "error.admin_only",
        "Only administrators may do this.",
        "只有管理员可以执行此操作。",
    ),
    (
        "error.no_token_access",
        "You may not manage tokens.",
        "您无权管理令牌。",
    ),
    (
        "error.supplier_transition",
        "Only the task's supplier or an operator may make this move.",
        "只有该任务的供应商或运营人员可以执行此操作。",
    ),
    (
        "error.automatic_transition",
        "orderhub makes this move by itself.",
        "此状态由系统自动变更。",
    ),
    (
        "error.no_supplier",
        "No supplier serves this category.",
        "没有供应商负责该品类。",
    ),
    (
        "error.no_active_supplier",
        "Every supplier of this category is inactive.",
        "该品类的供应商均已停用。",
    ),
    (
        "error.all_suppliers_rejected",
        "Every supplier of this category turned it down.",
        "该品类的所有供应商都拒绝了此任务。",
    ),
    (
        "error.task_cancelled",
        "Its task was cancelled.",
        "其任务已被取消。",
    ),
    (
        "error.no_category_matched",
        "No category's keywords match the title.",
        "标题没有匹配任何品类关键词。",
    ),
    (
        "error.ambiguous_category",
        "The title matches several categories.",
        "标题匹配了多个品类。",
    ),
    (
        "error.password_contains_email",
        "The password must not contain your e-mail name.",
        "密码不能包含邮箱用户名。",
    ),
    (
        "error.password_too_common",
        "This password is too common; choose another.",
        "该密码过于常见，请换一个。",
    ),
    (
        "error.password_too_short",
        "Use at least 12 characters.",
        "请至少使用 12 个字符。",
    ),
    (
        "error.unknown_supplier",
        "There is no such supplier.",
        "没有这个供应商。",
    ),
    (
        "error.supplier_not_in_category",
        "This supplier does not serve the task's category.",
        "该供应商不负责此任务的品类。",
    ),
    (
        "error.supplier_inactive",
        "This supplier is inactive.",
        "该供应商已停用。",
    ),
    (
        "error.supplier_excluded",
        "This supplier has the task already or turned it down.",
        "该供应商已持有或拒绝过此任务。",
    ),
    (
        "error.invalid_payload",
        "The platform's order lacks something an order needs.",
        "平台发来的订单缺少必要信息。",
    ),
    (
        "error.invalid_signature",
        "The webhook's signature does not match the channel's secret.",
        "Webhook 签名与渠道密钥不符。",
    ),
    (
        "error.no_webhooks",
        "This platform sends no order webhooks; import its orders instead.",
        "该平台不推送订单 Webhook，请改用导入。",
    ),
    (
        "error.invalid_value",
        "Choose one of the options.",
        "请从选项中选择。",
    ),
    (
        "error.invalid_url",
        "Give an http:// or https:// address.",
        "请填写 http:// 或 https:// 开头的地址。",
    ),
    (
        "error.unknown_event_type",
        "There is no such event type.",
        "没有这种事件类型。",
    ),
    (
        "error.invalid_rows",
        "Some rows are wrong; nothing was imported.",
        "部分行有误，未导入任何订单。",
    ),
    (
        "error.missing_column",
        "A required column is missing.",
        "缺少必需的列。",
    ),
    (
        "error.unreadable_file",
        "The file cannot be read.",
        "无法读取该文件。",
    ),
    (
        "error.invalid_number",
        "This is not a number.",
        "这不是有效的数字。",
    ),
    (
        "error.duplicate_code",
        "This code is on an earlier row too.",
        "该编码在前面的行中已出现。",
    ),
    (
        "error.image_ambiguous",
        "Several pictures in the zip have this name; give its folder.",
        "压缩包中有多张同名图片，请写明所在文件夹。",
    ),
    (
        "error.image_not_found",
        "This picture is not in the zip.",
        "压缩包中没有这张图片。",
    ),
    (
        "error.image_too_large",
        "The picture is over 1 MB.",
        "图片超过 1 MB。",
    ),
    (
        "error.cancelled",
        "The work was abandoned because the request ended; send it again.",
        "请求已结束，处理被中止；请重新提交。",
    ),
    (
        "error.cell_too_large",
        "A cell of the file is too long (over 4,000 bytes).",
        "文件中有单元格内容过长（超过 4000 字节）。",
    ),
    (
        "error.file_too_large",
        "The file unpacks to more than orderhub takes; split it.",
        "文件解压后过大，请拆分后再上传。",
    ),
    (
        "error.too_many_rows",
        "The file has more rows than one import takes (50,000); split it.",
        "文件行数超过单次导入上限（50,000 行），请拆分。",
    ),
    (
        "error.too_many_columns",
        "A row uses more columns than orderhub reads (256); remove the unused ones.",
        "有行使用的列数超过上限（256 列），请删除多余的列。",
    ),
    (
        "error.private_address",
        "The address is on this machine or a private network; only public addresses are called.",
        "该地址位于本机或内网，只允许调用公网地址。",
    ),
    (
        "error.unresolvable_host",
        "The address's host name cannot be found.",
        "无法解析该地址的主机名。",
    ),
    (
        "error.image_dimensions_too_large",
        "The picture is too large: at most 10,000 pixels on a side and 25 megapixels.",
        "图片过大：每边最多 10,000 像素，总计最多 2500 万像素。",
    ),
    (
        "error.image_too_small",
        "The picture is smaller than 600×600 pixels.",
        "图片小于 600×600 像素。",
    ),
    (
        "error.not_jpeg",
        "Only .jpg pictures are accepted.",
        "只支持 .jpg 图片。",
    ),
    (
        "error.no_product_access",
        "This account may not manage products.",
        "此账户无权管理产品。",
    ),
    (
        "error.own_products_only",
        "A supplier manages its own products only.",
        "供应商只能管理自己的产品。",
    ),
    (
        "error.product_code_taken",
        "This supplier has a product with this code already.",
        "该供应商已有相同编码的产品。",
    ),
    (
        "error.no_sheet",
        "The zip holds no product sheet (.csv, .tsv or .xlsx).",
        "压缩包中没有产品表格（.csv、.tsv 或 .xlsx）。",
    ),
    (
        "error.several_sheets",
        "The zip holds several sheets; put exactly one in it.",
        "压缩包中有多个表格，请只放一个。",
    ),
    (
        "error.not_a_zip",
        "This is not a .zip file: zip the sheet and the pictures together.",
        "这不是 .zip 文件：请把表格和图片一起压缩上传。",
    ),
    (
        "error.unsafe_path",
        "The zip holds a name outside its folder or a link; it was refused.",
        "压缩包中含有指向文件夹之外的路径或链接，已拒绝。",
    ),
    (
        "error.zip_too_large",
        "The upload is too large; split it.",
        "上传内容过大，请分批上传。",
    ),
    (
        "error.no_polling",
        "Only Etsy and Amazon channels are polled.",
        "只有 Etsy 和 Amazon 渠道需要轮询。",
    ),
    (
        "error.main_not_white",
        "The main picture needs a white background.",
        "主图需是白色背景。",
    ),
    (
        "error.unreadable_body",
        "What was sent could not be read completely; send it again.",
        "提交的内容未能完整读取，请重新提交。",
    ),
    ("account.title", "Your account", "我的账户"),
    ("account.profile", "Profile", "个人资料"),
    ("account.display_name", "Name shown to others", "显示名称"),
    (
        "account.language",
        "Language on every device",
        "所有设备的默认语言",
    ),
    (
        "account.language_browser",
        "The browser's language",
        "跟随浏览器",
    ),
    (
        "account.language_hint",
        "The language link at the top changes only the browser you use it on.",
        "页面顶部的语言链接只更改当前浏览器的语言。",
    ),
    ("account.time_zone", "Time zone", "时区"),
    (
        "account.zone_browser",
        "The browser's time zone",
        "跟随浏览器时区",
    ),
    ("account.zone_now", "Times are shown in:", "当前显示时区："),
    (
        "account.no_such_zone",
        "Pick a time zone from the list.",
        "请从列表中选择时区。",
    ),
    ("account.save", "Save", "保存"),
    ("account.saved", "Your settings are saved.", "设置已保存。"),
    ("account.password", "Password", "密码"),
    ("account.current_password", "Current password", "当前密码"),
    ("account.new_password", "New password", "新密码"),
    (
        "account.password_hint",
        "At least 12 characters. Every other session is signed out.",
        "至少 12 个字符。其他会话将全部退出登录。",
    ),
    ("account.change_password", "Change password", "修改密码"),
    (
        "account.password_changed",
        "Password changed; every other session is signed out.",
        "密码已修改，其他会话已全部退出登录。",
    ),
    (
        "account.sessions",
        "Where you are signed in",
        "已登录的设备",
    ),
    ("account.browser", "Browser", "浏览器"),
    ("account.ip", "Address", "IP 地址"),
    ("account.started", "Signed in", "登录时间"),
    ("account.last_seen", "Last used", "最近使用"),
    ("account.this_one", "this browser", "当前浏览器"),
    (
        "account.end_others",
        "Sign out everywhere else",
        "退出其他所有设备",
    ),
    (
        "account.ended_others",
        "Signed out of {count} other sessions.",
        "已退出其他 {count} 个会话。",
    ),
    ("nav.account", "Account", "账户"),
    ("nav.menu", "Menu", "菜单"),
    ("nav.users", "Users", "用户"),
    ("nav.tokens", "API tokens", "API 令牌"),
    ("first.title", "To get orders flowing", "开始使用前的准备"),
    ("views.title", "Saved views", "已保存的视图"),
    (
        "views.save",
        "Save these filters as a view",
        "将当前筛选保存为视图",
    ),
    ("views.name", "View name", "视图名称"),
    ("views.share", "Share with the team", "与团队共享"),
    ("views.shared", "shared with the team", "已与团队共享"),
    ("views.keep", "Save view", "保存视图"),
    ("views.remove", "Remove view", "删除视图"),
    ("views.saved", "View {name} saved.", "视图 {name} 已保存。"),
    ("views.removed", "View removed.", "视图已删除。"),
    (
        "list.range",
        "{from}–{to} of {total}",
        "第 {from}–{to} 条，共 {total} 条",
    ),
    (
        "list.range_more",
        "{from}–{to} of more than {total}",
        "第 {from}–{to} 条，共 {total} 条以上",
    ),
    ("list.range_open", "{from}–{to}", "第 {from}–{to} 条"),
    ("keys.open", "Keyboard shortcuts (?)", "键盘快捷键（?）"),
    ("keys.title", "Keyboard shortcuts", "键盘快捷键"),
    ("keys.move", "next / previous task", "下一个 / 上一个任务"),
    ("keys.accept", "accept the task", "接受任务"),
    (
        "keys.ship",
        "ship it: type the carrier, then the tracking number",
        "发货：填写承运商和运单号",
    ),
    ("keys.open_task", "open the task", "打开任务"),
    ("keys.help", "show or hide this list", "显示或隐藏此列表"),
    ("keys.close", "Close", "关闭"),
    (
        "first.category",
        "Add a category: the keywords that sort order lines and the SKU pattern",
        "添加品类：用于给订单行分类的关键词和 SKU 规则",
    ),
    (
        "first.supplier",
        "Add a supplier and the categories it makes",
        "添加供应商及其生产的品类",
    ),
    (
        "first.channel",
        "Connect a sales channel (Shopify, WooCommerce, Etsy, Amazon) or import a spreadsheet",
        "接入销售渠道（Shopify、WooCommerce、Etsy、Amazon）或导入表格",
    ),
    (
        "first.user",
        "Invite your team and your suppliers' people (an administrator does this)",
        "邀请团队成员和供应商人员（由管理员操作）",
    ),
    ("tokens.title", "API tokens", "API 令牌"),
    (
        "tokens.intro",
        "For your own systems to call orderhub's API (Authorization: Bearer …). Each acts with its role; a supplier's only for that supplier.",
        "供你自己的系统调用 orderhub API（Authorization: Bearer …）。每个令牌按其角色行事；供应商的令牌只能访问该供应商的数据。",
    ),
    ("tokens.created_at", "Created", "创建时间"),
    ("tokens.last_used", "Last used", "最近使用"),
    ("tokens.never", "never", "从未"),
    ("tokens.expires", "Expires", "过期日期"),
    ("tokens.revoke", "Revoke", "吊销"),
    ("tokens.revoked_at", "Revoked", "已吊销"),
    ("tokens.new", "A new token", "新建令牌"),
    ("tokens.create", "Create token", "创建令牌"),
    (
        "tokens.created",
        "Token {name} created. Copy it now; it is shown only this once:",
        "令牌 {name} 已创建。请立即复制，它只显示这一次：",
    ),
    (
        "tokens.revoked",
        "Token {name} revoked.",
        "令牌 {name} 已吊销。",
    ),
    ("users.title", "Users", "用户"),
    ("users.role", "Role", "角色"),
    ("users.last_login", "Last sign-in", "最近登录"),
    ("users.invite", "Invite someone", "邀请用户"),
    (
        "users.supplier_hint",
        "Supplier (for a supplier's account)",
        "所属供应商（供应商账户）",
    ),
    ("users.password", "Password (optional)", "密码（可选）"),
    (
        "users.password_hint",
        "Leave it empty to get a one-time link instead, for them to choose their own.",
        "留空则生成一次性链接，由对方自行设置密码。",
    ),
    ("users.create", "Create the account", "创建账户"),
    (
        "users.pending",
        "invited; the link works until {until}",
        "已邀请，链接有效期至 {until}",
    ),
    (
        "users.link",
        "A one-time link for {email} to set a password, valid until {until}. Pass it on; it is shown only now:",
        "{email} 的一次性设置密码链接，有效期至 {until}。请转交对方，链接仅显示这一次：",
    ),
    ("users.can_sign_in", "Can sign in", "允许登录"),
    (
        "users.signed_out_hint",
        "Changing the role or turning sign-in off signs them out everywhere.",
        "更改角色或停用登录会让其在所有设备上退出。",
    ),
    ("users.new_link", "New password link", "新的设置密码链接"),
    (
        "users.new_link_hint",
        "For someone invited whose link expired, or who forgot their password. An earlier link stops working.",
        "用于邀请链接已过期或忘记密码的用户。之前的链接将失效。",
    ),
    ("invite.title", "Choose your password", "设置密码"),
    ("invite.for", "For {email}.", "账户：{email}。"),
    (
        "invite.hint",
        "At least 12 characters; not your e-mail address.",
        "至少 12 个字符，且不能包含邮箱地址。",
    ),
    ("invite.set", "Set password and sign in", "设置密码并登录"),
    (
        "invite.gone",
        "This link has expired or was already used. Ask whoever invited you for a new one.",
        "该链接已过期或已被使用。请联系邀请你的人获取新链接。",
    ),
    (
        "invite.welcome",
        "Welcome! Signed in as {email}.",
        "欢迎！已登录为 {email}。",
    ),
    ("tasks.closed", "Closed", "已结束"),
    ("task.no_due", "no date set", "未设定"),
    ("bulk.pick", "Select", "选择"),
    (
        "bulk.pick_page",
        "Select every task on this page",
        "选择本页全部任务",
    ),
    ("bulk.ticked", "With the ticked tasks", "对勾选的任务"),
    (
        "bulk.all_matching",
        "every task this filter matches (up to {limit})",
        "本筛选条件下的全部任务（最多 {limit} 个）",
    ),
    ("bulk.apply", "Apply", "执行"),
    (
        "bulk.none_ticked",
        "Tick the tasks to move first.",
        "请先勾选要处理的任务。",
    ),
    (
        "bulk.moved",
        "{count} tasks: {status}.",
        "{count} 个任务：{status}。",
    ),
    (
        "bulk.refused",
        "{count} refused: {which}",
        "{count} 个未执行：{which}",
    ),
    (
        "flash.task_moved",
        "Task {sku}: {status}.",
        "任务 {sku}：{status}。",
    ),
    (
        "flash.task_reassigned",
        "Task {sku} given to {supplier}.",
        "任务 {sku} 已改派给 {supplier}。",
    ),
    (
        "flash.task_saved",
        "Task {sku} saved.",
        "任务 {sku} 已保存。",
    ),
    (
        "flash.order_moved",
        "Order {number}: {status}.",
        "订单 {number}：{status}。",
    ),
    (
        "flash.still_unrouted",
        "Nothing routed: order {number} still needs attention. {why}",
        "未能分配：订单 {number} 仍需处理。{why}",
    ),
    ("flash.line_why", "Line {no}: {why}", "第 {no} 行：{why}"),
    ("flash.saved", "{name} saved.", "{name} 已保存。"),
    ("flash.created", "{name} created.", "{name} 已创建。"),
    (
        "flash.imported_orders",
        "{file}: {created} orders created, {stored} already stored.",
        "{file}：新建 {created} 个订单，{stored} 个已存在。",
    ),
    (
        "flash.imported_suppliers",
        "{file}: {created} suppliers created.",
        "{file}：新建 {created} 个供应商。",
    ),
    (
        "flash.uploaded_products",
        "{file}: {created} products created, {updated} updated.",
        "{file}：新建 {created} 个商品，更新 {updated} 个。",
    ),
    (
        "flash.poll_queued",
        "{name} will be polled now.",
        "{name} 将立即拉取。",
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

    /// Every refusal code, access rule and unrouted reason the server can
    /// give has a sentence in both languages: the vocabularies are enums,
    /// so the list is complete by construction.
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
            .filter(|code| !TEXTS.iter().any(|(k, ..)| *k == format!("error.{code}")))
            .collect();
        assert!(missing.is_empty(), "no text for error.{missing:?}");
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
