# orderhub 网页界面：简体中文。
#
# 每个键一条消息；`{ $name }` 由程序填入。一句话始终是一条完整消息，
# 不由片段拼接，各语言可自由安排语序。
# `cargo test -p orderhub-api --lib i18n` 检查每条消息在每种语言中都存在、
# 变量一致，且代码使用的键都存在。

## app

app-name = orderhub
app-tagline = 订单从各渠道进来，供应商任务从这里发出。

## nav

nav-workflow = 流程
nav-api = 接口文档
nav-signed_in_as = 当前用户
nav-sign_out = 退出登录
nav-language = English
nav-orders = 订单
nav-tasks = 任务
nav-my_tasks = 我的任务
nav-channels = 销售渠道
nav-imports = 导入
nav-products = 产品
nav-webhooks = Webhook
nav-suppliers = 供应商
nav-categories = 品类
nav-automation = 自动化记录
nav-dashboard = 概览
nav-account = 账户
nav-menu = 菜单
nav-users = 用户
nav-tokens = API 令牌

## login

login-title = 登录
login-plain_http = 此页面通过普通 HTTP 打开，浏览器不会保存登录 Cookie（它只通过 HTTPS 发送）。请通过 HTTPS 访问 orderhub；或在可信网络中使用 --secure-cookies false 启动。
login-email = 邮箱
login-password = 密码
login-submit = 登录
login-failed = 邮箱或密码错误。
login-throttled = 登录失败次数过多，请稍后再试。
login-refused = 该请求来自其他网站，已被拒绝。

## role

role-admin = 管理员
role-operator = 运营
role-supplier = 供应商
role-purchaser = 采购方

## workflow

workflow-title = 流程
workflow-intro = 订单、任务和样稿如何流转。图由服务器执行的同一规则表生成。
workflow-order = 订单
workflow-task = 供应商任务
workflow-by_operator = 运营操作
workflow-by_supplier = 供应商操作
workflow-by_automatic = 自动

## orders

orders-title = 订单
orders-add = 录入订单
orders-save = 保存订单
orders-by_keywords = 按标题关键词
orders-release_now = 立即发布给供应商
orders-keep_pending = 暂不发布

## field

field-currency = 币种
field-customization = 定制信息
field-category = 品类
field-keywords = 关键词
field-sku_prefix = SKU 前缀
field-sku_template = SKU 模板
field-strategy = 分配方式
field-name = 名称
field-code = 代码（用于 SKU）
field-contact = 联系人
field-email = 邮箱
field-phone = 电话
field-weight = 权重（加权分配时的份额）
field-categories = 品类
field-active = 启用

## error

error-invalid_transition = 当前状态下无法执行该操作。
error-operator_only_transition = 只有运营可以执行该操作。
error-reason_required = 请填写原因。
error-carrier_required = 发货需要填写物流公司。
error-tracking_number_required = 发货需要填写运单号。
error-line_cancelled = 该订单行已取消或未生产，无法发起售后。
error-not_shipped = 该订单行尚未发货：请修改或取消其任务。
error-tracking_number_format = 运单号与所选物流公司的格式不符：请检查是否输错，或选择实际承运的物流公司。
error-order_has_shipped_tasks = 该订单已有任务发货，无法取消。
error-task_closed = 该任务已关闭。
error-invalid_status = 未知状态。
error-negative = 不能为负数。
error-too_precise = 小数位数超出该币种的精度。
error-invalid_line_count = 订单至少需要一行。
error-unknown_currency = 不是有效的 ISO 4217 币种代码。
error-invalid_platform = 请使用 1 到 32 个字母、数字、- 或 _。
error-invalid_date = 请按 年-月-日（YYYY-MM-DD）填写日期。
error-day_off = 供货商那天不上班，请选择工作日。
error-no_room = 从那天起一年内，供货商的产能都排不下。
error-short_stock = 库存不足：可用数量少于所需数量。
error-below_reserved = 盘点数量少于已为订单预留的数量：请先释放或发出这些预留。
error-unknown_location = 没有这个编码的库位。
error-unknown_sku = 该库位没有这个 SKU 的库存。
error-task_not_open = 这个任务已不在生产中，只有进行中的任务可以排期。
error-invalid_time = 请按 时:分（HH:MM，24 小时制）填写时间。
error-invalid_offset = 请按 +HH:MM 或 -HH:MM 填写与 UTC 的时差，例如 +08:00。
error-no_work_days = 请至少选择一个工作日。
error-invalid_date_time = 请按 年-月-日 时:分 填写时间。
error-not_found = 未找到，或您无权查看。
error-refused = 未执行
error-invalid_sku_template = SKU 模板无效。
error-ambiguous_dates = 日期无法区分日/月顺序，请选择日期格式。
error-invalid_mapping = 列映射须为“表头=字段”，且字段须为可识别的字段。
error-required = 此项为必填。
error-no_scorecard_access = 绩效考核仅供员工查看，供应商只能看自己的。
error-stat_bands = 区间边界须递增，且最多两位有效数字（50、120、1500）。
error-too_long = 内容过长。
error-out_of_range = 数值超出范围。
error-invalid_email = 邮箱地址格式不正确。
error-invalid_code = 请使用 1 到 16 个字母、数字或连字符。
error-control_characters = 不允许使用控制字符。
error-name_taken = 该名称已被使用。
error-unknown_category = 没有这个品类。
error-cross_origin_request = 该请求来自其他网站，已被拒绝。
error-csrf_token_invalid = 表单已过期，请刷新页面后重试。
error-empty_patch = 请至少修改一项。
error-forbidden = 您无权执行此操作。
error-idempotency_key_in_flight = 相同的请求仍在处理中。
error-idempotency_key_reused = 该请求标识已用于另一个请求。
error-in_the_past = 请选择将来的时间。
error-invalid_characters = 包含不允许的字符。
error-invalid_country = 请使用两位国家代码，例如 US 或 CN。
error-invalid_credentials = 邮箱或密码错误。
error-invalid_idempotency_key = 请求标识无效。
error-invalid_initial_status = 新订单只能是待处理或已下发给供应商。
error-invalid_query = 页面筛选条件无效。
error-invalid_sku_prefix = 请使用 1 到 16 个字母、数字或连字符。
error-malformed_json = 无法读取提交的数据。
error-not_allowed = 只有供应商账号才能代表供应商。
error-not_empty = 此操作需要空数据库。
error-not_supported = 暂不支持此功能。
error-order_stored_meanwhile = 该订单刚刚已被保存，请刷新页面。
error-invalid_type = 某个值的类型不对。
error-missing_field = 缺少必填字段。
error-unknown_field = 请求中有无法识别的字段。
error-unauthorized = 请重新登录：会话或令牌缺失、已过期或已撤销。
error-email_taken = 已有账户使用此邮箱。
error-method_not_allowed = 此地址不接受这种请求。
error-http_error = 请求被拒绝。
error-internal = 服务器出错，未做任何更改，请重试。
error-last_admin = 最后一位启用中的管理员不能被降级或停用：请先设置另一位管理员。
error-own_tokens_only = 您只能管理自己的令牌。
error-payload_too_large = 提交的内容过大。
error-reserved_name = 该名称为系统保留。
error-session_only = 请先登录再执行此操作。
error-sku_space_exhausted = 该模板的 SKU 已用尽，请加长模板。
error-sku_taken = 该 SKU 已存在。
error-supplier_task_fields = 供应商可填写生产时间、物流和备注；交期由卖家设定。
error-too_large = 内容过大。
error-too_many = 条目过多。
error-too_many_attempts = 登录失败次数过多，请稍后再试。
error-unavailable = 数据库繁忙，请稍后重试。
error-unsupported_media_type = 此处不接受该类型的数据。
error-wrong_password = 当前密码错误。
error-staff_only = 只有卖家团队可以执行此操作。
error-no_order_access = 您无权查看此订单。
error-no_plan_access = 只有员工和供货商本人可以查看或修改其工作日历、产能和生产计划。
error-no_task_access = 您无权查看此任务。
error-admin_only = 只有管理员可以执行此操作。
error-no_token_access = 您无权管理令牌。
error-supplier_transition = 只有该任务的供应商或运营人员可以执行此操作。
error-automatic_transition = 此状态由系统自动变更。
error-no_supplier = 没有供应商负责该品类。
error-no_active_supplier = 该品类的供应商均已停用。
error-all_suppliers_rejected = 该品类的所有供应商都拒绝了此任务。
error-no_capacity = 该品类没有供货商能在产能内按期完成这一行。
error-task_cancelled = 其任务已被取消。
error-no_category_matched = 标题没有匹配任何品类关键词。
error-ambiguous_category = 标题匹配了多个品类。
error-password_contains_email = 密码不能包含邮箱用户名。
error-password_too_common = 该密码过于常见，请换一个。
error-password_too_short = 请至少使用 12 个字符。
error-unknown_supplier = 没有这个供应商。
error-supplier_not_in_category = 该供应商不负责此任务的品类。
error-supplier_inactive = 该供应商已停用。
error-supplier_excluded = 该供应商已持有或拒绝过此任务。
error-invalid_payload = 平台发来的订单缺少必要信息。
error-invalid_signature = Webhook 签名与渠道密钥不符。
error-no_webhooks = 该平台不推送订单 Webhook，请改用导入。
error-invalid_value = 请从选项中选择。
error-invalid_url = 请填写 http:// 或 https:// 开头的地址。
error-unknown_event_type = 没有这种事件类型。
error-invalid_rows = 部分行有误，未导入任何订单。
error-missing_column = 缺少必需的列。
error-unreadable_file = 无法读取该文件。
error-invalid_number = 这不是有效的数字。
error-duplicate_code = 该编码在前面的行中已出现。
error-image_ambiguous = 压缩包中有多张同名图片，请写明所在文件夹。
error-image_not_found = 压缩包中没有这张图片。
error-image_too_large = 图片超过 1 MB。
error-cancelled = 请求已结束，处理被中止；请重新提交。
error-cell_too_large = 文件中有单元格内容过长（超过 4000 字节）。
error-file_too_large = 文件解压后过大，请拆分后再上传。
error-too_many_rows = 文件行数超过单次导入上限（50,000 行），请拆分。
error-too_many_columns = 有行使用的列数超过上限（256 列），请删除多余的列。
error-private_address = 该地址位于本机或内网，只允许调用公网地址。
error-unresolvable_host = 无法解析该地址的主机名。
error-image_dimensions_too_large = 图片过大：每边最多 10,000 像素，总计最多 2500 万像素。
error-image_too_small = 图片小于 600×600 像素。
error-not_jpeg = 只支持 .jpg 图片。
error-no_product_access = 此账户无权管理产品。
error-own_products_only = 供应商只能管理自己的产品。
error-product_code_taken = 该供应商已有相同编码的产品。
error-no_sheet = 压缩包中没有产品表格（.csv、.tsv 或 .xlsx）。
error-several_sheets = 压缩包中有多个表格，请只放一个。
error-not_a_zip = 这不是 .zip 文件：请把表格和图片一起压缩上传。
error-unsafe_path = 压缩包中含有指向文件夹之外的路径或链接，已拒绝。
error-zip_too_large = 上传内容过大，请分批上传。
error-no_polling = 只有 Etsy 和 Amazon 渠道需要轮询。
error-main_not_white = 主图需是白色背景。
error-unreadable_body = 提交的内容未能完整读取，请重新提交。

