//! Keeping siblings numbered 1, 2, 3 … in order. An insert at a position or a move shifts
//! the siblings after it; these functions say which records get which new number, and the
//! caller writes them all in one change set, so an undo puts them back as one.

use crate::model::Id;

/// Siblings as `(id, number)`, in any order: sorted by number, then id.
fn ordered(siblings: &[(Id, u32)]) -> Vec<Id> {
    let mut sorted = siblings.to_vec();
    sorted.sort_by_key(|&(id, number)| (number, id));
    sorted.into_iter().map(|(id, _)| id).collect()
}

/// The renumbering that makes `order` run 1, 2, 3 …: only the records whose number changes.
fn renumber(siblings: &[(Id, u32)], order: &[Id]) -> Vec<(Id, u32)> {
    order
        .iter()
        .zip(1u32..)
        .filter(|&(id, number)| {
            siblings
                .iter()
                .find(|(s, _)| s == id)
                .is_none_or(|&(_, old)| old != number)
        })
        .map(|(&id, number)| (id, number))
        .collect()
}

/// The number a new sibling gets when inserted at `number` (1-based; past the end means
/// last), and the siblings that move one up to make room.
pub fn insert_at(siblings: &[(Id, u32)], number: u32) -> (u32, Vec<(Id, u32)>) {
    let order = ordered(siblings);
    let place = (number.max(1) as usize - 1).min(order.len());
    let new_number = place as u32 + 1;
    let mut after: Vec<Id> = order.clone();
    // The new record takes place `place`; id 0 stands for it and is left out of the result.
    after.insert(place, 0);
    let changes = renumber(siblings, &after)
        .into_iter()
        .filter(|&(id, _)| id != 0)
        .collect();
    (new_number, changes)
}

/// Moves the sibling `id` to `number` (1-based, clamped); every sibling whose number
/// changes, the moved one included. Empty when `id` is not among them.
pub fn move_to(siblings: &[(Id, u32)], id: Id, number: u32) -> Vec<(Id, u32)> {
    let mut order = ordered(siblings);
    let Some(from) = order.iter().position(|&s| s == id) else {
        return Vec::new();
    };
    order.remove(from);
    let place = (number.max(1) as usize - 1).min(order.len());
    order.insert(place, id);
    renumber(siblings, &order)
}

/// After a sibling is deleted: close the gap.
pub fn close_gaps(siblings: &[(Id, u32)]) -> Vec<(Id, u32)> {
    let order = ordered(siblings);
    renumber(siblings, &order)
}

/// A numbered node of a plan: its parent and its number.
pub fn numbered(record: &crate::model::Record) -> Option<(crate::model::RecordRef, u32)> {
    use crate::model::{Kind, Record, RecordRef};
    match record {
        Record::Priority(p) => Some((RecordRef::new(Kind::Plan, p.plan), p.number)),
        Record::Measure(m) => Some((RecordRef::new(Kind::Priority, m.priority), m.number)),
        Record::Activity(a) => Some((RecordRef::new(Kind::Measure, a.measure), a.number)),
        _ => None,
    }
}

/// Gives a numbered node a new number; false for a record that has none.
pub fn set_number(record: &mut crate::model::Record, number: u32) -> bool {
    use crate::model::Record;
    match record {
        Record::Priority(p) => p.number = number,
        Record::Measure(m) => m.number = number,
        Record::Activity(a) => a.number = number,
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserting_in_the_middle_moves_the_later_siblings_up() {
        let siblings = [(10, 1), (11, 2), (12, 3)];
        assert_eq!(insert_at(&siblings, 2), (2, vec![(11, 3), (12, 4)]));
        assert_eq!(
            insert_at(&siblings, 1),
            (1, vec![(10, 2), (11, 3), (12, 4)])
        );
    }

    #[test]
    fn inserting_past_the_end_appends_and_moves_nothing() {
        let siblings = [(10, 1), (11, 2)];
        assert_eq!(insert_at(&siblings, 9), (3, vec![]));
        assert_eq!(insert_at(&[], 5), (1, vec![]));
        assert_eq!(insert_at(&siblings, 0), (1, vec![(10, 2), (11, 3)]));
    }

    #[test]
    fn moving_renumbers_only_what_lies_between() {
        let siblings = [(10, 1), (11, 2), (12, 3), (13, 4)];
        assert_eq!(move_to(&siblings, 13, 2), vec![(13, 2), (11, 3), (12, 4)]);
        assert_eq!(move_to(&siblings, 10, 3), vec![(11, 1), (12, 2), (10, 3)]);
        assert_eq!(move_to(&siblings, 11, 2), vec![]);
        assert_eq!(move_to(&siblings, 99, 1), vec![]);
    }

    #[test]
    fn gaps_and_ties_close_in_number_then_id_order() {
        assert_eq!(
            close_gaps(&[(10, 1), (12, 3), (13, 7)]),
            vec![(12, 2), (13, 3)]
        );
        assert_eq!(close_gaps(&[(11, 1), (10, 1)]), vec![(11, 2)]);
    }
}
