//! The plan's lists written as lines of text, one item per line, fields split by `;`:
//! what a form edits and the history shows. Each list has one canonical way to be written,
//! so that reading back what was written gives the same list. A number that cannot be read
//! becomes −1 and a unit or source that cannot be read is left empty: the model's rules
//! then refuse the record and say which field is wrong, so nothing typed is dropped silently.

use super::Mismatch;
use super::Value;
use crate::model::date::{format_date, parse_date};
use crate::model::plan::action::DEADLINE;
use crate::model::plan::{
    ActionItem, CostRow, FundingSource, Indicator, IndicatorUnit, IndicatorValue,
};
use crate::model::{Id, Labelled, TargetGroup};

fn fields(line: &str) -> Vec<&str> {
    line.split(';').map(str::trim).collect()
}

fn number(text: &str) -> i64 {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    digits.parse().unwrap_or(-1)
}

fn labelled<T: Labelled>(text: &str) -> Option<T> {
    T::ALL
        .iter()
        .copied()
        .find(|v| v.label_cs() == text || v.label_en() == text)
}

fn label<T: Labelled>(value: Option<T>) -> &'static str {
    value.map_or("?", |v| v.label_cs())
}

/// "počet klientů; klienti; 40; 55".
pub fn indicators_to_lines(items: &[Indicator]) -> Vec<String> {
    items
        .iter()
        .map(|i| {
            format!(
                "{}; {}; {}; {}",
                i.name,
                label(i.unit),
                i.baseline,
                i.target
            )
        })
        .collect()
}

pub fn indicators_from_lines(lines: Vec<String>) -> Vec<Indicator> {
    lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f = fields(line);
            Indicator {
                name: f.first().copied().unwrap_or_default().to_owned(),
                unit: f.get(1).and_then(|u| labelled::<IndicatorUnit>(u)),
                baseline: f.get(2).map_or(-1, |n| number(n)),
                target: f.get(3).map_or(-1, |n| number(n)),
            }
        })
        .collect()
}

/// "2020; obec; 150000".
pub fn costs_to_lines(rows: &[CostRow]) -> Vec<String> {
    rows.iter()
        .map(|r| format!("{}; {}; {}", r.year, label(r.source), r.amount))
        .collect()
}

pub fn costs_from_lines(lines: Vec<String>) -> Vec<CostRow> {
    lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f = fields(line);
            CostRow {
                year: f.first().map_or(-1, |n| number(n)).try_into().unwrap_or(-1),
                source: f.get(1).and_then(|s| labelled::<FundingSource>(s)),
                amount: f.get(2).map_or(-1, |n| number(n)),
            }
        })
        .collect()
}

/// "počet klientů: 52".
pub fn reached_to_lines(values: &[IndicatorValue]) -> Vec<String> {
    values
        .iter()
        .map(|v| format!("{}: {}", v.indicator, v.value))
        .collect()
}

pub fn reached_from_lines(lines: Vec<String>) -> Vec<IndicatorValue> {
    lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|line| match line.rsplit_once(':') {
            Some((name, value)) => IndicatorValue {
                indicator: name.trim().to_owned(),
                value: number(value),
            },
            None => IndicatorValue {
                indicator: line.trim().to_owned(),
                value: -1,
            },
        })
        .collect()
}

/// Target groups by their Czech labels, one a line; kept, not edited, by the form.
pub fn target_groups_to_lines(groups: &[TargetGroup]) -> Vec<String> {
    groups.iter().map(|g| g.label_cs().to_owned()).collect()
}

pub fn target_groups_from_lines(lines: Vec<String>) -> Result<Vec<TargetGroup>, Mismatch> {
    lines
        .into_iter()
        .map(|l| labelled::<TargetGroup>(l.trim()).ok_or(Mismatch::Shape(Box::new(Value::Text(l)))))
        .collect()
}

/// Ids, one a line; kept, not edited, by the form.
pub fn ids_to_lines(ids: &[Id]) -> Vec<String> {
    ids.iter().map(Id::to_string).collect()
}

pub fn ids_from_lines(lines: Vec<String>) -> Result<Vec<Id>, Mismatch> {
    lines
        .into_iter()
        .map(|l| {
            l.trim()
                .parse()
                .map_err(|_| Mismatch::Shape(Box::new(Value::Text(l))))
        })
        .collect()
}

/// "12; 150000; 4; 30. 6. 2020": the activity's id (the action plan's detail shows its
/// number), planned costs, the responsible organisation's id or "-", deadline or "-".
pub fn items_to_lines(items: &[ActionItem]) -> Vec<String> {
    items
        .iter()
        .map(|i| {
            format!(
                "{}; {}; {}; {}",
                i.activity,
                i.planned_cost,
                i.responsible.map_or("-".to_owned(), |id| id.to_string()),
                i.deadline.map_or("-".to_owned(), format_date)
            )
        })
        .collect()
}

pub fn items_from_lines(lines: Vec<String>) -> Vec<ActionItem> {
    lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|line| read_item(line).unwrap_or(UNREADABLE))
        .collect()
}

/// A line that cannot be read: an item without its activity, which the rules refuse
/// ("Aktivita: musí být vyplněno").
const UNREADABLE: ActionItem = ActionItem {
    activity: 0,
    planned_cost: 0,
    responsible: None,
    deadline: None,
};

fn read_item(line: &str) -> Option<ActionItem> {
    let f = fields(line);
    let [activity, cost, responsible, deadline] = f.as_slice() else {
        return None;
    };
    let optional_id = |t: &str| -> Option<Option<Id>> {
        if t == "-" || t.is_empty() {
            Some(None)
        } else {
            t.parse().ok().map(Some)
        }
    };
    let deadline = if *deadline == "-" || deadline.is_empty() {
        None
    } else {
        Some(parse_date(DEADLINE, deadline).ok()?)
    };
    Some(ActionItem {
        activity: activity.parse().ok()?,
        planned_cost: number(cost),
        responsible: optional_id(responsible)?,
        deadline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_line_that_cannot_be_read_is_kept_as_a_value_the_rules_refuse() {
        let read = indicators_from_lines(vec!["počet klientů; kusů; 4O; 55".into()]);
        assert_eq!(read[0].unit, None);
        assert_eq!(read[0].baseline, -1);
        assert_eq!(read[0].target, 55);
        let costs = costs_from_lines(vec!["2020; obec; 150 000".into(), "x; y".into()]);
        assert_eq!(costs[0].amount, 150_000);
        assert_eq!(costs[0].source, Some(FundingSource::Municipality));
        assert_eq!(
            (costs[1].year, costs[1].source, costs[1].amount),
            (-1, None, -1)
        );
        let reached = reached_from_lines(vec!["počet klientů: 52".into(), "bez hodnoty".into()]);
        assert_eq!(reached[0].value, 52);
        assert_eq!(reached[1].value, -1);
    }

    #[test]
    fn items_written_and_read_back_are_the_same() {
        let items = vec![ActionItem {
            activity: 12,
            planned_cost: 150_000,
            responsible: None,
            deadline: NaiveDate::from_ymd_opt(2020, 6, 30),
        }];
        assert_eq!(items_from_lines(items_to_lines(&items)), items);
        let read = items_from_lines(vec!["12; x; -; -".into(), "dvanáct; 5; -; -".into()]);
        assert_eq!(read[0].planned_cost, -1);
        assert_eq!(read[1].activity, 0);
    }
}