## tasks

tasks-title = 任务
tasks-mine = 我的任务
tasks-board = 看板
tasks-all_of_status = 查看该状态的全部任务
tasks-closed = 已结束

## col

col-number = 订单号
col-platform = 平台
col-customer = 客户
col-status = 状态
col-total = 金额
col-received = 接收时间
col-sku = SKU
col-supplier = 供应商
col-quantity = 数量
col-product = 产品
col-price = 单价
col-actions = 操作
col-when = 时间
col-who = 操作人
col-what = 事件

## filter

filter-all = 全部
filter-apply = 筛选
filter-search = 搜索
filter-from = 接收日期从
filter-to = 接收日期至
filter-sort = 排序
filter-clear = 清除筛选

## channels

channels-edit = 编辑
channels-new_secret = 新的 Webhook 签名密钥（留空则保留）
channels-remove_secret = 删除密钥（之后会拒绝 Webhook）
channels-category_map = 品类映射
channels-map_help = 每行一条：平台 SKU 或商品标题 = 品类
channels-map_line = 每行请写成：SKU 或标题 = 品类
channels-poll_next = 下次
channels-poll_since = 自此以来的更改
channels-poll_now = 立即轮询
channels-marketplaces = 站点 ID
channels-shop_id = 店铺 ID
channels-kept = 已保存；输入以替换
channels-client_id = OAuth 客户端 ID（用于刷新令牌）
channels-client_secret = LWA 客户端密钥
channels-access_token = 访问令牌
channels-refresh_token = 刷新令牌
channels-api_base = API 地址（留空：平台默认）
channels-interval = 轮询间隔秒数（至少 60）
channels-poll_active = 轮询此渠道
channels-poll_save = 保存轮询设置
channels-polling = 轮询
channels-poll_paused = 已暂停
channels-poll_last = 上次
channels-poll_never = 尚未轮询
channels-poll_orders = 个订单
channels-poll_problem = 问题
channels-poll_unset = 未设置轮询：请用
channels-title = 销售渠道
channels-intro = Shopify 和 WooCommerce 店铺把订单推送到各自的 Webhook 地址；Etsy 和 Amazon 的订单按其接口返回的原样导入。
channels-kind = 平台
channels-orders_arrive = 订单到达后
channels-released = 直接下发给供应商
channels-pending = 待处理，由运营下发
channels-webhook_url = Webhook 地址
channels-import_url = 导入地址（接口）
channels-no_secret = 未设置密钥：Webhook 将被拒绝
channels-add = 添加渠道
channels-secret = Webhook 密钥
channels-secret_help = Shopify：应用的客户端密钥。WooCommerce：Webhook 的密钥。仅用于校验签名，之后不再显示。
channels-release = 订单到达后立即下发给供应商
channels-save = 保存渠道
channels-store_url = 店铺地址（用于链接到平台后台）
channels-orders_api = 亚马逊订单 API（v0 将于 2027 年 3 月 27 日停用）

## webhooks

webhooks-active = 启用中
webhooks-paused = 已暂停：消息等待发送
webhooks-pause = 暂停
webhooks-resume = 恢复
webhooks-new_secret = 更换签名密钥
webhooks-delete = 删除此地址及其记录
webhooks-confirm_delete = 请勾选以确认删除。
webhooks-title = Webhook 推送
webhooks-intro = orderhub 会把所选事件按 Standard Webhooks 规范签名（webhook-id、webhook-timestamp、webhook-signature）后推送到您的地址，失败时约在一天内重试。
webhooks-events = 事件
webhooks-event = 事件
webhooks-add = 添加推送地址
webhooks-save = 保存推送地址
webhooks-created = 已添加推送地址：
webhooks-secret_once = 签名密钥仅显示这一次，请妥善保存：
webhooks-log = 推送记录
webhooks-deleted = 已删除。
webhooks-queued_again = 该消息将重新推送。
webhooks-attempts = 尝试次数
webhooks-answer = 最近响应
webhooks-redeliver = 重新推送
webhooks-delivered = 已送达
webhooks-failed = 已放弃
webhooks-pending = 等待中

## imports

imports-kind = 文件内容
imports-kind_orders = 订单（每行一个商品）
imports-kind_suppliers = 供应商（每行一个）
imports-confirm_suppliers = 导入这些供应商
imports-title = 从表格导入订单
imports-intro = 支持 CSV、TSV 或 Excel（.xlsx），每行一个产品，同一订单的各行订单号相同。表头可用中文或英文：订单号、客户、产品、数量、单价、币种、国家、城市、地址、定制信息、平台SKU、品类… 支持各种编码（UTF-8、GBK、UTF-16…）。只要有一行有误，整个文件都不会导入。
imports-file = 文件
imports-platform = 未注明平台的行所属平台
imports-preview = 检查文件
imports-confirm = 导入这些订单
imports-found = 文件内容
imports-nothing_new = 该文件中的订单均已存在。
imports-row = 行号
imports-column = 列
imports-reason = 原因
imports-expired = 该文件已过期（保留 15 分钟，且仅限上传者）：请重新上传。
imports-more = 其他列和日期格式
imports-map = 无法识别的列：表头=字段，以逗号分隔
imports-map_fields = 字段：
imports-dates = 日期格式
imports-dates_auto = 按文件自动识别

## products

products-title = 产品
products-supplier = 供应商
products-picture = 图片
products-main_picture = 主图
products-remove_picture = 删除
products-picture_file = .jpg 图片（至少 600×600，不超过 1 MB）
products-as_main = 作为主图
products-as_extra = 作为附加图
products-add_picture = 上传图片
products-code = 货号
products-product_title = 标题
products-supplier_price = 供货价
products-retail_price = 建议零售价
products-specs = 规格
products-upload = 产品批量上传
products-upload_intro = 把产品表格（CSV、TSV 或 XLSX；表头如 货号、标题、类目、供货价、主图、附加图）和 .jpg 图片（每张至少 600×600，不超过 1 MB）一起压缩成 zip 上传。保存前会列出所有问题。
products-template = 下载表格模板
products-file = zip 文件
products-would = 如果导入：
products-done = 已导入：
products-confirm = 确认导入这些产品
products-edit = 编辑
products-save = 保存产品
products-no_pictures = 暂无图片：请随产品 zip 一起上传。

## export

export-label = 导出

## sort

sort-newest = 最新在前
sort-oldest = 最早在前
sort-urgent = 加急在前
priority-urgent = 加急
priority-normal = 普通
field-priority = 优先级
orders-mark_urgent = 加急：先于普通订单生产和发货

## page

page-next = 下一页

## order

order-order = 订单
order-ship_to = 收货信息
order-no_address = 尚无收货地址。
order-money = 金额
order-items = 商品
order-extras = 费用、小费、礼品卡
order-rest = 运费、税费及其他
order-total = 合计
order-total_computed = 合计（按订单行计算）
order-line_task = 供应商与任务
order-lines = 订单行
order-tasks = 任务
order-timeline = 时间线
order-unrouted = 未分配
order-release = 发布给供应商
order-retry = 重新分配
order-cancel = 取消订单
order-actions = 当前可执行的操作
order-upstream = 平台订单
order-line_price = { $unit }（本行合计 { $total }）
order-no_task = 无需供应商处理

## confirm

confirm = 我确认

## task

