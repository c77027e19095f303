# orderhub, the web app in English.
#
# One message per key; `{ $name }` is filled in by the app. A sentence is
# always one message (never pieced together from fragments), so each
# language orders its words freely. Counts use Fluent's plural selectors:
#   { $count ->
#       [one] one task
#      *[other] { $count } tasks
#   }
# `cargo test -p orderhub-api --lib i18n` checks that every message is in
# every language with the same variables, and that the code uses no key
# that is missing.

## app

app-name = orderhub
app-tagline = Orders in from every channel, supplier tasks out.

## nav

nav-workflow = Workflow
nav-api = API
nav-signed_in_as = Signed in as
nav-sign_out = Sign out
nav-language = 中文
nav-orders = Orders
nav-tasks = Tasks
nav-my_tasks = My tasks
nav-channels = Channels
nav-imports = Import
nav-products = Products
nav-webhooks = Webhooks
nav-suppliers = Suppliers
nav-categories = Categories
nav-automation = Automation
nav-dashboard = Dashboard
nav-account = Account
nav-menu = Menu
nav-users = Users
nav-tokens = API tokens

## login

login-title = Sign in
login-plain_http = This page was opened over plain HTTP, so your browser would not keep the sign-in cookie (it is sent over HTTPS only). Open orderhub through HTTPS, or on a trusted network start it with --secure-cookies false.
login-email = E-mail
login-password = Password
login-submit = Sign in
login-failed = The e-mail or password is wrong.
login-throttled = Too many failed sign-ins. Try again later.
login-refused = This request came from another site and was refused.

## role

role-admin = Administrator
role-operator = Operator
role-supplier = Supplier
role-purchaser = Purchaser

## workflow

workflow-title = Workflow
workflow-intro = How orders, tasks and proofs move. Drawn from the same tables the server enforces.
workflow-order = Order
workflow-task = Supplier task
workflow-by_operator = operator
workflow-by_supplier = supplier
workflow-by_automatic = automatic

## orders

orders-title = Orders
orders-add = Enter an order
orders-save = Save order
orders-by_keywords = By title keywords
orders-release_now = Release to suppliers now
orders-keep_pending = Keep pending

## field

field-currency = Currency
field-customization = Personalisation
field-category = Category
field-keywords = Keywords
field-sku_prefix = SKU prefix
field-sku_template = SKU template
field-strategy = Routing
field-name = Name
field-code = Code (for SKUs)
field-contact = Contact
field-email = E-mail
field-phone = Phone
field-weight = Weight (share under weighted routing)
field-categories = Categories
field-active = Active

## error

error-invalid_transition = That move is not possible from the current status.
error-operator_only_transition = Only an operator may make that move.
error-reason_required = Say why.
error-carrier_required = Shipping needs the carrier.
error-tracking_number_required = Shipping needs a tracking number.
error-line_cancelled = That line was cancelled or never made: there is nothing to take up with a supplier.
error-not_shipped = That line has not shipped yet: change or cancel its task instead.
error-tracking_number_format = This tracking number does not have its carrier's format; check it for a typo, or choose the carrier that issued it.
error-order_has_shipped_tasks = A task of this order has shipped; it can no longer be cancelled.
error-task_closed = This task is closed.
error-invalid_status = Unknown status.
error-negative = This must not be negative.
error-too_precise = Too many decimal places for this currency.
error-invalid_line_count = An order needs at least one line.
error-unknown_currency = This is not an ISO 4217 currency code.
error-invalid_platform = Use 1 to 32 letters, digits, - or _.
error-invalid_date = Give a date as YYYY-MM-DD.
error-day_off = The supplier does not work on that day: choose a working day.
error-no_room = It does not fit in the supplier's capacity within a year from that day.
error-short_stock = Not enough stock: fewer units are available than asked for.
error-below_reserved = The count is below the units reserved for orders: release or ship those reservations first.
error-unknown_location = There is no stock location with that code.
error-unknown_sku = That SKU has no stock at that location.
error-task_not_open = This task is no longer being made; only open tasks can be planned.
error-invalid_time = Give a time of day as HH:MM (24-hour clock).
error-invalid_offset = Give the offset from UTC as +HH:MM or -HH:MM, for example +08:00.
error-no_work_days = Choose at least one working day.
error-invalid_date_time = Give a time as YYYY-MM-DD HH:MM.
error-not_found = Not found, or not yours to see.
error-refused = Refused
error-invalid_sku_template = This SKU template is not valid.
error-ambiguous_dates = Every date could be day/month or month/day: choose how dates are written.
error-invalid_mapping = The column mapping is not header=field pairs of known fields.
error-required = This field is required.
error-no_scorecard_access = Scorecards are for staff and for each supplier about itself.
error-stat_bands = Band edges go up and have at most two significant figures (50, 120, 1500).
error-too_long = This is too long.
error-out_of_range = This number is out of range.
error-invalid_email = This is not an e-mail address.
error-invalid_code = Use 1 to 16 letters, digits or dashes.
error-invalid_condition = A condition does not fit its field: write a total with its currency (500 USD), units as a whole number, personalised as true or false; compare text with is, is not, contains or is one of.
error-control_characters = Control characters are not allowed.
error-name_taken = This name is taken already.
error-unknown_category = There is no such category.
error-cross_origin_request = This request came from another site and was refused.
error-csrf_token_invalid = This form has expired. Reload the page and try again.
error-empty_patch = Change at least one field.
error-forbidden = You may not do this.
error-idempotency_key_in_flight = The same request is still being processed.
error-idempotency_key_reused = This request key was used for a different request.
error-in_the_past = Choose a time in the future.
error-invalid_characters = This contains characters that are not allowed.
error-invalid_country = Use a two-letter country code, such as US or CN.
error-invalid_credentials = The e-mail or password is wrong.
error-invalid_idempotency_key = The request key is not valid.
error-invalid_initial_status = A new order is pending or released to suppliers.
error-invalid_query = A filter of this page is not valid.
error-invalid_sku_prefix = Use 1 to 16 letters, digits or dashes.
error-malformed_json = The data sent could not be read.
error-not_allowed = Only supplier accounts act for a supplier.
error-not_empty = The database must be empty for this.
error-not_supported = This is not supported yet.
error-order_stored_meanwhile = This order was stored meanwhile; reload the page.
error-invalid_type = A value has the wrong type.
error-missing_field = A required field is missing.
error-unknown_field = The request has a field orderhub does not know.
error-unauthorized = Sign in again: the session or token is missing, expired or revoked.
error-email_taken = An account with this e-mail exists already.
error-method_not_allowed = This address does not take that kind of request.
error-http_error = The request was refused.
error-internal = Something went wrong on our side; nothing was changed. Try again.
error-last_admin = The last active administrator keeps the role and can sign in: make another administrator first.
error-own_tokens_only = You may manage only your own tokens.
error-payload_too_large = What was sent is too large.
error-reserved_name = This name is reserved.
error-session_only = Sign in to do this.
error-sku_space_exhausted = Every SKU of this template is used; lengthen the template.
error-sku_taken = This SKU exists already.
error-supplier_task_fields = Suppliers record production times, shipping and notes; the due date is set by the seller.
error-too_large = This is too large.
error-too_many = There are too many entries.
error-too_many_attempts = Too many failed sign-ins. Try again later.
error-unavailable = The database is busy. Try again shortly.
error-unsupported_media_type = This kind of data is not accepted here.
error-wrong_password = The current password is wrong.
error-staff_only = Only the seller's team may do this.
error-no_order_access = You may not see this order.
error-no_plan_access = Only staff and the supplier itself can see or change its calendar, capacity and plan.
error-no_task_access = You may not see this task.
error-admin_only = Only administrators may do this.
error-no_token_access = You may not manage tokens.
error-supplier_transition = Only the task's supplier or an operator may make this move.
error-automatic_transition = orderhub makes this move by itself.
error-no_supplier = No supplier serves this category.
error-no_active_supplier = Every supplier of this category is inactive.
error-all_suppliers_rejected = Every supplier of this category turned it down.
error-no_capacity = No supplier of the category can have this line ready by its date within its capacity.
error-task_cancelled = Its task was cancelled.
error-no_category_matched = No category's keywords match the title.
error-ambiguous_category = The title matches several categories.
error-password_contains_email = The password must not contain your e-mail name.
error-password_too_common = This password is too common; choose another.
error-password_too_short = Use at least 12 characters.
error-unknown_supplier = There is no such supplier.
error-supplier_not_in_category = This supplier does not serve the task's category.
error-supplier_inactive = This supplier is inactive.
error-supplier_excluded = This supplier has the task already or turned it down.
error-invalid_payload = The platform's order lacks something an order needs.
error-invalid_signature = The webhook's signature does not match the channel's secret.
error-no_webhooks = This platform sends no order webhooks; import its orders instead.
error-invalid_value = Choose one of the options.
error-invalid_url = Give an http:// or https:// address.
error-unknown_event_type = There is no such event type.
error-invalid_rows = Some rows are wrong; nothing was imported.
error-invalid_script = The script does not compile; the line and the reason are given.
error-missing_column = A required column is missing.
error-unreadable_file = The file cannot be read.
error-invalid_number = This is not a number.
error-duplicate_code = This code is on an earlier row too.
error-image_ambiguous = Several pictures in the zip have this name; give its folder.
error-image_not_found = This picture is not in the zip.
error-image_too_large = The picture is over 1 MB.
error-cancelled = The work was abandoned because the request ended; send it again.
error-cell_too_large = A cell of the file is too long (over 4,000 bytes).
error-file_too_large = The file unpacks to more than orderhub takes; split it.
error-too_many_rows = The file has more rows than one import takes (50,000); split it.
error-too_many_columns = A row uses more columns than orderhub reads (256); remove the unused ones.
error-private_address = The address is on this machine or a private network; only public addresses are called.
error-unresolvable_host = The address's host name cannot be found.
error-image_dimensions_too_large = The picture is too large: at most 10,000 pixels on a side and 25 megapixels.
error-image_too_small = The picture is smaller than 600×600 pixels.
error-not_jpeg = Only .jpg pictures are accepted.
error-no_product_access = This account may not manage products.
error-own_products_only = A supplier manages its own products only.
error-product_code_taken = This supplier has a product with this code already.
error-no_sheet = The zip holds no product sheet (.csv, .tsv or .xlsx).
error-several_sheets = The zip holds several sheets; put exactly one in it.
error-not_a_zip = This is not a .zip file: zip the sheet and the pictures together.
error-unsafe_path = The zip holds a name outside its folder or a link; it was refused.
error-zip_too_large = The upload is too large; split it.
error-no_polling = Only Etsy and Amazon channels are polled.
error-main_not_white = The main picture needs a white background.
error-unreadable_body = What was sent could not be read completely; send it again.

