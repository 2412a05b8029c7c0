//! The whole register as one value: what `kpss export` writes and `kpss import` reads.

use serde::{Deserialize, Serialize};

use crate::model::{
    ActionPlan, Activity, Document, Group, Kind, Measure, Meeting, Membership, Monitoring,
    Organisation, Person, Plan, Priority, Project, Record, Region,
};

/// The name every register file carries, so a wrong file is recognised at once.
pub const FORMAT: &str = "kpss-register";
/// The interchange format's version; a reader refuses a newer one. Version 2 added the
/// plan's lists (`plans`, `priorities`, `measures`, `activities`, `action_plans`,
/// `monitoring`); a version-1 file, which lacks them, still reads.
pub const FORMAT_VERSION: u32 = 2;

/// Every record of a register, each kind in id order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Register {
    pub format: String,
    pub version: u32,
    #[serde(default)]
    pub regions: Vec<Region>,
    #[serde(default)]
    pub organisations: Vec<Organisation>,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub projects: Vec<Project>,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default)]
    pub groups: Vec<Group>,
    #[serde(default)]
    pub memberships: Vec<Membership>,
    #[serde(default)]
    pub meetings: Vec<Meeting>,
    #[serde(default)]
    pub plans: Vec<Plan>,
    #[serde(default)]
    pub priorities: Vec<Priority>,
    #[serde(default)]
    pub measures: Vec<Measure>,
    #[serde(default)]
    pub activities: Vec<Activity>,
    #[serde(default)]
    pub action_plans: Vec<ActionPlan>,
    #[serde(default)]
    pub monitoring: Vec<Monitoring>,
}

impl Default for Register {
    fn default() -> Self {
        Register {
            format: FORMAT.to_string(),
            version: FORMAT_VERSION,
            regions: Vec::new(),
            organisations: Vec::new(),
            people: Vec::new(),
            projects: Vec::new(),
            documents: Vec::new(),
            groups: Vec::new(),
            memberships: Vec::new(),
            meetings: Vec::new(),
            plans: Vec::new(),
            priorities: Vec::new(),
            measures: Vec::new(),
            activities: Vec::new(),
            action_plans: Vec::new(),
            monitoring: Vec::new(),
        }
    }
}

impl Register {
    /// Every record, kinds in the order others point to them.
    pub fn records(&self) -> impl Iterator<Item = Record> + '_ {
        let regions = self.regions.iter().cloned().map(Record::Region);
        let organisations = self.organisations.iter().cloned().map(Record::Organisation);
        let people = self.people.iter().cloned().map(Record::Person);
        let projects = self.projects.iter().cloned().map(Record::Project);
        let documents = self.documents.iter().cloned().map(Record::Document);
        let groups = self.groups.iter().cloned().map(Record::Group);
        let memberships = self.memberships.iter().cloned().map(Record::Membership);
        let meetings = self.meetings.iter().cloned().map(Record::Meeting);
        let plans = self.plans.iter().cloned().map(Record::Plan);
        let priorities = self.priorities.iter().cloned().map(Record::Priority);
        let measures = self.measures.iter().cloned().map(Record::Measure);
        let activities = self.activities.iter().cloned().map(Record::Activity);
        let action_plans = self.action_plans.iter().cloned().map(Record::ActionPlan);
        let monitoring = self.monitoring.iter().cloned().map(Record::Monitoring);
        regions
            .chain(organisations)
            .chain(people)
            .chain(projects)
            .chain(documents)
            .chain(groups)
            .chain(memberships)
            .chain(meetings)
            .chain(plans)
            .chain(priorities)
            .chain(measures)
            .chain(activities)
            .chain(action_plans)
            .chain(monitoring)
    }

    /// Adds a record to its list.
    pub fn push(&mut self, record: Record) {
        match record {
            Record::Region(r) => self.regions.push(r),
            Record::Organisation(r) => self.organisations.push(r),
            Record::Person(r) => self.people.push(r),
            Record::Project(r) => self.projects.push(r),
            Record::Document(r) => self.documents.push(r),
            Record::Group(r) => self.groups.push(r),
            Record::Membership(r) => self.memberships.push(r),
            Record::Meeting(r) => self.meetings.push(r),
            Record::Plan(r) => self.plans.push(r),
            Record::Priority(r) => self.priorities.push(r),
            Record::Measure(r) => self.measures.push(r),
            Record::Activity(r) => self.activities.push(r),
            Record::ActionPlan(r) => self.action_plans.push(r),
            Record::Monitoring(r) => self.monitoring.push(r),
        }
    }

    pub fn len(&self) -> usize {
        self.regions.len()
            + self.organisations.len()
            + self.people.len()
            + self.projects.len()
            + self.documents.len()
            + self.groups.len()
            + self.memberships.len()
            + self.meetings.len()
            + self.plans.len()
            + self.priorities.len()
            + self.measures.len()
            + self.activities.len()
            + self.action_plans.len()
            + self.monitoring.len()
    }

    /// The register without the records of the given kinds (a register for a reader
    /// that does not know them).
    pub fn without(&self, kinds: &[Kind]) -> Register {
        let mut out = Register::default();
        for record in self.records().filter(|r| !kinds.contains(&r.kind())) {
            out.push(record);
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