task-reason = 原因
task-due = 交期
task-late = 已逾期
task-due_today = 今天到期
task-reassign_to = 改派给
task-reassign = 改派
task-stop = 更多操作…
task-assigned_at = 分配时间
task-started = 开始生产
task-produced = 生产完成
task-note = 备注
task-edit = 生产时间和备注
task-save = 保存
task-carrier = 物流公司
task-tracking = 运单号
task-no_due = 未设定

## move

move-accepted = 接受
move-rejected = 拒绝
move-in_production = 开始生产
move-produced = 标记已生产
move-shipped = 发货
move-completed = 完成
move-cancelled = 取消
move-done = 已保存。

## empty

empty = 暂无内容。

## dashboard

dashboard-title = 概览
dashboard-orders = 各状态订单数
dashboard-tasks = 各状态任务数
dashboard-intake = 各平台订单量
dashboard-today = 今天
dashboard-week = 最近 7 天
dashboard-intake_30_days = 最近 30 天每日订单
dashboard-attention = 需要处理的订单
dashboard-attention_reason = 有订单行无法分配
dashboard-fix = 去处理
dashboard-load = 供应商负载（未完成任务）

## history

history-title = 自动化记录
history-intro = 每一次分配决策：哪个供应商接到了订单行、用的是哪种分配方式、其他供应商为何未被选中。
history-line = 订单行
history-decision = 决策
history-candidates = 候选供应商
history-release = 发布时
history-after_rejection = 被拒绝后

## skipped

skipped-inactive = 未启用
skipped-rejected = 曾拒绝该订单行
skipped-zero_weight = 权重为 0

## categories

categories-title = 品类
categories-add = 添加品类
categories-save = 保存品类
categories-preview = 首个 SKU 预览
categories-keywords_help = 产品标题中代表该品类的词，用逗号分隔，任何语言均可。
categories-edit = 编辑品类

## suppliers

suppliers-edit = 编辑供应商
suppliers-confirm_deactivate = 停用后将不再给该供应商分配新任务。请勾选“我确认”。
suppliers-title = 供应商
suppliers-add = 添加供应商
suppliers-save = 保存供应商
suppliers-sees_phone = 向该供应商显示客户电话

## strategy

strategy-round_robin = 轮流分配
strategy-weighted = 按权重分配
strategy-least_loaded = 负载最少优先
strategy-soonest = 最快完成
field-proof = 生产前确认样稿
proof-title = 样稿
proof-by-buyer = 买家
buyer-proof-title = 请确认样稿
buyer-proof-for = 订单 { $order }：制作前请确认效果图。
buyer-proof-comment = 需要修改吗？（要求修改时必填）
buyer-proof-approve = 确认，按此制作
buyer-proof-ask = 要求修改
buyer-proof-approved = 谢谢：您已确认此样稿，将开始生产。
buyer-proof-changes = 谢谢：您的修改意见已发送，稍后会收到新的样稿。
buyer-proof-closed = 此样稿已无需您回复。
buyer-proof-unknown = 无法识别此链接。请确认链接完整，或联系卖家重新发送。
proof-status-required = 待上传
proof-status-submitted = 待确认
proof-status-with_buyer = 买家确认中
proof-status-changes_requested = 需修改
proof-status-approved = 已确认
proof-round = 第 { $n } 稿
proof-waits-supplier = 等待供应商
proof-waits-operator = 等待运营
proof-waits-buyer = 等待买家
proof-note = 备注
proof-comment = 意见（说明需要修改的地方）
proof-comment_by = { $who }：
proof-link_until = 买家链接有效期至 { $until }。
proof-upload_for = 代供应商上传
proof-files = 样稿文件
proof-files_help = JPEG、PNG 或 PDF，最多 5 个文件，每个不超过 10 MB。
proof-submit = 提交样稿
proof-approve = 确认样稿
proof-request_changes = 要求修改
proof-send = 发给买家确认
age-hours = { $n } 小时
age-days = { $n } 天
flash-proof_submitted = { $sku } 的样稿已提交。
flash-proof_approved = { $sku } 的样稿已确认，可以开始生产。
flash-proof_changes = 已要求修改 { $sku } 的样稿。
flash-proof_link = 请把此链接发给买家（有效期至 { $until }，只显示这一次）：
proof_policy-none = 无需样稿
proof_policy-personalised = 定制（个性化）订单行需要
proof_policy-always = 每个订单行都需要
categories-proof_help = 样稿是供应商上传的效果图，由您（或通过链接由买家）确认后才能开始生产。

## no_task

no_task-not_shipped = 无需发货
no_task-tip = 小费
no_task-gift_card = 礼品卡
no_task-fee = 费用
no_task-digital = 数字商品

## account

account-title = 我的账户
account-profile = 个人资料
account-display_name = 显示名称
account-language = 所有设备的默认语言
account-language_browser = 跟随浏览器
account-language_hint = 页面顶部的语言链接只更改当前浏览器的语言。
account-time_zone = 时区
account-zone_browser = 跟随浏览器时区
account-zone_now = 当前显示时区：
account-no_such_zone = 请从列表中选择时区。
account-save = 保存
account-saved = 设置已保存。
account-password = 密码
account-current_password = 当前密码
account-new_password = 新密码
account-password_hint = 至少 12 个字符。其他会话将全部退出登录。
account-change_password = 修改密码
account-password_changed = 密码已修改，其他会话已全部退出登录。
account-sessions = 已登录的设备
account-browser = 浏览器
account-ip = IP 地址
account-started = 登录时间
account-last_seen = 最近使用
account-this_one = 当前浏览器
account-end_others = 退出其他所有设备

## first

first-title = 开始使用前的准备
first-category = 添加品类：用于给订单行分类的关键词和 SKU 规则
first-supplier = 添加供应商及其生产的品类
first-channel = 接入销售渠道（Shopify、WooCommerce、Etsy、Amazon）或导入表格
first-user = 邀请团队成员和供应商人员（由管理员操作）

## views

views-title = 已保存的视图
views-save = 将当前筛选保存为视图
views-name = 视图名称
views-share = 与团队共享
views-shared = 已与团队共享
views-keep = 保存视图
views-remove = 删除视图
views-saved = 视图 { $name } 已保存。
views-removed = 视图已删除。

## list

list-range = 第 { $from }–{ $to } 条，共 { $total } 条
list-range_about = 第 { $from }–{ $to } 条，共约 { $total } 条
list-range_more = 第 { $from }–{ $to } 条，共 { $total } 条以上
list-range_open = 第 { $from }–{ $to } 条

## keys

keys-open = 键盘快捷键（?）
keys-title = 键盘快捷键
keys-move = 下一个 / 上一个任务
keys-accept = 接受任务
keys-ship = 发货：填写承运商和运单号
keys-open_task = 打开任务
keys-help = 显示或隐藏此列表
keys-close = 关闭

## tokens

tokens-title = API 令牌
tokens-intro = 供你自己的系统调用 orderhub API（Authorization: Bearer …）。每个令牌按其角色行事；供应商的令牌只能访问该供应商的数据。
tokens-created_at = 创建时间
tokens-last_used = 最近使用
tokens-never = 从未
tokens-expires = 过期日期
tokens-revoke = 吊销
tokens-revoked_at = 已吊销
tokens-new = 新建令牌
tokens-create = 创建令牌
tokens-created = 令牌 { $name } 已创建。请立即复制，它只显示这一次：
tokens-revoked = 令牌 { $name } 已吊销。

## users

users-title = 用户
users-role = 角色
users-last_login = 最近登录
users-invite = 邀请用户
users-supplier_hint = 所属供应商（供应商账户）
users-password = 密码（可选）
users-password_hint = 留空则生成一次性链接，由对方自行设置密码。
users-create = 创建账户
users-pending = 已邀请，链接有效期至 { $until }
users-link = { $email } 的一次性设置密码链接，有效期至 { $until }。请转交对方，链接仅显示这一次：
users-can_sign_in = 允许登录
users-signed_out_hint = 更改角色或停用登录会让其在所有设备上退出。
users-new_link = 新的设置密码链接
users-new_link_hint = 用于邀请链接已过期或忘记密码的用户。之前的链接将失效。

## invite

invite-title = 设置密码
invite-for = 账户：{ $email }。
invite-hint = 至少 12 个字符，且不能包含邮箱地址。
invite-set = 设置密码并登录
invite-gone = 该链接已过期或已被使用。请联系邀请你的人获取新链接。
invite-welcome = 欢迎！已登录为 { $email }。

## bulk

bulk-pick = 选择
bulk-pick_page = 选择本页全部任务
bulk-ticked = 对勾选的任务
bulk-apply = 执行
bulk-none_ticked = 请先勾选要处理的任务。

## flash

flash-task_moved = 任务 { $sku }：{ $status }。
flash-task_reassigned = 任务 { $sku } 已改派给 { $supplier }。
flash-task_saved = 任务 { $sku } 已保存。
flash-order_moved = 订单 { $number }：{ $status }。
flash-still_unrouted = 未能分配：订单 { $number } 仍需处理。{ $why }
flash-line_why = 第 { $no } 行：{ $why }
flash-saved = { $name } 已保存。
flash-created = { $name } 已创建。
flash-poll_queued = { $name } 将立即拉取。

## status

status-pending = 待处理
status-purchasing = 采购中
status-needs_attention = 需要处理
status-in_production = 生产中
status-shipped = 已发货
status-completed = 已完成
status-cancelled = 已取消
status-assigned = 已分配
status-accepted = 已接受
status-rejected = 已拒绝
status-produced = 已生产

