//! The plans tab's own keys: a child under the selected node (numbered last), a node
//! moved up or down among its siblings (one change set with the renumbering), an activity
//! put into the year's action plan, its monitoring recorded, the year changed, and the
//! plan's two documents written to the export folder with their whole path said.

use chrono::{Datelike, NaiveDate};

use crate::app::Action;
use crate::app::form::Form;
use crate::app::state::{App, Undo};
use crate::model::plan::numbering::numbered;
use crate::model::plan::{ActionItem, ActionPlan, Activity, Measure, Monitoring, Priority};
use crate::model::text::sanitize_line;
use crate::model::{Id, Kind, Record, RecordRef};
use crate::report::plan::read::{MonitoringFormat, PlanFormat, monitoring_document, plan_document};
use crate::store::plan_order::{self, load_plan_data};
use crate::store::{Change, ChangeSet, StoreError};

impl App {
    /// The year whose action plan the keys act on: the chosen one, else today's.
    pub(crate) fn plan_year(&self) -> i32 {
        self.plan_year.unwrap_or_else(|| self.today.year())
    }

    /// Handles a plans-tab action; false when it is not one.
    pub(crate) fn plans_act(&mut self, action: Action) -> bool {
        match action {
            Action::AddChild => self.add_child(),
            Action::MoveUp => self.move_node(-1),
            Action::MoveDown => self.move_node(1),
            Action::AddToActionPlan => self.add_to_action_plan(),
            Action::RecordMonitoring => self.record_monitoring(),
            Action::PrevYear | Action::NextYear => {
                let step = if action == Action::PrevYear { -1 } else { 1 };
                self.plan_year = Some(self.plan_year() + step);
                let year = self.plan_year();
                self.info(match self.lang {
                    crate::model::Lang::Cs => format!("Rok akčního plánu: {year}"),
                    crate::model::Lang::En => format!("Action plan year: {year}"),
                });
            }
            Action::WritePlan => self.write_plan_document(false),
            Action::WriteMonitoring => self.write_plan_document(true),
            _ => return false,
        }
        true
    }

    fn stored(&mut self, r: RecordRef) -> Option<Record> {
        match self.store.get(r) {
            Ok(Some(v)) => Some(v.record),
            Ok(None) => None,
            Err(e) => {
                self.error(e.message(self.lang));
                None
            }
        }
    }

    /// A new priority under a plan, measure under a priority, activity under a measure (or
    /// beside an activity), numbered after its siblings; the form opens with it.
    fn add_child(&mut self) {
        let Some(current) = self.current() else {
            return;
        };
        let Some(record) = self.stored(current) else {
            return;
        };
        let child = match record {
            Record::Plan(p) => Record::Priority(Priority {
                plan: p.id,
                ..Priority::default()
            }),
            Record::Priority(p) => Record::Measure(Measure {
                priority: p.id,
                ..Measure::default()
            }),
            Record::Measure(m) => Record::Activity(Activity {
                measure: m.id,
                ..Activity::default()
            }),
            Record::Activity(a) => Record::Activity(Activity {
                measure: a.measure,
                ..Activity::default()
            }),
            _ => return,
        };
        let child = match self.numbered_last(child) {
            Ok(child) => child,
            Err(e) => return self.error(e.message(self.lang)),
        };
        let form = Form::new_from(child, self.store.as_ref(), self.lang);
        self.open_loaded_form(form);
    }

    /// The record with the number after its siblings' last.
    fn numbered_last(&self, mut record: Record) -> Result<Record, StoreError> {
        let set = plan_order::insert(self.store.as_ref(), record.clone())?;
        if let Some(Change::Create(created)) = set.changes.last() {
            record = created.clone();
        }
        Ok(record)
    }

    /// Moves the selected priority, measure or activity one place up or down.
    fn move_node(&mut self, step: i64) {
        let Some(current) = self.current() else {
            return;
        };
        let Some(record) = self.stored(current) else {
            return;
        };
        let Some((_, number)) = numbered(&record) else {
            return;
        };
        let wanted = (i64::from(number) + step).max(1);
        let wanted = u32::try_from(wanted).unwrap_or(number);
        let result = plan_order::move_node(self.store.as_ref(), current, wanted)
            .and_then(|set| self.store.apply(set));
        match result {
            Ok(applied) if !applied.touched.is_empty() => {
                self.undo = Some(Undo::of(&applied));
                self.changed();
                self.show(current);
            }
            Ok(_) => {}
            Err(e) => self.error(e.message(self.lang)),
        }
    }

    /// The selected activity's plan and the action plan of the year, if there is one.
    fn action_plan_of(&mut self, activity: Id) -> Option<(Id, Option<(u64, ActionPlan)>)> {
        let data = match load_plan_data(self.store.as_ref()) {
            Ok(data) => data,
            Err(e) => {
                self.error(e.message(self.lang));
                return None;
            }
        };
        let plan = data.plan_of(RecordRef::new(Kind::Activity, activity))?;
        let year = self.plan_year();
        let found = data
            .action_plans
            .iter()
            .filter(|a| a.plan == plan && a.year == year)
            .min_by_key(|a| a.id)
            .cloned();
        let stored = match found {
            Some(a) => match self.store.get(RecordRef::new(Kind::ActionPlan, a.id)) {
                Ok(Some(v)) => match v.record {
                    Record::ActionPlan(a) => Some((v.rev, a)),
                    _ => None,
                },
                Ok(None) => None,
                Err(e) => {
                    self.error(e.message(self.lang));
                    return None;
                }
            },
            None => None,
        };
        Some((plan, stored))
    }

