-- The time zone each user reads times in (an IANA name such as
-- `Asia/Shanghai`); NULL: the zone their browser reports.
ALTER TABLE users ADD COLUMN time_zone TEXT;
-- Where a session was opened from, so its owner can tell their sessions
-- apart ("your sessions" on the profile page): the browser's User-Agent
-- and the address, as seen at sign-in.
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
ALTER TABLE sessions ADD COLUMN ip TEXT;