## 含数量的完整句子

imports-found_orders = { $file }（编码 { $encoding }）：{ $rows } 行，{ $orders } 个订单，{ $stored } 个已存在（不会重复导入）。
imports-found_suppliers = { $file }（编码 { $encoding }）：{ $count } 个供应商。
imports-created_orders = 已导入 { $count } 个订单。
imports-created_suppliers = 已导入 { $count } 个供应商（已存在的名称会跳过）。
products-found = { $file }，工作表 { $sheet }（编码 { $encoding }）：{ $products } 个产品，{ $images } 张图片。
products-tally = 新增 { $created } · 更新 { $updated } · 未变 { $unchanged }
dashboard-as_of = 数据时间：{ $time }。
channels-poll_page = { $when }，从第 { $page } 页继续
categories-template_help = 可用标记：{ $tokens }。模板必须包含 { $required }。
account-ended_others = 已退出其他 { $count } 个会话。
bulk-moved = { $count } 个任务：{ $status }。
bulk-refused = { $count } 个未执行：{ $which }
bulk-all_matching = 本筛选条件下的全部任务（最多 { $limit } 个）
flash-imported_orders = { $file }：新建 { $created } 个订单，{ $stored } 个已存在。
flash-imported_suppliers = { $file }：新建 { $created } 个供应商。
flash-uploaded_products = { $file }：新建 { $created } 个商品，更新 { $updated } 个。

## 订单批量操作

bulk-ticked_orders = 对勾选的订单
bulk-release = 发布给供应商（或重新分配）
bulk-cancel = 取消
bulk-export_csv = 导出为 CSV
bulk-export_xlsx = 导出为 Excel
bulk-all_matching_orders = 本筛选条件下的全部订单（最多 { $limit } 个）
bulk-confirm_cancel = 确认取消（仅用于“取消”）
bulk-confirm_first = 取消后无法恢复：请先勾选“确认取消”。
bulk-none_ticked_orders = 未勾选订单：请勾选订单，或选择“本筛选条件下的全部订单”。
bulk-pick_order = 勾选订单 { $number }
bulk-still_unrouted = 仍需处理：有订单行无法分配
bulk-orders_moved = { $count } 个订单：{ $status }。

## 渠道与概览：完整句子

channels-poll_every_seconds = 每 { $seconds } 秒
channels-poll_last_at = 上次拉取 { $when }
channels-poll_orders_seen = 已见 { $count } 个订单
channels-poll_problem_is = 问题：{ $error }
dashboard-late_due = { $late } 个任务已逾期 · { $due } 个今日到期

## 平台（订单来源；其他平台按原样显示）

fulfilment-title = 平台物流回传
fulfilment-pending = 等待回传
fulfilment-sent = 已回传
fulfilment-failed = 回传失败
fulfilment-next_try = { $error }——下次重试 { $when }
fulfilment-retry = 重试
flash-fulfilment_retried = 将再次向平台回传物流信息。
channels-push = 向平台回传发货信息
channels-push_help = 本渠道订单的任务发货后，自动把物流公司和运单号回传给平台（Shopify 创建履约，Etsy 标记收据发货，亚马逊确认发货，WooCommerce 给买家留言、写入物流跟踪并在全部发货后完成订单）。失败会自动重试，并在订单页显示。
channels-push_uses_poll = 使用上方设置的接口授权。
channels-push_api_base = 店铺地址
channels-push_token = 管理接口访问令牌
channels-push_key = 接口消费者密钥
channels-push_secret = 消费者密钥密文
channels-push_active = 回传发货信息
channels-push_notify = 由平台向买家发送物流通知邮件
channels-push_save = 保存回传设置
task-delivered = 签收时间
tracking-title = 物流轨迹
tracking-info_received = 已下单
tracking-in_transit = 运输中
tracking-out_for_delivery = 派送中
tracking-delivered = 已签收
tracking-exception = 异常
tracking-returned = 退回寄件人
shipfile-title = 批量发货
shipfile-intro = 上传运单表格，表中每个任务一次性发货，各自带上物流公司和运单号；只要有一行有误，就一个都不发，并列出每一行的问题。
shipfile-columns = 列：商品编码（或任务编号）、快递公司、运单号，表头中英文均可。支持 CSV、TSV、Excel。
shipfile-ship = 发货
shipfile-link = 批量发货
flash-shipped_from_file = { $file }：已发货 { $count } 个任务。
nav-cases = 售后
cases-title = 售后单
cases-intro = 已发货订单行的退货、换货、补发、退款、重做和投诉。每张售后单交给做这一行的供货商，供货商须在 48 小时内答复；每张单须在 7 天内处理完毕。
cases-open_only = 只看未结的
cases-all = 全部（含已结）
cases-none = 暂无售后单。
cases-number = 售后单号
cases-kind = 类型
cases-opened = 创建时间
cases-reason = 问题描述
cases-requested = 买家诉求
cases-answer_by = 供货商答复期限
cases-resolve_by = 处理期限
cases-dispute = 异议理由
cases-return = 退回物流
cases-inspection = 退货质检
cases-passed = 合格
cases-failed = 不合格
cases-refund = 已退款
cases-chargeback = 由供货商承担
cases-remake = 重做或补发
cases-remake_task = 对应任务
cases-resolution = 处理结果
cases-order = 订单
cases-order_link = 查看订单
cases-task_link = 原生产任务
cases-files = 照片和文件
cases-photo = 售后照片
cases-next = 下一步
cases-why = 原因
cases-note = 备注
cases-amount = 金额
cases-reship_to = 交给
cases-same_supplier = 原供货商
cases-add_photos = 添加照片或文件
cases-upload = 上传
cases-open = 新建售后单
cases-line = 订单行
cases-all_units = 全部
cases-photos = 照片（JPEG、PNG 或 PDF）
cases-open_button = 创建售后单
case-kind-return = 退货
case-kind-exchange = 换货
case-kind-reshipment = 补发
case-kind-refund = 退款
case-kind-remake = 重做
case-kind-complaint = 投诉
case-status-open = 待供货商答复
case-status-disputed = 有异议
case-status-accepted = 已受理
case-status-returning = 退回途中
case-status-received = 已收到退货
case-status-inspected = 已质检
case-status-remaking = 重做或补发中
case-status-resolved = 已解决
case-status-closed = 已关闭
case-late-answer = 答复超时
case-late-resolve = 处理超时
case-step-opened = 创建
case-step-files = 添加照片
case-step-resolved = 已补发，处理完毕
case-step-accept = 受理
case-step-dispute = 提出异议
case-step-uphold = 平台维持售后
case-step-return_shipped = 买家已寄回
case-step-receive = 收到退货
case-step-inspect = 退货质检
case-step-refund = 退款
case-step-reship = 安排重做或补发
case-step-resolve = 处理完毕
case-step-charge_back = 由供货商承担
case-step-close = 关闭
case-do-accept = 受理
case-do-dispute = 提出异议
case-do-uphold = 维持售后
case-do-return_shipped = 买家已寄回
case-do-receive = 已收到退货
case-do-inspect = 记录质检结果
case-do-refund = 记录退款
case-do-reship = 重做或补发
case-do-resolve = 处理完毕
case-do-charge_back = 由供货商承担
case-do-close = 关闭售后单
flash-case_opened = 已创建售后单 { $number }。
flash-case_step = 售后单状态：{ $status }。
flash-case_files = 已添加到售后单。
print-what = 将勾选的任务打印为
print-production_sheet = 生产单
print-packing_slip = 发货单
print-pick_list = 拣货单
print-shipping_label = 快递面单占位页
print-button = 打印（PDF）
platform-amazon = 亚马逊
platform-etsy = Etsy
platform-shopify = Shopify
platform-woocommerce = WooCommerce
platform-taobao = 淘宝
platform-tmall = 天猫
platform-jd = 京东
platform-pinduoduo = 拼多多
platform-manual = 手工录入
platform-csv = 表格导入

## 付款状态

payment-unpaid = 待付款
payment-authorized = 已授权
payment-paid = 已付款
payment-partially_refunded = 部分退款
payment-refunded = 已退款

## 付款

error-payment_exceeds_total = 这笔付款会使已收金额超过订单总额。
error-refund_exceeds_paid = 退款金额超过了已收金额。
order-payments = 付款
payment-none = 尚无付款记录。
payment-kind = 记录
payment-method = 方式
payment-amount = 金额
payment-reference = 参考号（银行、支票）
payment-record = 记录
payment-kind_payment = 收款
payment-kind_refund = 退款
payment-method_online = 在线支付
payment-method_bank_transfer = 银行转账
payment-method_cheque = 支票
payment-method_cash_on_delivery = 货到付款
payment-method_marketplace = 经由电商平台
flash-payment_recorded = 已记录 { $amount }。付款状态：{ $status }。
order-confirm_receipt = 确认收货

## 三方状态：各方看到的状态文字

label-to_release = 待处理
label-purchasing = 采购中
label-special_handling = 特殊处理
label-shipped = 已发送
label-to_pay = 待付款
label-to_ship = 待发货
label-to_receive = 待收货
label-to_prepare = 等待备货
label-ready_to_ship = 等待发货
label-sent = 已发货
label-completed = 已完成
label-cancelled = 已取消
label-refunded = 已退款
orders-paid_already = 已付款

