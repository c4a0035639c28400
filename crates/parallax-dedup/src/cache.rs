//! A bounded cache of values computed from an article's text, shared between threads.
//! An article's text never changes (its id hashes its content), so an entry never goes
//! stale; the oldest entry is evicted first.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use parallax_core::ArticleId;

/// Values by article, at most `capacity` of them.
pub(crate) struct ArticleCache<V> {
    capacity: usize,
    inner: Mutex<Entries<V>>,
}

struct Entries<V> {
    values: HashMap<ArticleId, Arc<V>>,
    order: VecDeque<ArticleId>,
}

impl<V> ArticleCache<V> {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            capacity,
            inner: Mutex::new(Entries {
                values: HashMap::new(),
                order: VecDeque::new(),
            }),
        }
    }

    /// The cached value for `id`, or the one `compute` makes (cached unless it is `None`).
    pub(crate) fn get_or_insert(
        &self,
        id: &ArticleId,
        compute: impl FnOnce() -> Option<V>,
    ) -> Option<Arc<V>> {
        if let Some(found) = self.lock().values.get(id) {
            return Some(Arc::clone(found));
        }
        // Computed outside the lock: other threads keep using the cache meanwhile.
        let value = Arc::new(compute()?);
        let mut entries = self.lock();
        if entries.order.len() >= self.capacity
            && let Some(oldest) = entries.order.pop_front()
        {
            entries.values.remove(&oldest);
        }
        entries.order.push_back(id.clone());
        entries.values.insert(id.clone(), Arc::clone(&value));
        Some(value)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries<V>> {
        // A poisoned lock only means another thread panicked mid-insert; the map is still
        // a valid cache.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_entry_is_evicted_first() {
        let cache = ArticleCache::new(2);
        let id = |n: u32| ArticleId::from_string(format!("a-{n}"));
        for n in 0..3 {
            cache.get_or_insert(&id(n), || Some(n));
        }
        // 0 was evicted, so it is computed again; 2 is still cached.
        assert_eq!(
            cache.get_or_insert(&id(0), || Some(100)).as_deref(),
            Some(&100)
        );
        assert_eq!(
            cache.get_or_insert(&id(2), || Some(200)).as_deref(),
            Some(&2)
        );
        assert_eq!(cache.get_or_insert(&id(9), || None::<u32>), None);
    }
}
