//! How soon an order is wanted (source document 001: 加急): urgent orders
//! and their tasks come first on every list and board that sorts by it.

vocabulary!(
    /// An order's priority; its tasks share it.
    Priority {
        Normal => "normal",
        /// Wanted first: sorted above every normal order and task.
        Urgent => "urgent",
    }
);

// by hand: `vocabulary!` declares the enum with a fixed list of derives
#[allow(clippy::derivable_impls)]
impl Default for Priority {
    fn default() -> Self {
        Priority::Normal
    }
}

impl Priority {
    /// The key lists sort by, urgent first and then newest first: the
    /// priority's digit before the row's time-ordered id (UUIDv7), so
    /// one indexed text column gives both orders and keyset pages.
    pub fn queue_key(self, id: &str) -> String {
        format!("{}{id}", self.digit())
    }

    /// The digit a queue key starts with.
    pub fn digit(self) -> char {
        match self {
            Priority::Normal => '0',
            Priority::Urgent => '1',
        }
    }

    /// The priority a queue key was made with.
    pub fn of_queue_key(key: &str) -> Priority {
        if key.starts_with(Priority::Urgent.digit()) {
            Priority::Urgent
        } else {
            Priority::Normal
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Priority;

    #[test]
    fn urgent_sorts_above_normal_and_newest_above_oldest() {
        let old_urgent = Priority::Urgent.queue_key("0190a000-0000-7000-8000-000000000000");
        let new_normal = Priority::Normal.queue_key("0199f000-0000-7000-8000-000000000000");
        let new_urgent = Priority::Urgent.queue_key("0199f000-0000-7000-8000-000000000001");
        let mut keys = vec![new_normal.clone(), old_urgent.clone(), new_urgent.clone()];
        keys.sort_by(|a, b| b.cmp(a));
        assert_eq!(keys, vec![new_urgent, old_urgent, new_normal.clone()]);
        assert_eq!(Priority::of_queue_key(&keys[1]), Priority::Urgent);
        assert_eq!(Priority::of_queue_key(&new_normal), Priority::Normal);
    }
}