## 订单修改

error-version_conflict = 你打开此订单后它已被他人修改：请重新加载后再修改。
error-order_released = 此订单已发布：只能通过取消或改派任务来修改订单行。
error-order_closed = 此订单已关闭，不能再修改。

## The review gate (orderhub_domain::review)
nav-review = 评审
review-title = 评审队列
review-intro = 等待发给供应商的订单，以及每个订单在等什么。设为立即发布的渠道会在检查未通过时暂扣订单，付款或地址到达后自动发布。
review-tab-all = 全部待处理
review-tab-held = 因检查暂扣
review-tab-approval = 等待审批
review-empty = 没有等待中的订单。
review-more = 只显示最早的 50 个：处理完再看，或在订单列表中筛选。
review-waits_on = 等待
review-held = 暂扣
review-held_note = 此订单在等待自动发布：所有检查通过后即发给供应商。
review-all_passed = 全部检查通过
review-card = 评审
review-check-paid = 已付款
review-check-address = 收货地址
review-check-prices = 价格
review-check-approval = 审批
review-check-stock = 库存
review-check-materials = 物料
review-address-line1 = 街道
review-address-city = 城市
review-problem-unpaid = 订单状态：{ $status }。
review-problem-no_address = 没有收货地址。
review-problem-address_incomplete = 地址缺少{ $missing }。
review-problem-no_prices = 所有行都没有价格。
review-problem-below_supply_price = 第 { $line } 行售价 { $price }，低于 { $code } 的供货价 { $supply }。
review-problem-needs_approval = “{ $rule }”需要审批人：{ $approver }。
review-problem-short_stock = 第 { $line } 行需要 { $sku } { $quantity } 件，可发货库位只有 { $available } 件。可以等待到货（入库后会重新评审）、把该行换成其他产品，或放行让供货商生产。
review-problem-short_material = 生产这些行需要物料 { $sku } { $needed }，库存只有 { $available }。请先入库，或放行由车间自行备料。
review-approved = 已审批
review-awaiting_approval = 等待审批
review-comment = 备注（拒绝时必填）
review-approve = 批准并发布
review-reject = 拒绝并取消
review-not_yours = 由具备审批角色的人决定。
order-release_anyway = 仍然发布
rules-title = 审批规则
rules-intro = 满足某条规则全部条件的订单，需审批人批准后才发给供应商。金额只按规则的币种比较。
rules-none = 没有规则：订单无需审批。
rules-off = 已停用
rules-switch_off = 停用
rules-switch_on = 启用
rules-add = 添加规则
rules-conditions = 当订单……
rules-min_amount = 总额至少
rules-customer_email = 客户邮箱
rules-approver = 审批人
rules-save = 添加规则
rules-when_amount = 总额至少 { $amount }
rules-when_platform = 来自 { $platform }
rules-when_customer = 来自 { $email }
rules-sentence = { $name }：{ $when } 的订单需要审批人：{ $approver }。
flash-approved = { $order } 已批准并发布。
flash-approval_refused = { $order } 已拒绝并取消。
flash-rule_saved = 规则“{ $name }”已保存。
error-approval_required = 此订单发布前需要审批。
error-invalid_approver = 审批人须为管理员或运营。
error-not_your_approval = 此订单的规则需要他人审批。
error-nothing_to_approve = 此订单没有待审批事项。
error-rule_without_condition = 规则至少需要一个条件：金额、平台或客户。
event-order_created = 已接收
event-order_status_changed = 状态变更
event-order_upstream_updated = 平台更新
event-order_flagged = 需人工处理
event-case_opened = 售后单已创建
event-case_step = 售后单已处理
event-task_delivered = 物流显示已签收
event-order_fulfilment_sent = 物流信息已回传平台
event-order_fulfilment_failed = 平台未接受物流信息回传
event-order_fulfilment_retried = 重新回传物流信息
event-order_payment_recorded = 已记录付款
event-order_edited = 已修改
event-order_held = 评审暂扣
event-order_approved = 已审批
event-order_approval_refused = 审批拒绝
event-line_unrouted = 行未分配
event-task_routed = 任务已分配
event-task_status_changed = 任务状态变更
event-task_updated = 任务已修改

## Changes after release (orderhub_domain::amend)
error-amendment_pending = 订单有变更：请先接受或拒绝变更再继续。
error-no_amendment = 此任务没有待处理的变更。
error-comment_required = 请说明需要修改什么。
error-no_proof = 此任务无需样稿。
error-link_expired = 此链接已过期，请联系卖家重新发送。
error-proof_not_expected = 样稿当前不在这一步。
error-proof_required = 样稿确认后才能开始生产。
error-unsupported_file = 只接受 JPEG、PNG 和 PDF 文件（以文件内容为准，而非文件名）。
error-unsafe_pdf = 此 PDF 含脚本等动态内容；请另存（打印）为普通 PDF 再上传。
error-line_shipped = 已发货的行不能再修改。
error-order_shipped = 订单已发货：新增商品请另建订单。
error-order_has_payments = 此订单已记录款项：请取消而不是删除。
error-channel_order = 此订单来自销售渠道，删除后会再次同步回来：请取消。
event-task_amendment_proposed = 变更已提交供应商
event-task_amendment_accepted = 供应商已接受变更
event-task_amendment_refused = 供应商拒绝变更
event-task_proof_submitted = 已提交样稿
event-task_proof_sent = 样稿已发给买家确认
event-task_proof_approved = 样稿已确认
event-task_proof_changes_requested = 样稿需修改
event-order_deleted = 已删除
amend-title = 订单有变更：
amend-cancel = 该行已被删除：此任务将被取消。
amend-part = { $part } { $before } → { $after }
amend-part-title = 商品
amend-part-quantity = 数量
amend-part-customization = 定制内容
amend-reason = 无法接受的原因（拒绝时填写）
amend-accept = 接受变更
amend-refuse = 拒绝
flash-amend_accepted = { $sku } 已接受变更。
flash-amend_refused = { $sku } 已拒绝变更，已通知卖家。
order-line_removed = 已因变更删除
order-delete = 删除（从未发布）
flash-order_deleted = 订单已删除。
order-edit = 修改订单
order-edit_reload = 载入订单的最新内容
order-edit_released_help = 此订单已发给供应商。供应商尚未接单的行立即修改；已接单的供应商会先收到修改请求，其任务等待答复。已发货的行不能修改。
order-remove_line = 删除
order-new_line = 新增一行
order-custom_help = 个性化：每行一个"名称: 内容"（例如"刻字: 送给小明"），或 JSON。
order-save_changes = 保存修改
cancel = 取消
field-note = 备注
field-country = 国家（两位字母代码）
field-region = 州/省
field-city = 城市
field-line1 = 地址
field-line2 = 地址第二行
field-postal_code = 邮编
attention-card = 需要处理
attention-unrouted = 第 { $line } 行没有供应商：{ $detail }
attention-address_missing = 供应商正在处理此订单，但订单没有可发货的街道和城市。
attention-not_paid = 供应商正在处理此订单，但订单未付款（{ $detail }）。
attention-amendment_refused = { $sku } 的供应商拒绝了变更：{ $detail }。任务保持原样。
attention-late = { $sku } 已逾期：应于 { $since } 完成。
attention-proof_waiting = { $sku } 的样稿自 { $since } 起一直在等买家确认。
fix-route_again = 重新分配
fix-edit_order = 修改订单
fix-record_payment = 登记付款
fix-cancel_order = 取消订单…
fix-open_task = 打开任务
fix-keep_as_is = 保持任务原样
flash-amend_kept = 任务保持供应商现有的样子。
event-task_amendment_kept = 任务按供应商现状保留
event-task_proof_reset = 个性化内容已变更，需重新提供样稿
error-nothing_to_confirm = 该供应商没有待确认的行。
share-title = 供应商子订单
share-number = 子订单号
share-how_far = 发货进度
share-progress = { $lines } 行中已发 { $shipped } 行
share-confirm = 确认 { $n } 行
share-to_confirm = 待确认
share-confirmed = 已确认
share-in_production = 生产中
share-partially_shipped = 部分发货
share-shipped = 已发货
share-completed = 已完成
flash-share_confirmed = 您在 { $order } 中的各行已确认。
workflow-proof = 生产前样稿确认
workflow-by_buyer = 买家（通过链接）
proof-step-submit = 提交一稿
proof-step-send_to_buyer = 发给买家
proof-step-approve = 确认
proof-step-request_changes = 要求修改
share-confirm_order = 确认本订单全部 { $n } 行

