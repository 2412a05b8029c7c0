//! Planning groups (steering group, working groups, implementation team) and their members.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::check::Checker;
use crate::model::kinds::{GroupKind, MemberRole, Represents};
use crate::model::lists::TargetGroup;
use crate::model::{Field, Id, Invalid, Kind, Rule};

pub const NAME: Field = Field::new("Název skupiny", "Group name");
pub const SHORT_NAME: Field = Field::new("Zkratka", "Short name");
pub const REGION: Field = Field::new("ORP", "Region (ORP)");
pub const NOTE: Field = Field::new("Poznámka", "Note");
pub const GROUP: Field = Field::new("Skupina", "Group");
pub const PERSON: Field = Field::new("Osoba", "Person");
pub const MEMBERSHIP_PERIOD: Field = Field::new("Členství od–do", "Membership period");

/// A steering group, working group or implementation team.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Group {
    pub id: Id,
    pub name: String,
    /// "ŘS Soběslav": how meeting titles name the group.
    pub short_name: String,
    pub region: Id,
    pub project: Option<Id>,
    pub kind: Option<GroupKind>,
    pub target_group: Option<TargetGroup>,
    pub note: String,
}

impl Group {
    pub fn problems(&self) -> Vec<Invalid> {
        let mut c = Checker::default();
        c.required(NAME, &self.name);
        c.line(SHORT_NAME, &self.short_name);
        if self.region == 0 {
            c.push(REGION, Rule::Required);
        }
        c.multiline(NOTE, &self.note);
        c.finish()
    }

    pub fn references(&self) -> Vec<(Kind, Id)> {
        let mut out = vec![(Kind::Region, self.region)];
        out.extend(self.project.map(|id| (Kind::Project, id)));
        out
    }

    /// The short name when there is one, else the name.
    pub fn label(&self) -> &str {
        if self.short_name.is_empty() {
            &self.name
        } else {
            &self.short_name
        }
    }
}

/// A person's membership in a group: the role and whom they represent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Membership {
    pub id: Id,
    pub group: Id,
    pub person: Id,
    pub role: Option<MemberRole>,
    pub represents: Option<Represents>,
    /// The organisation the member speaks for ("město Soběslav").
    pub organisation: Option<Id>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Membership {
    pub fn problems(&self) -> Vec<Invalid> {
        let mut c = Checker::default();
        if self.group == 0 {
            c.push(GROUP, Rule::Required);
        }
        if self.person == 0 {
            c.push(PERSON, Rule::Required);
        }
        c.period(MEMBERSHIP_PERIOD, self.since, self.until);
        c.finish()
    }

    pub fn references(&self) -> Vec<(Kind, Id)> {
        let mut out = vec![(Kind::Group, self.group), (Kind::Person, self.person)];
        out.extend(self.organisation.map(|id| (Kind::Organisation, id)));
        out
    }
}
