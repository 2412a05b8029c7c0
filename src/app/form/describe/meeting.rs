//! A meeting's fields. Its kind and state always have a value; its date is required.

use chrono::NaiveDate;

use super::{Described, FieldKey as K, LINE, Shape, Spec, Value, choice, reference};
use crate::app::form::labels::{MEETING_KIND, STATE, TIME_END, TIME_START};
use crate::model::group::GROUP;
use crate::model::meeting::*;
use crate::model::{Kind, Meeting, MeetingKind, MeetingState};

type S = Spec<Meeting>;

impl Described for Meeting {
    const FIELDS: &'static [Spec<Meeting>] = &[
        S::shown(
            K::Region,
            REGION,
            reference(Kind::Region, false),
            |r| Value::reference(Some(r.region)),
            |r, v| {
                r.region = v.required_id()?;
                Ok(())
            },
        ),
        S::shown(
            K::Group,
            GROUP,
            reference(Kind::Group, true),
            |r| Value::reference(r.group),
            |r, v| {
                r.group = v.id()?;
                Ok(())
            },
        ),
        S::shown(
            K::Kind,
            MEETING_KIND,
            choice::<MeetingKind>(false),
            |r| Value::choice(Some(r.kind)),
            |r, v| {
                if let Some(kind) = v.chosen()? {
                    r.kind = kind;
                };
                Ok(())
            },
        ),
        S::shown(
            K::Title,
            TITLE,
            LINE,
            |r| Value::Text(r.title.clone()),
            |r, v| {
                r.title = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Date,
            DATE,
            Shape::Date { required: true },
            |r| Value::Date(Some(r.date).filter(|&d| d != NaiveDate::default())),
            |r, v| {
                if let Some(date) = v.date()? {
                    r.date = date;
                };
                Ok(())
            },
        ),
        S::shown(
            K::Start,
            TIME_START,
            Shape::Time,
            |r| Value::Time(r.start),
            |r, v| {
                r.start = v.time()?;
                Ok(())
            },
        )
        .also(&[TIME]),
        S::shown(
            K::End,
            TIME_END,
            Shape::Time,
            |r| Value::Time(r.end),
            |r, v| {
                r.end = v.time()?;
                Ok(())
            },
        )
        .also(&[TIME]),
        S::shown(
            K::Place,
            PLACE,
            LINE,
            |r| Value::Text(r.place.clone()),
            |r, v| {
                r.place = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::State,
            STATE,
            choice::<MeetingState>(false),
            |r| Value::choice(Some(r.state)),
            |r, v| {
                if let Some(state) = v.chosen()? {
                    r.state = state;
                };
                Ok(())
            },
        ),
        S::shown(
            K::Agenda,
            AGENDA,
            Shape::Multi,
            |r| Value::Text(r.agenda.clone()),
            |r, v| {
                r.agenda = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Minutes,
            MINUTES,
            Shape::Multi,
            |r| Value::Text(r.minutes.clone()),
            |r, v| {
                r.minutes = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Attendance,
            ATTENDANCE,
            Shape::Attendance,
            |r| Value::Attendance(r.attendance.clone()),
            |r, v| {
                r.attendance = v.attendance()?;
                Ok(())
            },
        ),
        S::shown(
            K::Guests,
            GUESTS,
            Shape::Lines,
            |r| Value::Lines(r.guests.clone()),
            |r, v| {
                r.guests = v.lines()?;
                Ok(())
            },
        ),
        S::shown(
            K::Note,
            NOTE,
            Shape::Multi,
            |r| Value::Text(r.note.clone()),
            |r, v| {
                r.note = v.text()?;
                Ok(())
            },
        ),
        S::shown(
            K::Uid,
            UID,
            LINE,
            |r| Value::Text(r.uid.clone()),
            |r, v| {
                r.uid = v.text()?;
                Ok(())
            },
        )
        .hidden(),
        // Set with one key in the meeting's detail, not in the form; named in the
        // history.
        S::shown(
            K::InvitationSent,
            INVITATION_SENT,
            Shape::Date { required: false },
            |r| Value::Date(r.invitation_sent),
            |r, v| {
                r.invitation_sent = v.date()?;
                Ok(())
            },
        )
        .hidden(),
    ];
}