## B2B 采购（orderhub_domain::b2b）
error-below_minimum_quantity = 数量低于供应商的起订量。
error-bid_closed = 该洽谈已结束。
error-duplicate_line = 同一行被填写了两次。
error-line_awarded = 该报价中有一行已与其他供应商达成一致。
error-not_an_approver = 只有贵单位的审批人可以审核此采购单。
error-not_published = 该产品不在产品目录中。
error-not_your_turn = 请等待对方先答复。
error-purchasers_only = 只有该单位的采购人员可以执行此操作。
error-quote_expired = 该报价已过有效期，请向供应商索取新报价。
error-rfq_closed = 该采购单已关闭，无法继续洽谈。
error-unknown_line = 采购单中没有这一行。
error-version_superseded = 已有更新的版本，请先查看再确认。
error-no_catalogue_access = 产品目录仅对采购商和平台人员开放。
error-no_rfq_access = 只有被询价的供应商（或平台人员）可以报价。
error-organisation_inactive = 贵单位已停用，请联系平台重新启用。
event-rfq_submitted = 已提交采购单
event-rfq_approved = 采购单已审核通过
event-rfq_approval_refused = 采购单被审批人驳回
event-rfq_sent = 已发送给供应商
event-rfq_cancelled = 采购单已取消
event-bid_quoted = 已收到报价
event-bid_rejected = 供应商拒绝报价
event-bid_countered = 已还价
event-bid_accepted = 报价已接受
event-bid_declined = 报价被拒绝
event-bid_withdrawn = 已向供应商撤回询价
event-bid_message = 留言
error-contract_superseded = 该合同已被新版本取代，请查看并签署新版本。
error-already_signed = 已经签署过了。
error-hash_mismatch = 文件在您阅读后已更改，请重新阅读后再签署。
error-not_a_party = 只有买卖双方可以签署合同。
error-pdf_font_missing = 服务器缺少中文字体，无法生成文件，请联系管理员安装中文字体。
event-contract_drawn_up = 已生成合同
event-contract_signature_added = 一方已签署合同
event-contract_signed = 双方已签署合同

## 网页中的 B2B 采购
nav-catalogue = 产品目录
nav-rfqs = 询价采购单
rfq-list_title = 询价采购单
rfq-list_intro = 每张采购单发给所选供应商；各供应商的报价在采购单页面中洽谈。
rfq-new = 新建采购单
rfq-none = 暂无采购单。
rfq-col_number = 编号
rfq-col_title = 标题
rfq-col_buyer = 采购商
rfq-needed_by = 交货时间
rfq-col_suppliers = 供应商
rfq-bids_summary = 已询价 { $asked } 家 · 已报价 { $quoted } 家
rfq-delivery = 交货地点
rfq-estimate = 预估金额
rfq-approval = 待您审核
rfq-comment = 意见（驳回时必填）
rfq-approve = 审核通过并发送
rfq-refuse = 驳回
rfq-lines = 采购内容
rfq-item = 产品名称
rfq-item_n = 第 { $n } 项
rfq-specs = 规格
rfq-quality = 质量要求
rfq-target = 目标单价（供应商不可见）
rfq-bids = 供应商答复
rfq-no_bids = 尚未询价任何供应商：由平台人员选择。
rfq-reason = 原因
rfq-version = 版本
rfq-unit_price = 单价
rfq-lead_time = 交期
rfq-lead_days = 交期（天）
rfq-shipping = 运费
rfq-terms = 付款方式
rfq-valid_until = 有效期至
rfq-changes = 与上一版本相比的变更：
rfq-accept = 接受第 { $version } 版
rfq-quote = 报价
rfq-send_quote = 提交报价
rfq-counter = 还价
rfq-send_counter = 提交还价
rfq-reject = 拒绝报价
rfq-decline = 拒绝此报价
rfq-thread = 洽谈记录
rfq-no_messages = 暂无留言。
rfq-write = 给对方留言
rfq-send_message = 发送
rfq-line = 第 { $n } 行
rfq-by_supplier = 供应商报价
rfq-by_buyer = 采购商还价
rfq-days = { $n } 天
rfq-side_supplier = 供应商
rfq-side_buyer = 采购商
rfq-side_platform = 平台
rfq-done_quote = 报价已提交。
rfq-done_reject = 您已拒绝报价，采购商可以看到原因。
rfq-done_counter = 还价已提交。
rfq-done_accept = 已接受：合同已在下方生成。
rfq-done_decline = 已拒绝该报价。
rfq-done_message = 留言已发送。
rfq-done_approved = 审核通过：采购单已发给供应商。
rfq-done_refused = 已驳回：采购单已取消。
rfq-done_signed = 已签署。
rfq-done_sent = 采购单 { $number } 已发送。
rfq-new_intro = 逐项填写产品名称和数量，或从产品目录开始；目录产品的供应商也会收到询价。
rfq-suppliers_hint = 勾选要询价的供应商；不勾选则由平台人员选择。
rfq-send = 提交采购单
rfq-awaiting_approval = 待审核
rfq-open = 待供应商确认
rfq-awarded = 已达成一致：待签合同
rfq-contracted = 已签订合同
rfq-closed = 未达成一致，已关闭
rfq-cancelled = 已取消
bid-to_quote-platform = 等待报价
bid-to_quote-supplier = 待报价
bid-to_quote-buyer = 待供应商确认
bid-quoted-platform = 已报价
bid-quoted-supplier = 已报价：等待采购商确认
bid-quoted-buyer = 待采购商确认
bid-countered-platform = 已还价
bid-countered-supplier = 采购商已还价：请答复
bid-countered-buyer = 已还价：等待供应商答复
bid-accepted-platform = 已达成一致
bid-accepted-supplier = 已达成一致：请签合同
bid-accepted-buyer = 已达成一致：请签合同
bid-contracted-platform = 已签订合同
bid-contracted-supplier = 已签订合同
bid-contracted-buyer = 已签订合同
bid-rejected-platform = 供应商拒绝报价
bid-rejected-supplier = 您已拒绝
bid-rejected-buyer = 供应商拒绝报价
bid-declined-platform = 采购商已拒绝
bid-declined-supplier = 未被选中
bid-declined-buyer = 您已拒绝
bid-withdrawn-platform = 已撤回
bid-withdrawn-supplier = 询价已撤回
bid-withdrawn-buyer = 已撤回
offer-line = 报价数量
offer-unit_price = 单价
offer-quantity = 数量
offer-lead_time_days = 交期（天）
offer-delivery_date = 交货日期
offer-quality = 质量要求
offer-shipping_cost = 运费
offer-payment_terms = 付款方式
offer-valid_until = 有效期至
offer-note = 备注
contract-title = 合同
contract-pdf = 查看合同文件
contract-sign = 签署此文件
contract-sign_hint = 您签署的是上方显示的哈希值，即您所阅读的合同文件本身。
contract-signed_by = { $side }：{ $who }，{ $when }
contract-awaiting_signatures = 待签署
contract-signed = 双方已签署
contract-superseded = 已被新版本取代
catalogue-intro = 供应商发布的产品，含价格和起订量。
catalogue-search = 搜索
catalogue-find = 查找
catalogue-none = 没有符合条件的已发布产品。
catalogue-moq = { $n } 件起订
catalogue-ask = 询价
catalogue-on_request = 价格面议
rfq-compare = 报价对比
rfq-lowest = 最低
rfq-not_quoted = 未报价
rfq-total_with_shipping = 含运费合计
rfq-ask_more = 再询价其他供应商
rfq-ask = 发送给所选供应商
rfq-done_asked = 采购单已发送给所选供应商。
nav-organisations = 采购商
org-title = 采购商单位
org-intro = 向您的供应商采购的企业（B2B）：付款条件、需要其审批人审核的金额，以及人员。
org-none = 暂无采购商单位。
org-tax_id = 税号
org-approval_limit = 审批金额
org-limit_hint = 预估金额达到此数的采购单须由该单位的审批人审核；不填则无需审批。
org-no_limit = 无
org-add = 新增采购商单位
org-country = 国家（两位字母代码）
org-city = 城市
org-street = 街道地址
org-postal_code = 邮编
org-members = 人员
org-no_members = 暂无人员：请邀请采购人员。
org-not_yet = 尚未登录
org-invite = 邀请采购人员或审批人
org-role = 单位内角色
org-role_buyer = 采购员
org-role_approver = 审批人
org-send_invite = 生成邀请链接
contract-revise = 提出变更
contract-revise_hint = 只填写需要变更的内容。变更将生成合同新版本，须双方重新阅读并签署；在此之前已签署的版本继续有效。
contract-propose = 提出新版本
rfq-done_revised = 已生成合同第 { $version } 版：须双方重新签署。