## tasks

tasks-title = Tasks
tasks-mine = My tasks
tasks-board = Board
tasks-all_of_status = All tasks in this status
tasks-closed = Closed

## col

col-number = Order number
col-platform = Platform
col-customer = Customer
col-status = Status
col-total = Total
col-received = Received
col-sku = SKU
col-supplier = Supplier
col-quantity = Quantity
col-product = Product
col-price = Unit price
col-actions = Actions
col-when = When
col-who = Who
col-what = What

## filter

filter-all = All
filter-apply = Filter
filter-search = Search
filter-from = Received from
filter-to = Received to
filter-sort = Order by
filter-clear = Clear filters

## channels

channels-edit = Edit
channels-new_secret = New webhook signing secret (blank keeps the current one)
channels-remove_secret = Remove the secret (webhooks are then refused)
channels-category_map = Category map
channels-map_help = One per line: platform SKU or product title = category
channels-map_line = Write each line as: SKU or title = category
channels-poll_next = next pass
channels-poll_since = changes since
channels-poll_now = Poll now
channels-marketplaces = Marketplace ids
channels-shop_id = Shop id
channels-kept = kept; type to replace
channels-client_id = OAuth client id (to refresh the token)
channels-client_secret = LWA client secret
channels-access_token = Access token
channels-refresh_token = Refresh token
channels-api_base = API address (blank: the platform's)
channels-interval = Seconds between passes (at least 60)
channels-poll_active = Poll this channel
channels-poll_save = Save polling
channels-polling = Polling
channels-poll_paused = paused
channels-poll_last = last pass
channels-poll_never = not polled yet
channels-poll_orders = orders seen
channels-poll_problem = problem
channels-poll_unset = Not polled: set it up with
channels-title = Sales channels
channels-intro = Stores on Shopify and WooCommerce send orders to their webhook address; Etsy and Amazon orders are imported as their API returns them.
channels-kind = Platform
channels-orders_arrive = Orders arrive
channels-released = Released to suppliers
channels-pending = Pending, for an operator
channels-webhook_url = Webhook address
channels-import_url = Import address (API)
channels-no_secret = No secret: webhooks are refused
channels-add = Add a channel
channels-secret = Webhook secret
channels-secret_help = Shopify: the app's client secret. WooCommerce: the webhook's secret. Kept to check signatures; never shown again.
channels-release = Release orders to suppliers at once
channels-save = Save channel
channels-store_url = Store address (for links to the marketplace's admin)
channels-orders_api = Amazon Orders API (v0 is removed on 27 March 2027)

## webhooks

webhooks-active = active
webhooks-paused = paused: messages wait
webhooks-pause = Pause
webhooks-resume = Resume
webhooks-new_secret = New signing secret
webhooks-delete = Remove this endpoint and its log
webhooks-confirm_delete = Tick the box to confirm the removal.
webhooks-title = Webhooks
webhooks-intro = orderhub posts the events you choose to your URL, signed as Standard Webhooks says (webhook-id, webhook-timestamp, webhook-signature), and retries for about a day.
webhooks-events = Events
webhooks-event = Event
webhooks-add = Add an endpoint
webhooks-save = Save endpoint
webhooks-created = Endpoint added:
webhooks-secret_once = Its signing secret, shown only now — keep it:
webhooks-log = Delivery log
webhooks-deleted = removed.
webhooks-queued_again = The message will be sent again.
webhooks-attempts = Attempts
webhooks-answer = Last answer
webhooks-redeliver = Send again
webhooks-delivered = Delivered
webhooks-failed = Given up
webhooks-pending = Waiting

## imports

imports-kind = The file holds
imports-kind_orders = Orders (one row per line item)
imports-kind_suppliers = Suppliers (one per row)
imports-confirm_suppliers = Import these suppliers
imports-title = Import orders from a spreadsheet
imports-intro = CSV, TSV or Excel (.xlsx), one row per product, rows of one order share its order number. Headers in English or Chinese: 订单号, 客户, 产品, 数量, 单价, 币种, 国家, 城市, 地址, 定制信息, 平台SKU, 品类… Any encoding (UTF-8, GBK, UTF-16…). A file with a wrong row is not imported at all.
imports-file = File
imports-platform = Platform for rows without one
imports-preview = Check the file
imports-confirm = Import these orders
imports-found = Found
imports-nothing_new = Every order in this file is stored already.
imports-row = Row
imports-column = Column
imports-reason = Why
imports-expired = That file is no longer waiting (15 minutes, same person): upload it again.
imports-more = Other columns and dates
imports-map = Columns orderhub does not know: header=field, separated by commas
imports-map_fields = Fields:
imports-dates = Dates written as
imports-dates_auto = As the file shows

## products

products-title = Products
products-supplier = Supplier
products-picture = Picture
products-main_picture = Main picture
products-remove_picture = Remove
products-picture_file = A .jpg picture (at least 600×600, at most 1 MB)
products-as_main = as the main picture
products-as_extra = as an extra picture
products-add_picture = Upload the picture
products-code = Code
products-product_title = Title
products-supplier_price = Supplier price
products-retail_price = Suggested retail price
products-specs = Specifications
products-upload = Upload products in bulk
products-upload_intro = Zip the product sheet (CSV, TSV or XLSX; headers such as 货号, 标题, 类目, 供货价, 主图, 附加图) together with its .jpg pictures (at least 600×600, at most 1 MB each) and upload the zip. You see every problem before anything is saved.
products-template = Download a sheet to start from
products-file = Zip file
products-would = If taken:
products-done = Taken:
products-confirm = Take these products
products-edit = Edit
products-save = Save product
products-no_pictures = No pictures yet: upload them with the products' zip.

## export

export-label = Export these

## sort

sort-newest = Newest first
sort-oldest = Oldest first
sort-urgent = Urgent first
priority-urgent = Urgent
priority-normal = Normal
field-priority = Priority
orders-mark_urgent = Urgent: made and shipped before normal orders

## page

page-next = Next page

## order

order-order = Order
order-ship_to = Ship to
order-no_address = No shipping address yet.
order-money = Money
order-items = Items
order-extras = Fees, tips, gift cards
order-rest = Shipping, tax and other
order-total = Total
order-total_computed = Total (from the lines)
order-line_task = Supplier and task
order-lines = Lines
order-tasks = Tasks
order-timeline = Timeline
order-unrouted = Not routed
order-release = Release to suppliers
order-retry = Retry routing
order-cancel = Cancel order
order-actions = What can be done now
order-upstream = On the marketplace
order-line_price = { $unit } (line { $total })
order-no_task = No supplier task

## confirm

confirm = I am sure

## task

task-reason = Reason
task-due = Due
task-late = late
task-due_today = due today
task-reassign_to = Give to
task-reassign = Reassign
task-stop = More actions…
task-assigned_at = Assigned
task-started = Production started
task-produced = Produced
task-note = Note
task-edit = Production times and note
task-save = Save
task-carrier = Carrier
task-tracking = Tracking number
task-no_due = no date set

## move

move-accepted = Accept
move-rejected = Reject
move-in_production = Start production
move-produced = Mark produced
move-shipped = Ship
move-completed = Complete
move-cancelled = Cancel
move-done = Saved.

## empty

empty = Nothing here yet.

## dashboard

dashboard-title = Dashboard
dashboard-orders = Orders by status
dashboard-tasks = Tasks by status
dashboard-intake = Intake by platform
dashboard-today = Today
dashboard-week = Last 7 days
dashboard-intake_30_days = Orders per day, last 30 days
dashboard-attention = Orders needing attention
dashboard-attention_reason = lines could not be routed
dashboard-fix = Fix
dashboard-load = Supplier load (open tasks)

## history

history-title = Automation history
history-intro = Every routing decision: which supplier got the line, by which strategy, and why the others did not.
history-line = Line
history-decision = Decision
history-candidates = Candidates
history-release = on release
history-after_rejection = after a rejection

## skipped

skipped-inactive = inactive
skipped-rejected = rejected this line before
skipped-zero_weight = weight 0

## categories

categories-title = Categories
categories-add = Add a category
categories-save = Save category
categories-preview = Preview of the first SKU
categories-keywords_help = Words in product titles that mean this category, separated by commas, in any language.
categories-edit = Edit category

## suppliers

suppliers-edit = Edit supplier
suppliers-confirm_deactivate = Deactivating a supplier stops new tasks going to it. Tick “I am sure” to confirm.
suppliers-title = Suppliers
suppliers-add = Add a supplier
suppliers-save = Save supplier
suppliers-sees_phone = Show the customer's phone to this supplier

## strategy

strategy-round_robin = Round robin
strategy-weighted = Weighted
strategy-least_loaded = Least loaded
strategy-soonest = Soonest ready
field-proof = Proof before production
proof-title = Proof
proof-by-buyer = The buyer
buyer-proof-title = Your proof
buyer-proof-for = Order { $order }: please check the mock-up before it is made.
buyer-proof-comment = Anything to change? (needed to ask for changes)
buyer-proof-approve = Approve — make it like this
buyer-proof-ask = Ask for changes
buyer-proof-approved = Thank you: you approved this proof, and it goes into production.
buyer-proof-changes = Thank you: your changes were sent; you will get a new proof.
buyer-proof-closed = This proof no longer waits for your answer.
buyer-proof-unknown = This link is not known. Check that it was copied whole, or ask the seller for a new one.
proof-status-required = To upload
proof-status-submitted = Waiting for approval
proof-status-with_buyer = With the buyer
proof-status-changes_requested = Changes asked
proof-status-approved = Approved
proof-round = round { $n }
proof-waits-supplier = waiting on the supplier
proof-waits-operator = waiting on the operator
proof-waits-buyer = waiting on the buyer
proof-note = Note
proof-comment = Comment (say what to change)
proof-comment_by = { $who }:
proof-link_until = The buyer's link works until { $until }.
proof-upload_for = Upload for the supplier
proof-files = Mock-up files
proof-files_help = JPEG, PNG or PDF, up to 5 files of 10 MB each.
proof-submit = Submit proof
proof-approve = Approve proof
proof-request_changes = Ask for changes
proof-send = Send to the buyer
age-hours = { $n } h
age-days = { $n } d
flash-proof_submitted = Proof for { $sku } submitted.
flash-proof_approved = Proof for { $sku } approved: production may start.
flash-proof_changes = Changes asked of the proof for { $sku }.
flash-proof_link = Send the buyer this link (it works until { $until }; it is shown only now):
proof_policy-none = No proof
proof_policy-personalised = For personalised lines
proof_policy-always = For every line
categories-proof_help = A proof is a mock-up the supplier uploads and you (or the buyer, through a link) approve before production starts.

## no_task

no_task-not_shipped = nothing to ship
no_task-tip = a tip
no_task-gift_card = a gift card
no_task-fee = a fee
no_task-digital = a download

## account

account-title = Your account
account-profile = Profile
account-display_name = Name shown to others
account-language = Language on every device
account-language_browser = The browser's language
account-language_hint = The language link at the top changes only the browser you use it on.
account-time_zone = Time zone
account-zone_browser = The browser's time zone
account-zone_now = Times are shown in:
account-no_such_zone = Pick a time zone from the list.
account-save = Save
account-saved = Your settings are saved.
account-password = Password
account-current_password = Current password
account-new_password = New password
account-password_hint = At least 12 characters. Every other session is signed out.
account-change_password = Change password
account-password_changed = Password changed; every other session is signed out.
account-sessions = Where you are signed in
account-browser = Browser
account-ip = Address
account-started = Signed in
account-last_seen = Last used
account-this_one = this browser
account-end_others = Sign out everywhere else

## first

first-title = To get orders flowing
first-category = Add a category: the keywords that sort order lines and the SKU pattern
first-supplier = Add a supplier and the categories it makes
first-channel = Connect a sales channel (Shopify, WooCommerce, Etsy, Amazon) or import a spreadsheet
first-user = Invite your team and your suppliers' people (an administrator does this)

## views

views-title = Saved views
views-save = Save these filters as a view
views-name = View name
views-share = Share with the team
views-shared = shared with the team
views-keep = Save view
views-remove = Remove view
views-saved = View { $name } saved.
views-removed = View removed.

## list

list-range = { $from }–{ $to } of { $total }
list-range_about = { $from }–{ $to } of about { $total }
list-range_more = { $from }–{ $to } of more than { $total }
list-range_open = { $from }–{ $to }

## keys

keys-open = Keyboard shortcuts (?)
keys-title = Keyboard shortcuts
keys-move = next / previous task
keys-accept = accept the task
keys-ship = ship it: type the carrier, then the tracking number
keys-open_task = open the task
keys-help = show or hide this list
keys-close = Close

## tokens

tokens-title = API tokens
tokens-intro = For your own systems to call orderhub's API (Authorization: Bearer …). Each acts with its role; a supplier's only for that supplier.
tokens-created_at = Created
tokens-last_used = Last used
tokens-never = never
tokens-expires = Expires
tokens-revoke = Revoke
tokens-revoked_at = Revoked
tokens-new = A new token
tokens-create = Create token
tokens-created = Token { $name } created. Copy it now; it is shown only this once:
tokens-revoked = Token { $name } revoked.

## users

users-title = Users
users-role = Role
users-last_login = Last sign-in
users-invite = Invite someone
users-supplier_hint = Supplier (for a supplier's account)
users-password = Password (optional)
users-password_hint = Leave it empty to get a one-time link instead, for them to choose their own.
users-create = Create the account
users-pending = invited; the link works until { $until }
users-link = A one-time link for { $email } to set a password, valid until { $until }. Pass it on; it is shown only now:
users-can_sign_in = Can sign in
users-signed_out_hint = Changing the role or turning sign-in off signs them out everywhere.
users-new_link = New password link
users-new_link_hint = For someone invited whose link expired, or who forgot their password. An earlier link stops working.

## invite

invite-title = Choose your password
invite-for = For { $email }.
invite-hint = At least 12 characters; not your e-mail address.
invite-set = Set password and sign in
invite-gone = This link has expired or was already used. Ask whoever invited you for a new one.
invite-welcome = Welcome! Signed in as { $email }.

## bulk

bulk-pick = Select
bulk-pick_page = Select every task on this page
bulk-ticked = With the ticked tasks
bulk-apply = Apply
bulk-none_ticked = Tick the tasks to move first.

## flash

flash-task_moved = Task { $sku }: { $status }.
flash-task_reassigned = Task { $sku } given to { $supplier }.
flash-task_saved = Task { $sku } saved.
flash-order_moved = Order { $number }: { $status }.
flash-still_unrouted = Nothing routed: order { $number } still needs attention. { $why }
flash-line_why = Line { $no }: { $why }
flash-saved = { $name } saved.
flash-created = { $name } created.
flash-poll_queued = { $name } will be polled now.

## status

status-pending = Pending
status-purchasing = Purchasing
status-needs_attention = Needs attention
status-in_production = In production
status-shipped = Shipped
status-completed = Completed
status-cancelled = Cancelled
status-assigned = Assigned
status-accepted = Accepted
status-rejected = Rejected
status-produced = Produced

## whole sentences with counts (plural forms chosen by Fluent)

imports-found_orders = { $file } (read as { $encoding }): { $rows ->
        [one] one row
       *[other] { $rows } rows
    }, { $orders ->
        [one] one order
       *[other] { $orders } orders
    }, { $stored } already stored (not taken again).
imports-found_suppliers = { $file } (read as { $encoding }): { $count ->
        [one] one supplier
       *[other] { $count } suppliers
    }.
imports-created_orders = Imported { $count ->
        [one] one order
       *[other] { $count } orders
    }.
imports-created_suppliers = Imported { $count ->
        [one] one supplier
       *[other] { $count } suppliers
    } (names stored already are skipped).
products-found = { $file }, sheet { $sheet } (read as { $encoding }): { $products ->
        [one] one product
       *[other] { $products } products
    }, { $images ->
        [one] one picture
       *[other] { $images } pictures
    }.
products-tally = { $created } new · { $updated } changed · { $unchanged } unchanged
dashboard-as_of = Figures as of { $time }.
channels-poll_page = { $when }, resuming at page { $page }
categories-template_help = Tokens: { $tokens }. A template needs { $required }.
account-ended_others = Signed out of { $count ->
        [one] one other session
       *[other] { $count } other sessions
    }.
bulk-moved = { $count ->
        [one] One task
       *[other] { $count } tasks
    }: { $status }.
bulk-refused = { $count } refused: { $which }
bulk-all_matching = every task this filter matches (up to { $limit })
flash-imported_orders = { $file }: { $created ->
        [one] one order created
       *[other] { $created } orders created
    }, { $stored } already stored.
flash-imported_suppliers = { $file }: { $created ->
        [one] one supplier created
       *[other] { $created } suppliers created
    }.
flash-uploaded_products = { $file }: { $created ->
        [one] one product created
       *[other] { $created } products created
    }, { $updated } updated.

## bulk actions on orders

bulk-ticked_orders = With the ticked orders
bulk-release = Release to suppliers (or route again)
bulk-cancel = Cancel
bulk-export_csv = Export as CSV
bulk-export_xlsx = Export as Excel
bulk-all_matching_orders = every order this filter matches (up to { $limit })
bulk-confirm_cancel = Yes, cancel them (for Cancel)
bulk-confirm_first = Cancelling cannot be undone: tick “Yes, cancel them” first.
bulk-none_ticked_orders = No order ticked: tick some, or “every order this filter matches”.
bulk-pick_order = Tick order { $number }
bulk-still_unrouted = still needs attention: a line routes nowhere
bulk-orders_moved = { $count ->
        [one] One order
       *[other] { $count } orders
    }: { $status }.

## channels and dashboard, whole sentences

channels-poll_every_seconds = every { $seconds } s
channels-poll_last_at = last pass { $when }
channels-poll_orders_seen = { $count ->
        [one] one order seen
       *[other] { $count } orders seen
    }
channels-poll_problem_is = problem: { $error }
dashboard-late_due = { $late ->
        [one] One task late
       *[other] { $late } tasks late
    } · { $due } due today

## platforms (an order's source; any other is shown as stored)

fulfilment-title = Sent to the marketplace
fulfilment-pending = Waiting to be sent
fulfilment-sent = Sent
fulfilment-failed = Not taken
fulfilment-next_try = { $error } — next try { $when }
fulfilment-retry = Try again
flash-fulfilment_retried = The tracking will be sent to the marketplace again.
channels-push = Report shipments to the marketplace
channels-push_help = When a task of one of this channel's orders ships, the marketplace gets the carrier and tracking number (Shopify: a fulfilment; Etsy: the receipt's shipment; Amazon: a shipment confirmation; WooCommerce: a note to the buyer, the tracking item, and the order completed once everything shipped). Failures are retried and shown on the order.
channels-push_uses_poll = It uses the API access set above.
channels-push_api_base = Store address
channels-push_token = Admin API access token
channels-push_key = REST API consumer key
channels-push_secret = Consumer secret
channels-push_active = Report shipments
channels-push_notify = The marketplace e-mails the buyer the tracking
channels-push_save = Save reporting
task-delivered = Delivered
tracking-title = The parcel's journey
tracking-info_received = Label made
tracking-in_transit = In transit
tracking-out_for_delivery = Out for delivery
tracking-delivered = Delivered
tracking-exception = Problem
tracking-returned = Returned to sender
shipfile-title = Ship from a file
shipfile-intro = Upload your waybill sheet and every task in it ships at once, each with its carrier and tracking number — or, if any row is wrong, nothing ships and each wrong row is listed.
shipfile-columns = Columns: SKU (or task id), carrier, tracking number — in English or Chinese (商品编码, 快递公司, 运单号). CSV, TSV or Excel.
shipfile-ship = Ship these tasks
shipfile-link = Ship from a file
flash-shipped_from_file = { $file }: { $count } tasks shipped.
nav-cases = After-sales
cases-title = After-sales cases
cases-intro = Returns, exchanges, reshipments, refunds, remakes and complaints on shipped order lines. Each goes to the supplier that made the line, which answers within 48 hours; each is settled within 7 days.
cases-open_only = Open cases only
cases-all = All cases, settled ones too
cases-none = No case here.
cases-number = Case
cases-kind = Kind
cases-opened = Opened
cases-reason = What went wrong
cases-requested = What the buyer asks for
cases-answer_by = Supplier answers by
cases-resolve_by = Settled by
cases-dispute = Disputed because
cases-return = Coming back with
cases-inspection = Inspection
cases-passed = Passed
cases-failed = Not passed
cases-refund = Refunded
cases-chargeback = Charged to the supplier
cases-remake = Made or sent again
cases-remake_task = Its task
cases-resolution = Resolution
cases-order = Order
cases-order_link = The order
cases-task_link = The task that made it
cases-files = Photos and documents
cases-photo = A photo of the case
cases-next = What to do now
cases-why = Why
cases-note = Note
cases-amount = Amount
cases-reship_to = Make it at
cases-same_supplier = The same supplier
cases-add_photos = Add photos or documents
cases-upload = Upload
cases-open = Open an after-sales case
cases-line = Line
cases-all_units = all of it
cases-photos = Photos (JPEG, PNG or PDF)
cases-open_button = Open the case
case-kind-return = Return
case-kind-exchange = Exchange
case-kind-reshipment = Reshipment
case-kind-refund = Refund
case-kind-remake = Remake
case-kind-complaint = Complaint
case-status-open = Waiting for the supplier
case-status-disputed = Disputed
case-status-accepted = Accepted
case-status-returning = Coming back
case-status-received = Received back
case-status-inspected = Inspected
case-status-remaking = Being made or sent again
case-status-resolved = Resolved
case-status-closed = Closed
case-late-answer = Answer overdue
case-late-resolve = Overdue
case-step-opened = Opened
case-step-files = Photos added
case-step-resolved = Sent again: resolved
case-step-accept = Accepted
case-step-dispute = Disputed
case-step-uphold = Upheld by staff
case-step-return_shipped = Sent back
case-step-receive = Received back
case-step-inspect = Inspected
case-step-refund = Refunded
case-step-reship = To be made or sent again
case-step-resolve = Resolved
case-step-charge_back = Charged to the supplier
case-step-close = Closed
case-do-accept = Accept
case-do-dispute = Dispute
case-do-uphold = Uphold the case
case-do-return_shipped = The buyer sent it back
case-do-receive = It arrived back
case-do-inspect = Record the inspection
case-do-refund = Record the refund
case-do-reship = Make or send it again
case-do-resolve = Resolve
case-do-charge_back = Charge it to the supplier
case-do-close = Close the case
flash-case_opened = Case { $number } opened.
flash-case_step = The case is now: { $status }.
flash-case_files = Added to the case.
print-what = Print the ticked tasks as
print-production_sheet = Production sheet
print-packing_slip = Packing slips
print-pick_list = Pick list
print-shipping_label = Shipping label pages
print-button = Print (PDF)
platform-amazon = Amazon
platform-etsy = Etsy
platform-shopify = Shopify
platform-woocommerce = WooCommerce
platform-taobao = Taobao
platform-tmall = Tmall
platform-jd = JD.com
platform-pinduoduo = Pinduoduo
platform-manual = Entered by hand
platform-csv = Spreadsheet

## payment states

payment-unpaid = Unpaid
payment-authorized = Payment authorised
payment-paid = Paid
payment-partially_refunded = Partly refunded
payment-refunded = Refunded

## payments

error-payment_exceeds_total = That payment would take what was received past the order's total.
error-refund_exceeds_paid = That refund is more than was received.
order-payments = Payment
payment-none = Nothing recorded here yet.
payment-kind = Record
payment-method = How
payment-amount = Amount
payment-reference = Reference (bank, cheque)
payment-record = Record
payment-kind_payment = Payment received
payment-kind_refund = Refund
payment-method_online = Online
payment-method_bank_transfer = Bank transfer
payment-method_cheque = Cheque
payment-method_cash_on_delivery = Cash on delivery
payment-method_marketplace = Through the marketplace
flash-payment_recorded = { $amount } recorded. Payment: { $status }.
order-confirm_receipt = Confirm receipt (delivered)

## three-party labels: each party's words for a status

label-to_release = To release
label-purchasing = With suppliers
label-special_handling = Needs handling
label-shipped = Shipped
label-to_pay = To pay
label-to_ship = To be shipped
label-to_receive = On its way
label-to_prepare = To prepare
label-ready_to_ship = Ready to ship
label-sent = Sent
label-completed = Completed
label-cancelled = Cancelled
label-refunded = Refunded
orders-paid_already = Paid already

## order edits

error-version_conflict = Someone changed this order since you opened it: reload it and make your change again.
error-order_released = This order is released: its lines change only by cancelling or reassigning their tasks.
error-order_closed = This order is closed: nothing on it changes any more.

## The review gate (orderhub_domain::review)
nav-review = Review
review-title = Review queue
review-intro = Orders waiting to go to suppliers, with what each waits on. A channel set to release at once holds an order while a check fails, and releases it by itself once the payment or the address arrives.
review-tab-all = All pending
review-tab-held = Held by a check
review-tab-approval = Waiting for approval
review-empty = Nothing is waiting.
review-more = Only the 50 oldest are shown: work through them, or filter the orders list.
review-waits_on = Waits on
review-held = Held
review-held_note = This order waits to be released by itself: it goes to suppliers as soon as every check passes.
review-all_passed = Every check passed
review-card = Review
review-check-paid = Paid
review-check-address = Ship-to address
review-check-prices = Prices
review-check-approval = Approval
review-check-stock = Stock
review-check-materials = Materials
review-check-rule = Automation rule
review-address-line1 = street
review-address-city = city
review-problem-unpaid = The order is { $status }.
review-problem-no_address = There is no ship-to address.
review-problem-address_incomplete = The address has no { $missing }.
review-problem-no_prices = No line has a price.
review-problem-below_supply_price = Line { $line } sells at { $price }, below the supplier price { $supply } of { $code }.
review-problem-needs_approval = “{ $rule }” needs the approval of: { $approver }.
review-problem-short_stock = Line { $line } needs { $quantity } of { $sku }; { $available } available where orders ship from. Wait for a receipt (a held order is looked at again), change the line to another product, or release it to have it made.
review-problem-short_material = Making the lines takes { $needed } of material { $sku }; { $available } in stock. Receive more, or release it and let the workshop source it.
review-problem-rule_hold = Rule “{ $rule }” holds it for a person: { $reason }
review-approved = Approved
review-awaiting_approval = Waiting for approval
review-comment = Comment (required to refuse)
review-approve = Approve and release
review-reject = Refuse and cancel
review-not_yours = Someone with the approver's role decides.
order-release_anyway = Release anyway
rules-title = Approval rules
rules-intro = An order matching every condition of a rule waits for the approver before it goes to suppliers. Amounts are compared in the rule's currency only.
rules-none = No rules: orders need nobody's approval.
rules-off = off
rules-switch_off = Switch off
rules-switch_on = Switch on
rules-add = Add a rule
rules-conditions = When the order…
rules-min_amount = Total at least
rules-customer_email = Customer e-mail
rules-approver = Approved by
rules-save = Add the rule
rules-when_amount = total at least { $amount }
rules-when_platform = from { $platform }
rules-when_customer = from { $email }
rules-sentence = { $name }: orders with { $when } need the approval of: { $approver }.
flash-approved = { $order } approved and released.
flash-approval_refused = { $order } refused and cancelled.
flash-rule_saved = Rule “{ $name }” saved.
error-approval_required = This order needs an approver's approval before release.
error-invalid_approver = The approver is an administrator or an operator.
error-not_your_approval = This order's rule needs someone else's approval.
error-nothing_to_approve = No approval waits on this order.
error-rule_without_condition = Give the rule at least one condition: an amount, a platform or a customer.
event-order_created = Received
event-order_status_changed = Status changed
event-order_upstream_updated = Updated by the marketplace
event-order_flagged = Flagged for a person
event-case_opened = After-sales case opened
event-case_step = After-sales case moved on
event-task_delivered = Delivered, says the carrier
event-order_fulfilment_sent = Tracking sent to the marketplace
event-order_fulfilment_failed = The marketplace did not take the tracking
event-order_fulfilment_retried = Tracking to be sent again
event-order_payment_recorded = Payment recorded
event-order_edited = Edited
event-order_held = Held by the review
event-order_approved = Approved
event-order_approval_refused = Refused by the approver
event-line_unrouted = Line not routed
event-task_routed = Task routed
event-task_status_changed = Task moved
event-task_updated = Task edited

## Changes after release (orderhub_domain::amend)
error-amendment_pending = The order changed: accept or refuse the change before going on.
error-no_amendment = No change waits on this task.
error-comment_required = Say what should change.
error-no_proof = This task needs no proof.
error-link_expired = This link has expired; ask the seller for a new one.
error-proof_not_expected = The proof is not at that step.
error-proof_required = The proof must be approved before production starts.
error-unsupported_file = Only JPEG, PNG and PDF files are taken (their content decides, not their name).
error-unsafe_pdf = The PDF carries scripts or other active content; print it to a plain PDF and send that.
error-line_shipped = A line that has shipped cannot change any more.
error-order_shipped = The order has shipped: a new line is a new order.
error-order_has_payments = Money is recorded on this order: cancel it instead of deleting it.
error-channel_order = This order came from a sales channel, which would bring it back: cancel it instead.
event-task_amendment_proposed = Change put to the supplier
event-task_amendment_accepted = Change accepted by the supplier
event-task_amendment_refused = Change refused by the supplier
event-task_proof_submitted = Proof submitted
event-task_proof_sent = Proof sent to the buyer
event-task_proof_approved = Proof approved
event-task_proof_changes_requested = Changes asked of the proof
event-order_deleted = Deleted
amend-title = The order changed:
amend-cancel = the line was removed: this task would be cancelled.
amend-part = { $part } { $before } → { $after }
amend-part-title = Product
amend-part-quantity = Quantity
amend-part-customization = Personalisation
amend-reason = Why you cannot (to refuse)
amend-accept = Accept the change
amend-refuse = Refuse
flash-amend_accepted = Change accepted on { $sku }.
flash-amend_refused = Change refused on { $sku }; the seller is told.
order-line_removed = Removed by a change
order-delete = Delete (never released)
flash-order_deleted = Order deleted.
order-edit = Change order
order-edit_reload = Load the order as it is now
order-edit_released_help = This order is with its suppliers. A line whose supplier has not accepted yet changes at once; a supplier that has accepted is asked first and its task waits for the answer. A shipped line cannot change.
order-remove_line = Remove
order-new_line = New line
order-custom_help = Personalisation: one "name: value" per line (for example "engraving: For Ada"), or JSON.
order-save_changes = Save changes
cancel = Cancel
field-note = Note
field-country = Country (2 letters)
field-region = State or province
field-city = City
field-line1 = Address
field-line2 = Address line 2
field-postal_code = Postal code
attention-card = Needs attention
attention-unrouted = Line { $line } has no supplier: { $detail }
attention-address_missing = Suppliers are making this order, and it has no street and city to ship to.
attention-not_paid = Suppliers are making this order, and it is not paid ({ $detail }).
attention-amendment_refused = The supplier of { $sku } refused the change: { $detail }. The task stays as it was.
attention-late = { $sku } is late: it was due { $since }.
attention-proof_waiting = The proof of { $sku } has been with the buyer since { $since }.
fix-route_again = Retry routing
fix-edit_order = Change order
fix-record_payment = Record a payment
fix-cancel_order = Cancel order…
fix-open_task = Open task
fix-keep_as_is = Keep the task as it is
flash-amend_kept = The task stays as its supplier has it.
event-task_amendment_kept = Task kept as the supplier has it
event-task_proof_reset = Proof owed again: the personalisation changed
error-nothing_to_confirm = No line of this supplier waits to be confirmed.
share-title = Supplier orders
share-number = Supplier order
share-how_far = Shipped so far
share-progress = { $shipped } of { $lines ->
    [one] 1 line
   *[other] { $lines } lines
}
share-confirm = { $n ->
    [one] Confirm the line
   *[other] Confirm all { $n } lines
}
share-to_confirm = To confirm
share-confirmed = Confirmed
share-in_production = In production
share-partially_shipped = Partially shipped
share-shipped = Shipped
share-completed = Completed
flash-share_confirmed = Your lines of { $order } are confirmed.
workflow-proof = Proof before production
workflow-by_buyer = buyer (through the link)
proof-step-submit = submit a round
proof-step-send_to_buyer = send to the buyer
proof-step-approve = approve
proof-step-request_changes = ask for changes
share-confirm_order = Confirm all { $n } lines of this order

## B2B purchasing (orderhub_domain::b2b)
error-below_minimum_quantity = The supplier sells this product from a larger quantity.
error-bid_closed = This negotiation has ended.
error-duplicate_line = A line is named twice.
error-line_awarded = A line of this offer is already agreed with another supplier.
error-not_an_approver = Only an approver of your organisation decides on this request.
error-not_published = That product is not in the catalogue.
error-not_your_turn = The other side is to answer first.
error-purchasers_only = Only a purchaser of the organisation may do this.
error-quote_expired = This quote has expired; ask the supplier for a new one.
error-rfq_closed = This request is closed: nothing more can be negotiated on it.
error-unknown_line = The request has no such line.
error-version_superseded = A newer version exists; read it before you accept.
error-no_catalogue_access = The catalogue is for purchasers and staff.
error-no_rfq_access = Only the supplier asked (or staff) may quote.
error-organisation_inactive = Your organisation is inactive; ask the seller to reactivate it.
event-rfq_submitted = Request submitted
event-rfq_approved = Request approved
event-rfq_approval_refused = Request refused by the approver
event-rfq_sent = Request sent to the supplier
event-rfq_cancelled = Request cancelled
event-bid_quoted = Quote received
event-bid_rejected = Supplier declined to quote
event-bid_countered = Counter-offer made
event-bid_accepted = Offer accepted
event-bid_declined = Quote declined
event-bid_withdrawn = Request withdrawn from the supplier
event-bid_message = Message
error-contract_superseded = A later version replaced this contract: read and sign that one.
error-already_signed = This has been signed already.
error-hash_mismatch = The document changed since you read it: read it again before you sign.
error-not_a_party = Only the buyer and the seller sign a contract.
error-pdf_font_missing = The server has no font that prints Chinese, so it cannot print the document: install fonts-noto-cjk or set ORDERHUB_PDF_FONT.
event-contract_drawn_up = Contract drawn up
event-contract_signature_added = Contract signed by one party
event-contract_signed = Contract signed by both parties

## B2B in the web app (web/rfqs.rs, web/rfq_form.rs)
nav-catalogue = Catalogue
nav-rfqs = Requests for quotation
rfq-list_title = Requests for quotation
rfq-list_intro = Each request goes to the suppliers it names; each supplier's quote is negotiated on the request's page.
rfq-new = New request
rfq-none = No requests yet.
rfq-col_number = Number
rfq-col_title = Title
rfq-col_buyer = Buyer
rfq-needed_by = Needed by
rfq-col_suppliers = Suppliers
rfq-bids_summary = { $asked } asked · { $quoted } quoted
rfq-delivery = Delivery address
rfq-estimate = Estimate
rfq-approval = Your approval
rfq-comment = Comment (required to refuse)
rfq-approve = Approve and send
rfq-refuse = Refuse
rfq-lines = What is asked for
rfq-item = Item
rfq-item_n = Item { $n }
rfq-specs = Specifications
rfq-quality = Quality standard
rfq-target = Target unit price (not shown to suppliers)
rfq-bids = Suppliers' answers
rfq-no_bids = No supplier has been asked yet: the seller's staff will choose.
rfq-reason = Reason
rfq-version = Version
rfq-unit_price = Unit price
rfq-lead_time = Lead time
rfq-lead_days = Lead time in days
rfq-shipping = Shipping
rfq-terms = Payment terms
rfq-valid_until = Valid until
rfq-changes = Changed from the version before:
rfq-accept = Accept version { $version }
rfq-quote = Quote
rfq-send_quote = Send the quote
rfq-counter = Counter-offer
rfq-send_counter = Send the counter-offer
rfq-reject = Decline to quote
rfq-decline = Decline the quote
rfq-thread = Messages
rfq-no_messages = No messages yet.
rfq-write = Write to the other side
rfq-send_message = Send
rfq-line = Line { $n }
rfq-by_supplier = quote by the supplier
rfq-by_buyer = counter-offer by the buyer
rfq-days = { $n } days
rfq-side_supplier = Supplier
rfq-side_buyer = Buyer
rfq-side_platform = Seller's staff
rfq-done_quote = Quote sent.
rfq-done_reject = You declined to quote; the buyer sees your reason.
rfq-done_counter = Counter-offer sent.
rfq-done_accept = Accepted: the contract is drawn up below.
rfq-done_decline = Quote declined.
rfq-done_message = Message sent.
rfq-done_approved = Approved: the request went to its suppliers.
rfq-done_refused = Refused: the request is cancelled.
rfq-done_signed = Signed.
rfq-done_sent = Request { $number } sent.
rfq-new_intro = Name each item with its quantity, or start from the catalogue. Suppliers of catalogue products are asked too.
rfq-suppliers_hint = Tick the suppliers to ask; none ticked: the seller's staff choose.
rfq-send = Send the request
rfq-awaiting_approval = Waiting for your organisation's approval
rfq-open = With the suppliers
rfq-awarded = Agreed: contract to sign
rfq-contracted = Contract signed
rfq-closed = Closed without agreement
rfq-cancelled = Cancelled
bid-to_quote-platform = Waiting for a quote
bid-to_quote-supplier = To quote
bid-to_quote-buyer = Waiting for the supplier
bid-quoted-platform = Quoted
bid-quoted-supplier = Quoted: waiting for the buyer
bid-quoted-buyer = Quote received: your answer
bid-countered-platform = Counter-offered
bid-countered-supplier = Counter-offer: your answer
bid-countered-buyer = Counter-offer sent: waiting for the supplier
bid-accepted-platform = Agreed
bid-accepted-supplier = Agreed: sign the contract
bid-accepted-buyer = Agreed: sign the contract
bid-contracted-platform = Contract signed
bid-contracted-supplier = Contract signed
bid-contracted-buyer = Contract signed
bid-rejected-platform = Supplier declined
bid-rejected-supplier = You declined
bid-rejected-buyer = Supplier declined
bid-declined-platform = Buyer declined
bid-declined-supplier = Not chosen
bid-declined-buyer = You declined
bid-withdrawn-platform = Withdrawn
bid-withdrawn-supplier = Request withdrawn
bid-withdrawn-buyer = Withdrawn
offer-line = Quoted quantity
offer-unit_price = Unit price
offer-quantity = Quantity
offer-lead_time_days = Lead time (days)
offer-delivery_date = Delivery date
offer-quality = Quality standard
offer-shipping_cost = Shipping
offer-payment_terms = Payment terms
offer-valid_until = Valid until
offer-note = Note
contract-title = Contract
contract-pdf = Read the contract (PDF)
contract-sign = Sign this document
contract-sign_hint = You sign the SHA-256 shown above: the PDF exactly as you can read it.
contract-signed_by = { $side }: { $who }, { $when }
contract-awaiting_signatures = Waiting for signatures
contract-signed = Signed by both parties
contract-superseded = Replaced by a later version
catalogue-intro = Products the suppliers publish, with their price and minimum order quantity.
catalogue-search = Search
catalogue-find = Find
catalogue-none = Nothing published matches.
catalogue-moq = from { $n } units
catalogue-ask = Ask for a quote
catalogue-on_request = Price on request
rfq-compare = Quotes side by side
rfq-lowest = lowest
rfq-not_quoted = not quoted
rfq-total_with_shipping = Total with shipping
rfq-ask_more = Ask more suppliers
rfq-ask = Send the request to them
rfq-done_asked = The request went to the suppliers ticked.
nav-organisations = Purchasers
org-title = Purchaser organisations
org-intro = The companies that buy from your suppliers (B2B): their terms, the amount above which a request waits for one of their approvers, and their people.
org-none = No organisation yet.
org-tax_id = Tax id
org-approval_limit = Approval limit
org-limit_hint = Requests estimated at this amount or more wait for one of the organisation's approvers; empty: no approval.
org-no_limit = none
org-add = Add an organisation
org-country = Country (two letters)
org-city = City
org-street = Street
org-postal_code = Postal code
org-members = People
org-no_members = Nobody yet: invite a buyer.
org-not_yet = has not signed in yet
org-invite = Invite a buyer or an approver
org-role = Role in the organisation
org-role_buyer = Buyer
org-role_approver = Approver
org-send_invite = Create the invitation link
contract-revise = Propose a change
contract-revise_hint = Fill in only what changes. The change is a new version of the contract, which both sides read and sign again; a signed version stays in force until then.
contract-propose = Propose the new version
rfq-done_revised = Version { $version } of the contract is drawn up: both sides sign it again.

## Contract delivery (issue 16, item 7)
error-arrives_before_shipped = A shipment arrives after it leaves.
error-below_shipped = More than that has shipped already.
error-bound_by_contract = A signed contract binds this order to its supplier: revise the contract instead.
error-contract_not_signed = The contract is delivered once both parties have signed it.
error-duplicate_order = An order with this number exists already.
error-exceeds_remaining = That is more than is left to ship of this line.
error-in_the_future = This date is in the future.
error-no_delivery_access = Only the contract's supplier (or staff) ships its goods.
error-ship_by_contract = This task belongs to a contract: ship it from the contract's page, saying how much leaves.
error-task_not_shippable = This line cannot ship now: its task must be accepted and not yet fully shipped.
error-contract_supplier_rejected = The contract's supplier rejected this line: agree a new contract version, or cancel.
error-contract_supplier_uncategorised = The contract's supplier serves no category: add it to one.
event-shipment_sent = Shipment sent
error-already_received = This shipment was received already.
error-exceeds_shipped = That is more units than this shipment brought.
error-exceeds_rejected = That is more units than were rejected on receipt and not claimed by another return.
event-shipment_received = Shipment received
event-return_requested = Return requested
event-return_answered = Return answered
event-return_resolved = Return settled
nav-contracts = Contracts
contract-delivery = Delivery
delivery-title = Delivery
delivery-list_title = Contracts and deliveries
delivery-list_intro = Each signed contract is delivered here: what has shipped, what was received, and any returns.
delivery-none = No contracts yet.
delivery-col_contract = Contract
delivery-buyer = Buyer
delivery-seller = Supplier
delivery-to_sign = Read and sign it on its request.
delivery-request = Request
delivery-lines = Lines
delivery-ordered = Ordered
delivery-shipped = Shipped
delivery-accepted = Accepted
delivery-rejected = Rejected
delivery-credited = Credited
delivery-due = Due
delivery-ship = Ship goods
delivery-ship_hint = Ship all of a line or part of it; each shipment gets its own waybill. A line ships once its task is accepted.
delivery-left = { $n } left to ship
delivery-method = Transport
delivery-carrier = Carrier
delivery-waybill = Waybill
delivery-shipped_on = Shipped on
delivery-expected = Expected
delivery-send = Record the shipment
delivery-shipments = Shipments
delivery-no_shipments = Nothing has shipped yet.
delivery-shipment = Shipment { $n }
delivery-replaces = replaces return { $n }
delivery-on_the_way = On the way
delivery-received = Received
delivery-receive = Receive this shipment
delivery-receive_hint = Count what came: accepted units are taken in; rejected ones need a reason and may be exchanged or refunded.
delivery-reason = Reason
delivery-confirm_receipt = Confirm receipt
delivery-returns = Returns and exchanges
delivery-no_returns = No returns.
delivery-return = Return { $n }
delivery-answer = Answer
delivery-credit = Credited
delivery-replacement = Replacement
delivery-ask_return = Ask for a return or exchange
delivery-return_kind = What you ask for
delivery-claimable = { $n } rejected units to claim
delivery-photos = Photos or documents (JPEG, PNG, PDF)
delivery-send_return = Send the request
delivery-found = { $accepted } accepted, { $rejected } rejected
delivery-received_by = Received by { $who }, { $when }
delivery-return_line = line { $n }: { $units } units
delivery-photo = Photo { $n }
delivery-done_shipped = Shipment { $n } recorded.
delivery-done_received = Shipment { $n } received.
delivery-done_return = Return { $n } requested.
delivery-done_step = Return { $n } updated.
method-express = Courier
method-freight = Freight (less than truckload)
method-truck = Full truck
method-air = Air
method-sea = Sea
method-rail = Rail
method-pickup = Collected by the buyer
return-kind-exchange = Exchange
return-kind-refund = Refund
return-requested = Waiting for the supplier
return-to_replace = To be replaced
return-replacement_shipped = Replacement on the way
return-resolved = Settled
return-refused = Refused
return-withdrawn = Withdrawn
return-step-replace = Replace the units
return-step-credit = Credit them
return-step-refuse = Refuse
return-step-ship_replacement = Record the replacement shipment
return-step-withdraw = Withdraw the request
task-ship_by_contract = Ship it from its contract (in parts if you like) →
error-delivery_closed = This delivery is closed for that change: ask for more in a new request.
event-invoice_issued = Invoice issued
event-invoice_cancelled = Invoice withdrawn
event-payment_reported = Payment reported
event-payment_confirmed = Payment confirmed
event-payment_rejected = Payment not received
event-contract_settled = Contract settled
error-conflicting_fields = Give one of these, not both.
error-online_by_provider = An online payment is recorded by its provider.
error-exceeds_contract = That is more than is left to invoice on this contract.
error-exceeds_invoice = That is more than the invoice still waits for.
error-invoice_cancelled = The supplier withdrew this invoice.
billing-title = Invoices and payments
billing-settled = Settled
billing-none = No invoices yet.
billing-total = Contract total
billing-credited = Credited
billing-invoiced = Invoiced
billing-paid = Paid
billing-outstanding = Outstanding
billing-amount = Amount
billing-due = Due
billing-pdf = Invoice (PDF)
billing-pay_to = Pay to
billing-proof = Proof { $n }
billing-not_received_why = If the money has not arrived: why
billing-confirm = Confirm the money arrived
billing-reject = Not received
billing-record_payment = Record a payment
billing-method = Paid by
billing-reference = Reference (transfer serial or cheque number)
billing-paid_on = Paid on
billing-proof_files = Proof (transfer slip, cheque): JPEG, PNG, PDF
billing-send_payment = Record the payment
billing-withdraw = Withdraw this invoice
billing-issue = Issue an invoice
billing-issue_hint = Invoice a share of the contract (a milestone such as a 30% advance), an amount, or leave both empty to invoice all that is left.
billing-milestone = Milestone
billing-percent = Share of the contract (%)
billing-amount_or = Or an amount
billing-send_invoice = Issue the invoice
billing-done_issued = Invoice { $number } issued.
billing-done_paid = Payment of { $number } recorded; the supplier confirms it.
billing-done_answered = Payment of { $number } answered.
billing-done_cancelled = Invoice { $number } withdrawn.
invoice-open = To pay
invoice-partly_paid = Partly paid
invoice-paid = Paid
invoice-cancelled = Withdrawn
payment-reported = To confirm
payment-confirmed = Confirmed
payment-rejected = Not received
pay-bank_transfer = Bank transfer
pay-cheque = Cheque
pay-alipay = Alipay
pay-wechat_pay = WeChat Pay
pay-stripe = Card (Stripe)
billing-pay_online = Pay online: { $provider }
error-nothing_to_pay = The invoice waits for nothing more.
error-amount_mismatch = The amount paid is not the amount asked.
error-provider_not_configured = This payment provider is not set up on this server.
error-provider_failed = The payment provider would not open the payment; try again.
error-stale_notification = The notification was signed too long ago.
error-currency_not_supported = This payment provider does not take this currency.
rfq-files = Drawings and specifications
rfq-no_files = No files attached.
rfq-file = File { $n }
rfq-attach = Attach drawings or specifications (JPEG, PNG, PDF)
rfq-attach_send = Attach
rfq-message_files = Files (JPEG, PNG, PDF)
rfq-done_files = Files attached.
billing-wechat_title = Pay with WeChat Pay
billing-wechat_scan = Scan this code with WeChat to pay { $amount }. The payment is recorded when WeChat Pay tells us.
billing-wechat_expires = The code can be paid until { $when }.
billing-back = Back to the contract

## Statistics
nav-stats = Statistics
stats-title = Statistics
stats-period = Period
stats-period-today = Today
stats-period-7d = Last 7 days
stats-period-30d = Last 30 days
stats-period-90d = Last 90 days
stats-period-month = This month
stats-period-quarter = This quarter
stats-period-year = This year
stats-period-custom = From … to …
stats-from = From
stats-to = To
stats-bands = Amount bands
stats-show = Show
stats-range = { $range } (UTC days).
stats-compared = Compared with { $range }.
stats-headline = Headline figures
stats-before = before: { $value }
stats-orders = Orders
stats-paid_orders = Paid orders
stats-sales = Sales
stats-average_order = Average order
stats-refunded = Refunded
stats-net = Net sales
stats-cancelled = Cancelled
stats-ordering = Customers who ordered
stats-paying = Customers who paid
stats-new_payers = New paying customers
stats-returning_payers = Returning paying customers
stats-trend_sales = Sales over the period
stats-trend_orders = Orders over the period
stats-by_channel = By platform and channel
stats-by_country = By country
stats-by_region = By region
stats-by_category = By category
stats-best_by_sales = Best sellers by sales
stats-best_by_units = Best sellers by units
stats-distribution = Paid orders by amount
stats-platform = Platform
stats-channel = Channel
stats-country = Country
stats-region = Region
stats-currency = Currency
stats-name = Name
stats-units = Units
stats-cost = Cost
stats-gross_margin = Gross margin
stats-costed = Cost known
stats-band = Amount
stats-none = (none)
stats-table = Table
stats-rates = Exchange rates
stats-rates_intro = Totals across currencies, and margins where a supplier's price is in another currency, are converted with these rates. Set them as often as you like: figures are converted when shown.
stats-reporting = Reporting currency
stats-rates_lines = One currency per line, with what one unit is worth in the reporting currency
stats-no_rates = No reporting currency yet: amounts are shown per currency.
stats-set_rates = Set exchange rates
stats-save = Save rates
flash-rates_saved = Exchange rates saved.
field-min_on_time = Skip suppliers on time less than (%)
categories-min_on_time_help = Routing by scorecard: a supplier that shipped on time less often than this over the last 30 days (judged once it has 5 shipments with a due date) is skipped. If every supplier is below it, the work still goes to one, and the automation history says so. Empty: off.
categories-timing = Dates and capacity
field-ship_within = Ships within (working days)
categories-ship_within_help = The promise on your listings. A task is due this many working days (its supplier's) after it arrives, unless the order brings its own date (Amazon's latest ship date, Etsy's expected ship date). Empty: no promise.
field-capacity_cap = Never above capacity
categories-capacity_cap_help = A supplier that cannot have a line ready by its date, within its units per day and lead time, is skipped; a line nobody can make in time waits for you with the reason. Suppliers' capacity is set on each supplier's page.
field-accept_within = Hours to accept a task
categories-accept_within_help = A task its supplier has not accepted after this many hours moves to the next supplier by itself, recorded like a rejection. Empty: no limit.
skipped-below_on_time = on time { $rate } % over 30 days, below { $min } %
skipped-too_late = ready { $ready } at the soonest: too late for the date
skipped-too_late_year = no room within a year
history-ready_on = ready { $ready }
history-min_waived = every supplier was below the category's minimum on-time rate, so it was not applied
scores-title = Supplier scorecards
scores-intro = From what happened to each task: how fast a supplier accepts, how often it refuses, whether it ships by the due date, how long work takes from assignment to shipment (lead times to two significant figures), and after-sales cases per 100 shipments. The score (0–100) weighs on time 40, answering without refusing 25, no after-sales 20 and accepting within four hours 15.
scores-pick = Trend of
scores-suppliers = Scores
scores-yours = Your scorecard
scores-by_category = By category
scores-trend = On-time rate over the period
scores-supplier = Supplier
scores-score = Score
scores-on_time = On time
scores-lead_p50 = Lead time, median
scores-lead_p90 = Lead time, 90 %
scores-acceptance = Accepts within
scores-rejection = Refused
scores-after_sales = After-sales per 100
scores-shipped = Shipped
scores-open = Open now
scores-hours = { $n } h
nav-scorecard = My scorecard

# Calendar and capacity (issue 19)
capacity-title = Calendar and capacity
capacity-back = Back to the supplier
capacity-intro = When this supplier works and how much it makes. New tasks are booked into its first working days with room; their due date follows (or the order's own date). Tasks routed already keep their days.
capacity-work_days = Working days
capacity-holidays = Days off
capacity-holidays_help = One date per line (YYYY-MM-DD), e.g. the Spring Festival.
capacity-offset = Clock (offset from UTC)
capacity-offset_help = The supplier's time zone as +HH:MM, e.g. +08:00 in China. Days and the cut-off are on this clock.
capacity-categories = Per category
capacity-categories_help = Units per working day (empty: no limit), the fewest working days from an order to its shipment, and the time after which an order counts from the next working day. Empty units and lead time: no date is worked out.
capacity-no_categories = This supplier serves no category yet.
capacity-units = Units per day
capacity-lead = Lead time (working days)
capacity-cut_off = Cut-off (HH:MM)
capacity-save = Save calendar and capacity
flash-capacity_saved = Calendar and capacity saved.
suppliers-capacity = Calendar and capacity
weekday-mon = Monday
weekday-tue = Tuesday
weekday-wed = Wednesday
weekday-thu = Thursday
weekday-fri = Friday
weekday-sat = Saturday
weekday-sun = Sunday

# Production plan (issue 19)
plan-title = Production plan
plan-intro = Units booked per day against what each supplier can make (its calendar and units per day). New tasks are booked into the first days with room; move a task to plan it yourself.
plan-views = Plan views
plan-view_day = Next 3 days
plan-view_week = 3 weeks
plan-view_quarter = Quarter
plan-earlier = Earlier
plan-today = Today
plan-later = Later
plan-supplier = Supplier
plan-all = All suppliers
plan-show = Show
plan-pick_supplier = Choose a supplier to see its tasks day by day.
plan-units = units
plan-day_off = day off
plan-overload = over capacity
plan-nothing = Nothing booked.
plan-today_units = Units this day
plan-move_to = Start on
plan-move = Move
plan-no_rows = No supplier serves a category yet.
plan-who = Supplier · category
plan-week_of = Week of
plan-legend = Each cell: units booked / units it can make (a number alone: no limit set). Grey: a day off. Red: over capacity.
flash-replanned = Planned from { $day }.
nav-plan = Plan
nav-my_plan = My plan
weekday_short-mon = Mon
weekday_short-tue = Tue
weekday_short-wed = Wed
weekday_short-thu = Thu
weekday_short-fri = Fri
weekday_short-sat = Sat
weekday_short-sun = Sun

## Inventory (/stock)
nav-stock = Stock
stock-title = Stock
stock-intro = What is on hand, reserved for orders and available, by SKU and location. Every receipt, issue, transfer and count is kept in each item's history.
stock-search = SKU or name
stock-location = Location
stock-all_locations = All locations
stock-low_only = Low only
stock-show = Show
stock-no_locations = No stock locations yet: add your warehouse below, then receive stock into it.
stock-empty = Nothing matches.
stock-item = Item
stock-on_hand = On hand
stock-reserved = Reserved
stock-available = Available
stock-low = Low
stock-more = More
stock-record = Record a movement
stock-receive = Receive (stock in)
stock-issue = Issue (stock out)
stock-transfer = Transfer
stock-count = Stocktake
stock-title_field = Name (first receipt)
stock-reference = Delivery note or shipment number
stock-reason = Reason
stock-reason_example = samples, damaged, sold elsewhere
stock-from = From
stock-to = To
stock-quantity = Quantity
stock-counts = Counted
stock-counts_help = One SKU per line with the number on the shelf, e.g. MUG-11 12. Each difference is recorded as an adjustment with the reason; SKUs not listed are not touched.
stock-count_example = monthly count
stock-locations = Locations
stock-code = Code
stock-name = Name
stock-name_example = Shenzhen warehouse
stock-add_location = Add location
stock-low_at = Low at
stock-low_at_help = Flag the item (and send stock.low to webhooks) when available falls to this number or below. Leave empty for no alert.
stock-save = Save
stock-reservations = Reservations
stock-no_reservations = Nothing is reserved.
stock-for = For
stock-order = order
stock-since = Since
stock-ship = Shipped
stock-release = Release
stock-history = History
stock-no_history = No movements yet.
stock-when = When
stock-movement = Movement
stock-why = Reason or reference
stock-by = By
stock-older = Older
stock-kind-receipt = Received
stock-kind-issue = Issued
stock-kind-transfer_out = Transferred out
stock-kind-transfer_in = Transferred in
stock-kind-reservation = Reserved
stock-kind-release = Released
stock-kind-shipment = Shipped
stock-kind-adjustment = Stocktake adjustment
flash-stock-receipts = Received:
flash-stock-issues = Issued:
flash-stock-transfers = Transferred:
flash-stock-stocktakes = Stocktake recorded (changed/counted):
flash-stock-locations = Location added:
flash-stock-threshold = Threshold saved.
flash-stock-ship = Reservation shipped.
flash-stock-release = Reservation released.
task-from_stock = From stock — pick at
field-steps = Made in steps
categories-steps_example = Uppers → Midsoles → Soles → Assembly
categories-steps_help = Leave empty when one supplier makes it. Otherwise name the categories of its process steps in order: each step goes to a supplier of that category, the next once the previous is produced, and the line is made when the last step is.
task-step = Step { $no } of { $of }: hand it over to the next step when made (ship it with the carrier and tracking number)
task-last_step = Last step ({ $no } of { $of }): the finished product
task-process = Process step
suppliers-internal = In-house: our own workshop, not a partner
stock-keeper = Picked and shipped by
stock-no_keeper = Nobody (not for orders)
stock-keeper_help = A location ships orders when a supplier (your own warehouse team counts) picks from it: order lines whose SKU it holds go to that supplier, their units reserved.
flash-stock-keeper = Saved:
materials-title = Materials
materials-per_unit = What one unit uses
materials-help = One material per line: its SKU and how much one unit uses, in the unit you stock it in (pieces, metres, grams), e.g. LEATHER-BLK 0.25. The review then checks that the materials in stock cover the lines to be made. Empty: none listed.
materials-save = Save materials
flash-materials = Materials saved.

## Notifications (e-mail, group robots, the inbox)
event-task_overdue = Late: reminder sent
error-no_robot_access = Only the seller's staff and suppliers set up group robots.
notify-task_assigned = New task { $sku }
notify-overdue_accept = Not accepted after { $hours } h: task { $sku }
notify-overdue_ship = Past its due date and not shipped: task { $sku }
notify-amendment = A change to accept: task { $sku }
notify-case_opened = After-sales case ({ $kind }) on task { $sku }
notify-order_held = Order { $number } is held for review
notify-approval_waiting = Order { $number } waits for approval
notify-line_unrouted = Order { $number }: a line found no supplier
notify-fulfilment_failed = Order { $number }: the marketplace refused the shipment
notify-line-product = Product: { $title }
notify-line-quantity = Quantity: { $quantity }
notify-line-personalization = Personalisation: { $text }
notify-line-due = Due: { $due }
notify-line-stock = From stock: pick at { $location }
notify-line-step = Step { $step } of { $steps }
notify-line-order = Order: { $platform } { $number }
notify-line-reason = Why: { $reason }
notify-digest = Your day, { $day }
notify-digest-to_accept = { $count ->
    [one] 1 task to accept
   *[other] { $count } tasks to accept
}
notify-digest-in_work = { $count ->
    [one] 1 task in work
   *[other] { $count } tasks in work
}
notify-digest-late = { $count ->
    [one] 1 task late
   *[other] { $count } tasks late
}
notify-digest-held = { $count ->
    [one] 1 order held for review
   *[other] { $count } orders held for review
}
notify-open = Open in orderhub
notify-test = Test message from orderhub
notify-test-line = Robot “{ $name }” is set up: notices will arrive in this group.
nav-inbox = Inbox
nav-unread = { $count ->
    [one] 1 unread notice
   *[other] { $count } unread notices
}
nav-operations = Operations
nav-robots = Group robots
topic-task_assigned = New task for you
topic-task_overdue = A task is late
topic-amendment = A change to accept
topic-case_opened = After-sales case opened
topic-order_attention = An order needs attention
topic-approval_waiting = An order waits for approval
topic-digest = Daily digest (08:00)
channel-inbox = Inbox
channel-email = E-mail
channel-dingtalk = DingTalk
channel-feishu = Feishu / Lark
channel-wecom = WeCom
job-unaccepted_tasks = Tasks not accepted in time move on
job-reminders = Reminders of late tasks
job-unpaid_orders = Unpaid orders cancelled
job-confirm_receipt = Receipt confirmed automatically
job-digest = Daily digests
job-sweep_files = Unused files removed
delivery-pending = Waiting to be sent
delivery-sent = Sent
delivery-failed = Given up
delivery-skipped = Not sent (no mail server)
delivery-unread = Unread
delivery-read = Read
inbox-title = Notifications
inbox-intro = What needs you: new tasks, late work, changes to accept, after-sales cases, orders held. Each also comes by e-mail (choose the topics below) and to your group robots.
inbox-all = All
inbox-unread_only = Unread only
inbox-mark_all = Mark all read
inbox-marked = { $count ->
    [one] 1 notice marked read
   *[other] { $count } notices marked read
}
inbox-empty = Nothing yet.
inbox-new = new
inbox-older = Older
inbox-settings = E-mail and quiet hours
inbox-by_email = Send these by e-mail too
inbox-quiet_hours = Quiet hours
inbox-quiet_hint = Two times of day in your time zone (e.g. 22:00-07:30): nothing is e-mailed then; it comes when they end. Empty: none.
inbox-save = Save
inbox-settings_saved = Notification settings saved
robots-title = Group robots
robots-intro = A custom robot posts notices into a DingTalk, Feishu or WeCom group. Create the robot in the group's settings, copy its webhook address (and its signing secret, if you turned signing on), and add it here.
robots-name = Group
robots-kind = App
robots-for = For
robots-ours = Our team
robots-topics = Topics
robots-signed = signed
robots-test = Send a test
robots-pause = Pause
robots-resume = Resume
robots-really = really
robots-delete = Remove
robots-add = Add a robot
robots-url = Webhook address
robots-url_hint = As the chat app shows it: DingTalk's carries access_token, WeCom's carries key.
robots-secret = Signing secret
robots-secret_hint = DingTalk 加签 (SEC…) or Feishu signature verification; leave empty for WeCom. Not shown again.
robots-language = Language
robots-time_zone = Time zone
robots-save = Add robot
robots-added = added
robots-test_ok = the test message was posted
robots-test_failed = the test message was refused:
robots-paused = paused
robots-resumed = posting again
robots-deleted = removed
robots-confirm_delete = tick “really” to remove it
ops-title = Operations
ops-intro = What orderhub does by itself: scheduled jobs (each run claimed by one server) and the notifications sent.
ops-jobs = Scheduled jobs
ops-job = Job
ops-last_run = Last run
ops-next_run = Next run
ops-did = Last result
ops-failures = Failures in a row
ops-running = running on
ops-run_now = Run now
ops-queued = will run within a second
ops-every_minutes = { $minutes ->
    [one] every minute
   *[other] every { $minutes } minutes
}
ops-runs = { $count ->
    [one] 1 run
   *[other] { $count } runs
}
ops-deliveries = Notifications sent
ops-channel = Channel
ops-status = State
ops-count = Count
ops-latest_failures = Latest failures
notify-rule = Rule “{ $rule }”: order { $number }
event-rule_fired = An automation rule fired
event-rule_webhook = A rule called the webhooks
history-rule = Rule “{ $rule }” (version { $version })
history-rule_cause = its conditions held
history-order = the order
action-set_priority = Set the priority
action-hold = Hold for review, saying why
action-route_to_category = Route the lines to category
action-notify = Tell the staff
action-webhook = Call the webhooks subscribed to rule.webhook
trigger-order_received = An order is received
trigger-task_status_changed = A task changes status
rule-field-platform = Platform
rule-field-country = Ship-to country
rule-field-total = Order total
rule-field-currency = Currency
rule-field-customer_email = Buyer's e-mail
rule-field-customer_name = Buyer's name
rule-field-personalised = Personalised
rule-field-category = A line's category
rule-field-title = A line's title
rule-field-quantity = Units
rule-field-task_status = Task's new status
rule-field-supplier = Task's supplier
rule-op-eq = is
rule-op-ne = is not
rule-op-gt = is more than
rule-op-gte = is at least
rule-op-lt = is less than
rule-op-lte = is at most
rule-op-contains = contains
rule-op-in = is one of
automation-rules = Automation rules
automation-intro = When something happens and every condition holds, orderhub does what the rule says, in the same step as the change. Each firing is in the automation history with why.
automation-name = Rule
automation-when = When
automation-if = If
automation-then = Then
automation-always = always
automation-if_hint = Every filled row must hold. A total is written with its currency (500 USD); “is one of” takes values separated by commas.
automation-field = Field
automation-op = Comparison
automation-value = Value
automation-hold_hint = e.g. check the buyer before we make it
automation-position = Order among the rules (lower first)
automation-save = Save rule
automation-delete = Remove rule
automation-new = A new rule
automation-change = Change this rule
automation-version = version
automation-versions = Versions
automation-by = Saved by
automation-saved = saved as version
automation-deleted = Rule removed
automation-confirm_delete = Tick “really” to remove the rule.
notify-order_flagged = Order { $number } needs a look
script-link = SKU script (when a template is not enough)…
script-title = SKU script
script-intro = A short script in Rhai writes this category's SKUs instead of the template. It reads order.customer_name, order.platform, order.number, line.title, line.quantity, category.name, category.prefix, supplier.code and sku (the template's), and may call initials(text) and random_digits(n). Its last line is the SKU. It runs with no file or network access and is stopped after 200,000 operations or 1 s; if it fails, the task gets the template's SKU and the order is flagged.
script-in_use = This category's SKUs are written by the script below.
script-none = No script yet: the template writes the SKUs. Below is an example to start from.
script-source = Script
script-help = Test it against a sample first; saving compiles it.
script-sample = Sample order
script-customer = Buyer's name
script-line = Product title
script-test = Run on the sample
script-save = Save script
script-remove = Remove script
script-result = Result
script-sku = SKU:
script-saved = Script saved: new tasks get its SKUs.
script-removed = Script removed: the template writes the SKUs again.

# the learning classifier (issue 20)
classifier-title = Category suggestions
classifier-intro = When a title has none of a category's keywords, orderhub suggests a category learned from the lines people filed, with how sure it is. Each line you file teaches it.
classifier-try = Try a title
classifier-try_title = Product title
classifier-try_button = Try
classifier-by_keywords = The keywords file it under
classifier-ambiguous = The keywords of several categories match
classifier-nothing = No suggestion yet: no word of this title was taught.
classifier-would_file = filed automatically
classifier-threshold = Filing without a person
classifier-auto_accept = File a line automatically when the suggestion is at least (%)
classifier-auto_accept_hint = 50 to 100. Leave empty and a person always decides. The order's history records every line filed this way.
classifier-save = Save
classifier-saved = Saved.
classifier-teach = Teach examples
classifier-examples = Examples, one per line: category | title
classifier-examples_hint = A product list or last year's orders teaches it at once. The category is its name or id; all lines are taught, or none.
classifier-teach_button = Teach
classifier-taught = { $count ->
    [one] One example taught.
   *[other] { $count } examples taught.
}
classifier-known = What it has learned
classifier-examples_count = Examples
classifier-recent = Latest examples
classifier-none_yet = Nothing taught yet. File a line under a category on its order's page, or teach examples above.
classifier-how = How
classifier-who = Who
classifier-order = order
classifier-suggested = { $category } · { $percent } %
classifier-take = Take
classifier-file = File under
classifier-file_button = File
classifier-filed = Line filed under its category and routed; the suggestions learned its title.
classifier-about = How suggestions work
filed_by-operator = chosen by a person
filed_by-suggestion = suggestion taken by a person
filed_by-classifier = filed automatically
event-line_categorised = Line filed under a category
error-line_has_task = The line has a task: cancel or reassign the task first.
history-filed = Filed “{ $title }” under { $category }
history-filed_cause = category
filed_by-taught = taught as an example
classifier-choose = Choose a category
action-route_to_supplier = Route the lines to supplier
action-add_tag = Tag the order
rule-field-tag = Order tag
order-tags = Tags
script-gives = SKU:
route-link = Route script (who makes each line)…
route-title = Route script
route-intro = A short script in Rhai picks the supplier of each new line of this category. It reads order.customer_name, order.platform, order.number, line.title, line.quantity, line.personalised, category.name and suppliers — each with its id, code, name, active, position and weight, in rotation order. Its last line names the supplier by code, id or name, or is "" to leave the line to the rotation; or it is a map of category, title and supplier (each may be left out) that moves the line, rewrites its title and names the supplier. A named supplier that is inactive or rejected the line is passed over; a script that fails or names somebody else leaves the line to the rotation, and the order is flagged.
route-in_use = This category's suppliers are picked by the script below.
route-none = No route script: the rotation picks the suppliers. Below is an example to start from.
route-help = Test it against a sample first; saving compiles it. The sample sees this category's suppliers.
route-saved = Route script saved: new lines go where it says.
route-removed = Route script removed: the rotation picks the suppliers again.
route-gives = Supplier:
route-rotation = the rotation decides
event-line_rewritten = Line title rewritten by a script
replica-note = from a read replica, { $seconds } s behind
replica-current = from a read replica, up to date
