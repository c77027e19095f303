-- Changes to the statistics' sums, queued by the transaction that made
-- them and added to the sums by one folder at a time (see
-- crates/store/src/statistics/queue.rs). A change appends a row and locks
-- nothing shared, so no transaction waits on, or deadlocks over, the
-- day's sums. `seq` orders the rows: a change queued after another
-- committed always has the higher number.
CREATE TABLE stat_queue (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    payload TEXT NOT NULL
);