## 合同交付
error-arrives_before_shipped = 预计到达日期不能早于发货日期。
error-below_shipped = 已发货数量超过该数量。
error-bound_by_contract = 已签订的合同将此订单绑定给其供应商：请改为修订合同。
error-contract_not_signed = 合同须经双方签署后方可交付。
error-duplicate_order = 已存在相同编号的订单。
error-exceeds_remaining = 超过该行剩余的待发货数量。
error-in_the_future = 日期不能晚于今天。
error-no_delivery_access = 只有合同的供应商（或平台人员）可以发货。
error-ship_by_contract = 此任务属于合同：请在合同页面发货并填写本次发货数量。
error-task_not_shippable = 该行暂不能发货：其任务须已接单且尚未全部发货。
error-contract_supplier_rejected = 合同供应商拒绝了此行：请签订新版合同，或取消。
error-contract_supplier_uncategorised = 合同供应商未服务任何品类：请将其加入品类。
event-shipment_sent = 已发货（分批）
error-already_received = 该批货物已验收。
error-exceeds_shipped = 超过本批发货数量。
error-exceeds_rejected = 超过验收时不合格且未被其他退换申请占用的数量。
event-shipment_received = 已验收
event-return_requested = 已申请退换货
event-return_answered = 退换货已答复
event-return_resolved = 退换货已解决
nav-contracts = 合同
contract-delivery = 交付
delivery-title = 交付
delivery-list_title = 合同与交付
delivery-list_intro = 每份已签订的合同在此交付：已发货、已验收以及退换货情况。
delivery-none = 暂无合同。
delivery-col_contract = 合同
delivery-buyer = 采购商
delivery-seller = 供货商
delivery-to_sign = 请在采购单页面查看并签署。
delivery-request = 采购单
delivery-lines = 明细
delivery-ordered = 订购数量
delivery-shipped = 已发货
delivery-accepted = 合格
delivery-rejected = 不合格
delivery-credited = 已抵扣
delivery-due = 交货日期
delivery-ship = 发货
delivery-ship_hint = 可整行发货，也可分批发货；每批货物有自己的运单号。任务接单后方可发货。
delivery-left = 尚余 { $n } 待发
delivery-method = 运输方式
delivery-carrier = 物流公司
delivery-waybill = 运单号
delivery-shipped_on = 发货日期
delivery-expected = 预计到达
delivery-send = 登记发货
delivery-shipments = 发货批次
delivery-no_shipments = 尚未发货。
delivery-shipment = 第 { $n } 批
delivery-replaces = 换货（退换申请 { $n }）
delivery-on_the_way = 运输中
delivery-received = 已验收
delivery-receive = 验收本批货物
delivery-receive_hint = 清点到货：合格数量入库；不合格数量须填写原因，可申请换货或退款。
delivery-reason = 原因
delivery-confirm_receipt = 确认收货
delivery-returns = 退换货
delivery-no_returns = 暂无退换货。
delivery-return = 退换申请 { $n }
delivery-answer = 答复
delivery-credit = 已抵扣金额
delivery-replacement = 换货发货
delivery-ask_return = 申请退换货
delivery-return_kind = 申请类型
delivery-claimable = 可申请 { $n } 件不合格品
delivery-photos = 照片或文件（图片或文档）
delivery-send_return = 提交申请
delivery-found = 合格 { $accepted }，不合格 { $rejected }
delivery-received_by = { $who } 于 { $when } 验收
delivery-return_line = 第 { $n } 行：{ $units } 件
delivery-photo = 照片 { $n }
delivery-done_shipped = 已登记第 { $n } 批发货。
delivery-done_received = 第 { $n } 批已验收。
delivery-done_return = 已提交退换申请 { $n }。
delivery-done_step = 退换申请 { $n } 已更新。
method-express = 快递
method-freight = 物流（零担）
method-truck = 整车
method-air = 空运
method-sea = 海运
method-rail = 铁路
method-pickup = 买家自提
return-kind-exchange = 换货
return-kind-refund = 退款
return-requested = 待供货商处理
return-to_replace = 待换货
return-replacement_shipped = 换货运输中
return-resolved = 已解决
return-refused = 已拒绝
return-withdrawn = 已撤回
return-step-replace = 同意换货
return-step-credit = 同意退款抵扣
return-step-refuse = 拒绝
return-step-ship_replacement = 登记换货发货
return-step-withdraw = 撤回申请
task-ship_by_contract = 在合同页面发货（可分批）→
error-delivery_closed = 该交付已无法做此变更：请另提采购单。
event-invoice_issued = 已开具账单
event-invoice_cancelled = 账单已撤回
event-payment_reported = 已登记付款
event-payment_confirmed = 已确认收款
event-payment_rejected = 未收到款项
event-contract_settled = 合同已结清
error-conflicting_fields = 两者只能填写其一。
error-online_by_provider = 在线支付由支付机构自动登记。
error-exceeds_contract = 超过本合同尚可开票的金额。
error-exceeds_invoice = 超过该账单尚待支付的金额。
error-invoice_cancelled = 供货商已撤回该账单。
billing-title = 账单与付款
billing-settled = 已结清
billing-none = 暂无账单。
billing-total = 合同金额
billing-credited = 已抵扣
billing-invoiced = 已开账单
billing-paid = 已付款
billing-outstanding = 待付款
billing-amount = 金额
billing-due = 付款期限
billing-pdf = 账单文件
billing-pay_to = 收款账户
billing-proof = 凭证 { $n }
billing-not_received_why = 如未收到款项：原因
billing-confirm = 确认收款
billing-reject = 未收到
billing-record_payment = 登记付款
billing-method = 付款方式
billing-reference = 流水号或支票号
billing-paid_on = 付款日期
billing-proof_files = 付款凭证（转账回单、支票）：图片或文档
billing-send_payment = 登记付款
billing-withdraw = 撤回账单
billing-issue = 开具账单
billing-issue_hint = 可按合同比例开票（如 30% 预付款）、按金额开票，或两者都不填以开具全部余额。
billing-milestone = 付款节点
billing-percent = 合同比例（%）
billing-amount_or = 或金额
billing-send_invoice = 开具账单
billing-done_issued = 已开具账单 { $number }。
billing-done_paid = 已登记 { $number } 的付款，待供货商确认。
billing-done_answered = 已处理 { $number } 的付款。
billing-done_cancelled = 已撤回账单 { $number }。
invoice-open = 待付款
invoice-partly_paid = 部分付款
invoice-paid = 已付款
invoice-cancelled = 已撤回
payment-reported = 待确认
payment-confirmed = 已确认
payment-rejected = 未收到
pay-bank_transfer = 银行转账
pay-cheque = 支票
pay-alipay = 支付宝
pay-wechat_pay = 微信支付
pay-stripe = 银行卡
billing-pay_online = 在线支付：{ $provider }
error-nothing_to_pay = 该账单已无待付金额。
error-amount_mismatch = 支付金额与应付金额不符。
error-provider_not_configured = 本服务器未配置该支付方式。
error-provider_failed = 支付机构未能发起支付，请重试。
error-stale_notification = 通知签名时间过久。
error-currency_not_supported = 该支付方式不支持此币种。
rfq-files = 图纸与规格文件
rfq-no_files = 暂无附件。
rfq-file = 附件 { $n }
rfq-attach = 上传图纸或规格文件（图片或文档）
rfq-attach_send = 上传
rfq-message_files = 附件（图片或文档）
rfq-done_files = 附件已上传。
billing-wechat_title = 微信支付
billing-wechat_scan = 请用微信扫描此码支付 { $amount }。微信支付通知到达后即自动登记付款。
billing-wechat_expires = 此码可在 { $when } 前支付。
billing-back = 返回合同

## Statistics
nav-stats = 统计
stats-title = 统计
stats-period = 时间段
stats-period-today = 今天
stats-period-7d = 近 7 天
stats-period-30d = 近 30 天
stats-period-90d = 近 90 天
stats-period-month = 本月
stats-period-quarter = 本季度
stats-period-year = 今年
stats-period-custom = 自定义起止日期
stats-from = 开始
stats-to = 结束
stats-bands = 金额区间
stats-show = 查看
stats-range = { $range }（按协调世界时计日）。
stats-compared = 对比 { $range }。
stats-headline = 核心指标
stats-before = 上期：{ $value }
stats-orders = 订单量
stats-paid_orders = 支付订单量
stats-sales = 销售额
stats-average_order = 客单价
stats-refunded = 退款额
stats-net = 净销售额
stats-cancelled = 已取消
stats-ordering = 下单用户数
stats-paying = 支付用户数
stats-new_payers = 支付新用户数
stats-returning_payers = 支付老用户数
stats-trend_sales = 期间销售额走势
stats-trend_orders = 期间订单量走势
stats-by_channel = 按平台与渠道
stats-by_country = 按国家
stats-by_region = 按地区
stats-by_category = 按品类
stats-best_by_sales = 畅销商品（按销售额）
stats-best_by_units = 畅销商品（按件数）
stats-distribution = 订单金额分布
stats-platform = 平台
stats-channel = 渠道
stats-country = 国家
stats-region = 地区
stats-currency = 币种
stats-name = 名称
stats-units = 件数
stats-cost = 成本
stats-gross_margin = 毛利
stats-costed = 已知成本占比
stats-band = 金额
stats-none = （无）
stats-table = 数据表
stats-rates = 汇率
stats-rates_intro = 多币种合计，以及供货价币种不同时的毛利，都按这些汇率换算。可随时修改：数字在显示时换算。
stats-reporting = 报表币种
stats-rates_lines = 每行一个币种，填写一个单位折合多少报表币种
stats-no_rates = 尚未设置报表币种：金额按币种分别显示。
stats-set_rates = 设置汇率
stats-save = 保存汇率
flash-rates_saved = 汇率已保存。
field-min_on_time = 准时率低于此值的供应商跳过（%）
categories-min_on_time_help = 按绩效派单：近 30 天准时发货率低于此值的供应商（有 5 单带交期的发货后才评判）不再派单。若所有供应商都低于此值，仍会派给其中一家，并记入派单记录。留空即关闭。
categories-timing = 交期与产能
field-ship_within = 承诺发货（工作日）
categories-ship_within_help = 商品页上承诺的发货时间。任务到达后，按供货商的工作日计，这么多天内到期；订单自带日期时（亚马逊最晚发货日、Etsy 预计发货日）以订单为准。留空：不承诺。
field-capacity_cap = 不超产能
categories-capacity_cap_help = 按日产能和交期赶不上日期的供货商会被跳过；谁都赶不上的订单行会等您处理，并写明原因。各供货商的产能在供货商页面设置。
field-accept_within = 接单时限（小时）
categories-accept_within_help = 供货商超过这么多小时未接单，任务自动转给下一家供货商，并像拒单一样记录。留空：不限时。
skipped-below_on_time = 近 30 天准时率 { $rate }%，低于 { $min }%
skipped-too_late = 最早 { $ready } 完成，赶不上日期
skipped-too_late_year = 一年内排不下
history-ready_on = { $ready } 完成
history-min_waived = 所有供应商的准时率都低于该品类的最低要求，本次未按此跳过
scores-title = 供应商绩效
scores-intro = 依据每个任务的实际经过：接单快慢、拒单比例、是否在交期前发货、从派单到发货用时（保留两位有效数字），以及每百单售后数。综合得分（0–100）按准时 40、不拒单 25、无售后 20、四小时内接单 15 计。
scores-pick = 查看走势：
scores-suppliers = 得分
scores-yours = 我的绩效
scores-by_category = 按品类
scores-trend = 期间准时率走势
scores-supplier = 供应商
scores-score = 得分
scores-on_time = 准时率
scores-lead_p50 = 交付用时中位数
scores-lead_p90 = 交付用时 90 分位
scores-acceptance = 平均接单用时
scores-rejection = 拒单率
scores-after_sales = 每百单售后
scores-shipped = 已发货
scores-open = 当前未完成
scores-hours = { $n } 小时
nav-scorecard = 我的绩效

