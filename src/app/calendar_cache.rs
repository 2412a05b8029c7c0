//! What the calendar has read since the last change, so that moving through months
//! reads little: each month's meeting days and ids (from the date index, for the grid
//! and the list's length) and the finished rows of the meetings read so far. It lives in
//! [`Names`](crate::app::tabs::Names), which is read anew at every change, and goes
//! with it.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::NaiveDate;

use crate::app::tabs::Row;
use crate::model::{Id, Lang};
use crate::store::{Result, Store};

/// How many months' days and ids are kept.
const MONTHS: usize = 12;
/// How many meetings' rows are kept (a month of a national register holds about a
/// thousand).
const ROWS: usize = 20_000;

/// A month's (or any span's) meetings as the date index lists them.
pub type Days = Arc<Vec<(NaiveDate, Id)>>;

/// Boxed: [`Names`](crate::app::tabs::Names) travels in the loader's results.
#[derive(Default)]
pub struct CalendarCache(Box<Mutex<Cached>>);

#[derive(Default)]
struct Cached {
    /// The spans read, latest last.
    months: VecDeque<((NaiveDate, NaiveDate), Days)>,
    /// The language the kept rows are written in.
    lang: Option<Lang>,
    /// Meetings' rows (as the month and week views show them).
    rows: HashMap<Id, Row>,
    /// The meetings in the order their rows were kept, oldest first.
    kept: VecDeque<Id>,
}

impl CalendarCache {
    fn lock(&self) -> MutexGuard<'_, Cached> {
        // A panic elsewhere while the cache was held leaves it usable: it holds only
        // complete entries.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The days and ids of the meetings from `from` to `to`, read from the date index
    /// the first time.
    pub fn month(&self, store: &dyn Store, from: NaiveDate, to: NaiveDate) -> Result<Days> {
        if let Some((_, days)) = self.lock().months.iter().find(|(s, _)| *s == (from, to)) {
            return Ok(Arc::clone(days));
        }
        let days = Arc::new(store.meeting_days(from, to)?);
        let mut cached = self.lock();
        if cached.months.len() >= MONTHS {
            cached.months.pop_front();
        }
        cached.months.push_back(((from, to), Arc::clone(&days)));
        Ok(days)
    }

    /// A meeting's row in `lang`, when it has been kept.
    pub fn row(&self, id: Id, lang: Lang) -> Option<Row> {
        let cached = self.lock();
        if cached.lang != Some(lang) {
            return None;
        }
        cached.rows.get(&id).cloned()
    }

    /// Whether every one of `ids` has its row in `lang` kept.
    pub fn has_rows(&self, ids: impl IntoIterator<Item = Id>, lang: Lang) -> bool {
        let cached = self.lock();
        cached.lang == Some(lang) && ids.into_iter().all(|id| cached.rows.contains_key(&id))
    }

    /// The rows of `days` in their order: each meeting's kept row, or what `missing`
    /// makes of it (nothing drops it).
    pub fn rows(
        &self,
        days: &[(NaiveDate, Id)],
        lang: Lang,
        missing: impl Fn(NaiveDate, Id) -> Option<Row>,
    ) -> Vec<Row> {
        let cached = self.lock();
        let kept = |id: Id| {
            if cached.lang == Some(lang) {
                cached.rows.get(&id).cloned()
            } else {
                None
            }
        };
        days.iter()
            .filter_map(|&(date, id)| kept(id).or_else(|| missing(date, id)))
            .collect()
    }

    /// Keeps meetings' rows written in `lang` (rows in another language kept before
    /// are let go).
    pub fn keep(&self, lang: Lang, rows: impl IntoIterator<Item = Row>) {
        let mut cached = self.lock();
        if cached.lang != Some(lang) {
            cached.lang = Some(lang);
            cached.rows.clear();
            cached.kept.clear();
        }
        for row in rows {
            let id = row.record.id;
            if cached.rows.insert(id, row).is_none() {
                cached.kept.push_back(id);
            }
        }
        while cached.kept.len() > ROWS {
            if let Some(oldest) = cached.kept.pop_front() {
                cached.rows.remove(&oldest);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, RecordRef};
    use crate::store::EmbeddedStore;
    use crate::store::interpose::{Call, Interposed};
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn row(id: Id, title: &str) -> Row {
        let mut row = Row::new(
            RecordRef::new(Kind::Meeting, id),
            title.into(),
            String::new(),
        );
        row.date = NaiveDate::from_ymd_opt(2018, 5, 17);
        row
    }

    #[test]
    fn a_span_s_days_are_read_once_and_the_oldest_let_go() {
        let reads = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&reads);
        let inner = EmbeddedStore::temporary("test").unwrap();
        inner
            .import(&crate::sample::sample_register().unwrap())
            .unwrap();
        let store = Interposed::new(inner, move |call| {
            if matches!(call, Call::Other("meeting_days")) {
                counted.fetch_add(1, Ordering::SeqCst);
            }
            None
        });
        let cache = CalendarCache::default();
        let may = |d| NaiveDate::from_ymd_opt(2018, 5, d).unwrap();
        let first = cache.month(&store, may(1), may(31)).unwrap();
        assert_eq!(first.len(), 4);
        assert_eq!(*cache.month(&store, may(1), may(31)).unwrap(), *first);
        assert_eq!(reads.load(Ordering::SeqCst), 1);
        // MONTHS other spans push May out: it is read again.
        for d in 1..=MONTHS as u32 {
            cache.month(&store, may(d), may(d)).unwrap();
        }
        assert_eq!(reads.load(Ordering::SeqCst), 1 + MONTHS);
        cache.month(&store, may(1), may(31)).unwrap();
        assert_eq!(reads.load(Ordering::SeqCst), 2 + MONTHS);
    }

    #[test]
    fn rows_are_kept_in_their_language_and_the_oldest_let_go() {
        let cache = CalendarCache::default();
        cache.keep(Lang::Cs, [row(1, "jednání"), row(2, "druhé")]);
        assert_eq!(
            cache.row(1, Lang::Cs).map(|r| r.title),
            Some("jednání".into())
        );
        assert!(cache.row(1, Lang::En).is_none());
        assert!(cache.has_rows([1, 2], Lang::Cs));
        assert!(!cache.has_rows([1, 3], Lang::Cs));
        let date = NaiveDate::from_ymd_opt(2018, 5, 17).unwrap();
        let days = [(date, 2), (date, 3), (date, 4), (date, 1)];
        let titles: Vec<String> = cache
            .rows(&days, Lang::Cs, |_, id| (id == 3).then(|| row(3, "chybí")))
            .into_iter()
            .map(|r| r.title)
            .collect();
        assert_eq!(titles, ["druhé", "chybí", "jednání"]);
        // Rows in another language replace them all.
        cache.keep(Lang::En, [row(3, "meeting")]);
        assert!(cache.row(1, Lang::Cs).is_none());
        assert!(!cache.has_rows([1], Lang::En));
        // Past the bound, the first kept go first.
        cache.keep(Lang::En, (4..4 + ROWS as Id).map(|id| row(id, "m")));
        assert!(cache.row(3, Lang::En).is_none());
        assert!(cache.row(4, Lang::En).is_some());
        assert!(cache.row(3 + ROWS as Id, Lang::En).is_some());
    }
}
