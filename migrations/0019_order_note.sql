-- A note on the order: the buyer's message or the seller's remark an
-- export carries (订单备注, 买家留言, "Notes"), or an address orderhub could
-- not place in fields; kept so nothing in the file is lost.
ALTER TABLE orders ADD COLUMN note TEXT;