# Calendar and capacity (issue 19)
capacity-title = 工作日历与产能
capacity-back = 返回供货商
capacity-intro = 这家供货商何时上班、每天能做多少。新任务会排进它最早有空的工作日，并据此得出到期日（订单自带日期时以订单为准）。已分配的任务保留原来的排期。
capacity-work_days = 工作日
capacity-holidays = 休息日
capacity-holidays_help = 每行一个日期（YYYY-MM-DD），例如春节。
capacity-offset = 时区（与 UTC 的时差）
capacity-offset_help = 供货商所在时区，格式 +HH:MM，中国为 +08:00。日期和截单时间都按这个时区计算。
capacity-categories = 各品类
capacity-categories_help = 每个工作日能做的件数（留空：不限）、从下单到发货最少需要的工作日，以及截单时间（之后到达的订单从下一个工作日算起）。件数和交期都留空：不计算日期。
capacity-no_categories = 这家供货商还没有服务任何品类。
capacity-units = 日产能（件）
capacity-lead = 交期（工作日）
capacity-cut_off = 截单时间（HH:MM）
capacity-save = 保存日历与产能
flash-capacity_saved = 工作日历与产能已保存。
suppliers-capacity = 工作日历与产能
weekday-mon = 星期一
weekday-tue = 星期二
weekday-wed = 星期三
weekday-thu = 星期四
weekday-fri = 星期五
weekday-sat = 星期六
weekday-sun = 星期日

# Production plan (issue 19)
plan-title = 生产计划
plan-intro = 每天已排的件数与各供货商能做的件数（按其工作日历和日产能）。新任务会排进最早有空的日子；移动任务即可自己排期。
plan-views = 计划视图
plan-view_day = 未来 3 天
plan-view_week = 3 周
plan-view_quarter = 季度
plan-earlier = 往前
plan-today = 今天
plan-later = 往后
plan-supplier = 供货商
plan-all = 全部供货商
plan-show = 查看
plan-pick_supplier = 选择一家供货商，按天查看它的任务。
plan-units = 件
plan-day_off = 休息日
plan-overload = 超出产能
plan-nothing = 没有排期。
plan-today_units = 当天件数
plan-move_to = 开始日期
plan-move = 移动
plan-no_rows = 还没有供货商服务任何品类。
plan-who = 供货商 · 品类
plan-week_of = 当周起
plan-legend = 每格：已排件数 / 可做件数（只有一个数字：未设上限）。灰色：休息日。红色：超出产能。
flash-replanned = 已从 { $day } 开始排期。
nav-plan = 生产计划
nav-my_plan = 我的计划
weekday_short-mon = 周一
weekday_short-tue = 周二
weekday_short-wed = 周三
weekday_short-thu = 周四
weekday_short-fri = 周五
weekday_short-sat = 周六
weekday_short-sun = 周日

## 库存 (/stock)
nav-stock = 库存
stock-title = 库存
stock-intro = 按 SKU 和库位查看在库、已为订单预留和可用数量。每次入库、出库、调拨和盘点都记录在该物品的流水中。
stock-search = SKU 或名称
stock-location = 库位
stock-all_locations = 全部库位
stock-low_only = 只看低库存
stock-show = 查看
stock-no_locations = 还没有库位：先在下面添加仓库，再入库。
stock-empty = 没有符合条件的库存。
stock-item = 物品
stock-on_hand = 在库
stock-reserved = 已预留
stock-available = 可用
stock-low = 低库存
stock-more = 更多
stock-record = 记录库存变动
stock-receive = 入库
stock-issue = 出库
stock-transfer = 调拨
stock-count = 盘点
stock-title_field = 名称（首次入库时）
stock-reference = 送货单号或发货单号
stock-reason = 原因
stock-reason_example = 样品、损坏、其他渠道售出
stock-from = 调出库位
stock-to = 调入库位
stock-quantity = 数量
stock-counts = 盘点数量
stock-counts_help = 每行一个 SKU 和货架上的实际数量，中间用空格隔开。差异按原因记为盘点调整；未列出的 SKU 不变。
stock-count_example = 月度盘点
stock-locations = 库位
stock-code = 编码
stock-name = 名称
stock-name_example = 深圳仓
stock-add_location = 添加库位
stock-low_at = 低库存阈值
stock-low_at_help = 可用数量降到此数或以下时标记（并向 webhook 发送低库存事件）。留空则不提醒。
stock-save = 保存
stock-reservations = 预留
stock-no_reservations = 没有预留。
stock-for = 用于
stock-order = 订单
stock-since = 预留时间
stock-ship = 已发货
stock-release = 释放
stock-history = 库存流水
stock-no_history = 还没有库存变动。
stock-when = 时间
stock-movement = 变动
stock-why = 原因或单号
stock-by = 操作人
stock-older = 更早
stock-kind-receipt = 入库
stock-kind-issue = 出库
stock-kind-transfer_out = 调出
stock-kind-transfer_in = 调入
stock-kind-reservation = 预留
stock-kind-release = 释放预留
stock-kind-shipment = 发货出库
stock-kind-adjustment = 盘点调整
flash-stock-receipts = 已入库：
flash-stock-issues = 已出库：
flash-stock-transfers = 已调拨：
flash-stock-stocktakes = 盘点已记录（有差异/已盘点）：
flash-stock-locations = 已添加库位：
flash-stock-threshold = 阈值已保存。
flash-stock-ship = 预留已发货。
flash-stock-release = 预留已释放。
task-from_stock = 库存发货 — 取货库位
field-steps = 分工序生产
categories-steps_example = 帮面 → 中底 → 大底 → 组装
categories-steps_help = 由一个供货商完成时留空；否则按顺序填写各道工序的品类：每道工序派给该品类的供货商，上一道生产完成后派下一道，最后一道完成即该行完成。
task-step = 第 { $no } / { $of } 道工序：完成后交给下一道工序（发货时填写物流和单号）
task-last_step = 最后一道工序（{ $no } / { $of }）：成品
task-process = 工序
suppliers-internal = 自产：我们自己的车间，不是外部合作方
stock-keeper = 拣货发货方
stock-no_keeper = 无（不用于订单发货）
stock-keeper_help = 指定拣货发货的供货商（自己的仓库团队也算）后，该库位才用于订单发货：有库存的订单行派给它，并预留库存。
flash-stock-keeper = 已保存：
materials-title = 物料
materials-per_unit = 单件用料
materials-help = 每行一种物料：物料 SKU 和单件用量（按库存单位：件、米、克）。评审时会核对库存物料是否够生产这些订单行。留空即不列物料。
materials-save = 保存物料
flash-materials = 物料已保存。

## 通知（邮件、群机器人、站内信）
event-task_overdue = 逾期：已发送提醒
error-no_robot_access = 只有卖家员工和供货商可以设置群机器人。
notify-task_assigned = 新任务 { $sku }
notify-overdue_accept = 任务 { $sku } 已 { $hours } 小时未接单
notify-overdue_ship = 任务 { $sku } 已过交期仍未发货
notify-amendment = 任务 { $sku } 有待确认的变更
notify-case_opened = 任务 { $sku } 有售后申请（{ $kind }）
notify-order_held = 订单 { $number } 待审核
notify-approval_waiting = 订单 { $number } 待审批
notify-line_unrouted = 订单 { $number }：有一行找不到供货商
notify-fulfilment_failed = 订单 { $number }：平台拒绝了发货信息
notify-line-product = 产品：{ $title }
notify-line-quantity = 数量：{ $quantity }
notify-line-personalization = 定制内容：{ $text }
notify-line-due = 交期：{ $due }
notify-line-stock = 库存发货：在 { $location } 拣货
notify-line-step = 第 { $step } / { $steps } 道工序
notify-line-order = 订单：{ $platform } { $number }
notify-line-reason = 原因：{ $reason }
notify-digest = 今日汇总 { $day }
notify-digest-to_accept = 待接单任务 { $count } 个
notify-digest-in_work = 生产中任务 { $count } 个
notify-digest-late = 逾期任务 { $count } 个
notify-digest-held = 待审核订单 { $count } 个
notify-open = 在 orderhub 中打开
notify-test = 来自 orderhub 的测试消息
notify-test-line = 机器人“{ $name }”已设置好，通知将发到本群。