    /// Puts the selected activity into the action plan of the year (made when there is
    /// none yet), due at the year's end.
    fn add_to_action_plan(&mut self) {
        let Some(current) = self.current().filter(|r| r.kind == Kind::Activity) else {
            return self.info(self.lang.pick(
                "Do akčního plánu lze zařadit aktivitu: vyberte ji ve stromu.",
                "Only an activity goes into an action plan: select one in the tree.",
            ));
        };
        let Some((plan, found)) = self.action_plan_of(current.id) else {
            return;
        };
        let year = self.plan_year();
        let item = ActionItem {
            activity: current.id,
            planned_cost: 0,
            responsible: None,
            deadline: NaiveDate::from_ymd_opt(year, 12, 31),
        };
        let change = match found {
            Some((_, a)) if a.item(current.id).is_some() => {
                return self.info(match self.lang {
                    crate::model::Lang::Cs => {
                        format!("Aktivita už je v akčním plánu na rok {year}.")
                    }
                    crate::model::Lang::En => {
                        format!("The activity is already in the action plan for {year}.")
                    }
                });
            }
            Some((rev, mut a)) => {
                a.items.push(item);
                Change::Update {
                    rev,
                    record: Record::ActionPlan(a),
                }
            }
            None => Change::Create(Record::ActionPlan(ActionPlan {
                plan,
                year,
                items: vec![item],
                ..ActionPlan::default()
            })),
        };
        match self.store.apply(ChangeSet::one(change)) {
            Ok(applied) => {
                self.undo = Some(Undo::of(&applied));
                self.changed();
                self.show(current);
                self.info(match self.lang {
                    crate::model::Lang::Cs => format!("Zařazeno do akčního plánu na rok {year}."),
                    crate::model::Lang::En => format!("Put into the action plan for {year}."),
                });
            }
            Err(e) => self.error(e.message(self.lang)),
        }
    }

    /// Opens the monitoring of the selected activity in the year's action plan: the
    /// entry recorded so far, or a new one.
    fn record_monitoring(&mut self) {
        let Some(current) = self.current().filter(|r| r.kind == Kind::Activity) else {
            return self.info(self.lang.pick(
                "Monitoring se zapisuje u aktivity: vyberte ji ve stromu.",
                "Monitoring is recorded for an activity: select one in the tree.",
            ));
        };
        let year = self.plan_year();
        let Some((_, found)) = self.action_plan_of(current.id) else {
            return;
        };
        let Some((_, action_plan)) = found.filter(|(_, a)| a.item(current.id).is_some()) else {
            return self.info(match self.lang {
                crate::model::Lang::Cs => format!(
                    "Aktivita není v akčním plánu na rok {year}; zařaďte ji nejprve do něj."
                ),
                crate::model::Lang::En => format!(
                    "The activity is not in the action plan for {year}; put it there first."
                ),
            });
        };
        let existing = match crate::store::StoreExt::list_as::<Monitoring>(self.store.as_ref()) {
            Ok(list) => list
                .into_iter()
                .filter(|v| {
                    v.record.action_plan == action_plan.id && v.record.activity == current.id
                })
                .max_by_key(|v| v.record.id),
            Err(e) => return self.error(e.message(self.lang)),
        };
        let form = match existing {
            Some(v) => Form::edit(
                crate::model::Versioned {
                    rev: v.rev,
                    record: Record::Monitoring(v.record),
                },
                self.store.as_ref(),
                self.lang,
            ),
            None => Form::new_from(
                Record::Monitoring(Monitoring {
                    action_plan: action_plan.id,
                    activity: current.id,
                    ..Monitoring::default()
                }),
                self.store.as_ref(),
                self.lang,
            ),
        };
        self.open_loaded_form(form);
    }

    /// Writes the selected plan's strategic part (DOCX) or the evaluation of the year's
    /// action plan (XLSX) into the export folder and says the whole path.
    fn write_plan_document(&mut self, monitoring: bool) {
        let lang = self.lang;
        let plan = match self.current() {
            Some(r) => match load_plan_data(self.store.as_ref()) {
                Ok(data) => data.plan_of(r),
                Err(e) => return self.error(e.message(lang)),
            },
            None => None,
        };
        let Some(plan) = plan else {
            return self.info(lang.pick(
                "Vyberte plán nebo jeho část ve stromu.",
                "Select a plan or a part of it in the tree.",
            ));
        };
        let Some(dir) = self.export_folder() else {
            return self.error(lang.pick(
                "Není kam zapsat: neznámá pracovní složka.",
                "Nowhere to write: the working directory is unknown.",
            ));
        };
        let year = self.plan_year();
        let (name, bytes) = if monitoring {
            (
                format!("monitoring-plan-{plan}-{year}.xlsx"),
                monitoring_document(
                    self.store.as_ref(),
                    plan,
                    year,
                    MonitoringFormat::Xlsx,
                    lang,
                ),
            )
        } else {
            (
                format!("plan-{plan}.docx"),
                plan_document(self.store.as_ref(), plan, PlanFormat::Docx, lang),
            )
        };
        let path = dir.join(name);
        let result = bytes.and_then(|bytes| {
            crate::fsutil::write_atomically(&path, &bytes)
                .map_err(|e| crate::cli::output::file_error(&path, &e, lang))
        });
        match result {
            Ok(()) => self.info(format!(
                "{} {}",
                lang.pick("Zapsáno do", "Written to"),
                sanitize_line(&path.display().to_string())
            )),
            Err(e) => self.error(sanitize_line(&e)),
        }
    }
}
