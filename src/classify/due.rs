//! Deadlines as dates: a deadline's words, the adoption date and the body
//! whose session is meant -> what it counts from (`anchor`) and, where
//! computable, when it is due (`due`, and `due_to` for a session or a
//! year), with the calendar of [`crate::calendar`].

use crate::calendar::{Date, MONTHS, SessionBody, days_in_month};
use crate::model::{Deadline, DeadlineAnchor, Obligation};

/// Words after a period that count it from another event than the
/// adoption: "within 30 days of the notification", "of receipt".
const OTHER_EVENTS: &[&str] = &[
    "notification",
    "receipt",
    "request",
    "entry into force",
    "submission",
    "the date of the report",
    "transmittal",
    "designation",
    "listing",
    "the establishment",
    "its establishment",
];

/// Fills `anchor`, `due` and `due_to` of every deadline: `adopted` is the
/// document's date (ISO), `body` the adopting body's name.
pub fn fill(obligations: &mut [Obligation], adopted: Option<&str>, body: Option<&str>) {
    let adopted = adopted.and_then(Date::parse_iso);
    for o in obligations {
        let Some(d) = o.deadline.as_mut() else {
            continue;
        };
        let session_body = d.session.and_then(|_| {
            session_body(&o.action, &d.text)
                .or_else(|| SessionBody::from_name(&o.actor_text))
                .or_else(|| body.and_then(SessionBody::from_name))
        });
        let counted_from_event = counted_from_event(&o.action, &d.text);
        date(d, adopted, session_body);
        if counted_from_event && d.anchor == Some(DeadlineAnchor::Adoption) {
            d.anchor = Some(DeadlineAnchor::Event);
            d.due = None;
        }
    }
}

/// Is a period counted from another event than the adoption, named after
/// the deadline's words ("within 30 days of the notification referred to
/// above", "within three working days after a name is added to the List",
/// "within five working days of receiving it")?
fn counted_from_event(action: &str, deadline: &str) -> bool {
    let Some(at) = action.find(deadline) else {
        return false;
    };
    let after = action[at + deadline.len()..].trim_start_matches([' ', ',']);
    let Some(rest) = ["of ", "after ", "from ", "following "]
        .iter()
        .find_map(|p| after.strip_prefix(p))
    else {
        return false;
    };
    let event: String = rest.chars().take(60).collect::<String>().to_lowercase();
    ![
        "adoption",
        "the present resolution",
        "this resolution",
        "its adoption",
    ]
    .iter()
    .any(|a| event.contains(a))
}

/// The body of "to the General Assembly at its seventy-third session":
/// the last body with a session calendar named in the action before the
/// deadline. (Else the caller tries the addressee, then the adopting
/// body.)
fn session_body(action: &str, deadline: &str) -> Option<SessionBody> {
    let before = action.find(deadline).map_or(action, |at| &action[..at]);
    let named = [
        "General Assembly",
        "Human Rights Council",
        "Economic and Social Council",
        "Commission on Narcotic Drugs",
        "Commission on Crime Prevention and Criminal Justice",
    ]
    .iter()
    .filter_map(|n| before.rfind(n).map(|at| (at, n)))
    .max_by_key(|(at, _)| *at)
    .map(|(_, n)| *n);
    named.and_then(SessionBody::from_name)
}

fn date(d: &mut Deadline, adopted: Option<Date>, session_body: Option<SessionBody>) {
    if let Some(n) = d.session {
        d.anchor = Some(DeadlineAnchor::Session);
        if let Some(b) = session_body {
            d.session_of = Some(b.name().to_string());
            if let Some(p) = b.session(n) {
                d.due = Some(p.start.to_string());
                d.due_to = Some(p.end.to_string());
            }
        }
    } else if d.date.is_some() {
        d.anchor = Some(DeadlineAnchor::Date);
        d.due = d.date.clone();
    } else if d.days.is_some() || d.months.is_some() {
        let text = d.text.to_lowercase();
        let other = OTHER_EVENTS.iter().any(|e| text.contains(e));
        if other {
            d.anchor = Some(DeadlineAnchor::Event);
            return;
        }
        d.anchor = Some(DeadlineAnchor::Adoption);
        d.due = adopted
            .map(|a| match (d.months, d.days) {
                (Some(m), _) => a.add_months(m),
                (None, Some(n)) if d.working_days => a.add_working_days(n),
                (None, Some(n)) => a.add_days(i64::from(n)),
                (None, None) => a,
            })
            .map(|x| x.to_string());
    } else if let Some(y) = d.year {
        d.anchor = Some(DeadlineAnchor::Year);
        // "by May 2017": the end of that month; "by 2020": of that year.
        let month = MONTHS
            .iter()
            .position(|m| d.text.contains(m))
            .map_or(12, |i| i as u32 + 1);
        let end = Date::new(y as i32, month, days_in_month(y as i32, month)).map(|d| d.to_string());
        d.due_to = end.or_else(|| Some(format!("{y:04}-12-31")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_counted_from_another_event() {
        assert!(counted_from_event(
            "submit such a draft resolution and put it to a vote within 30 days of the notification referred to above",
            "within 30 days"
        ));
        assert!(counted_from_event(
            "update the website within three working days after a name is added to the Consolidated List",
            "within three working days"
        ));
        assert!(!counted_from_event(
            "report within 30 days of the adoption of this resolution",
            "within 30 days"
        ));
        assert!(!counted_from_event(
            "report no later than 90 days from the date of adoption of this resolution",
            "no later than 90 days"
        ));
        assert!(!counted_from_event(
            "report within 60 days",
            "within 60 days"
        ));
    }

    #[test]
    fn a_month_and_year_ends_with_the_month() {
        let mut d = Deadline {
            text: "by May 2017".into(),
            year: Some(2017),
            ..Deadline::default()
        };
        date(&mut d, None, None);
        assert_eq!(d.due_to.as_deref(), Some("2017-05-31"));
        let mut d = Deadline {
            text: "by February 2024".into(),
            year: Some(2024),
            ..Deadline::default()
        };
        date(&mut d, None, None);
        assert_eq!(d.due_to.as_deref(), Some("2024-02-29"));
        let mut d = Deadline {
            text: "by 2030".into(),
            year: Some(2030),
            ..Deadline::default()
        };
        date(&mut d, None, None);
        assert_eq!(d.due_to.as_deref(), Some("2030-12-31"));
    }

    fn due(text: &str, days: Option<u32>, adopted: &str) -> Deadline {
        let mut d = Deadline {
            text: text.into(),
            days,
            ..Deadline::default()
        };
        date(&mut d, Date::parse_iso(adopted), None);
        d
    }

    #[test]
    fn periods_count_from_the_adoption() {
        // S/RES/1373 (2001), adopted on 28 September 2001: "within 90 days".
        let d = due("within 90 days", Some(90), "2001-09-28");
        assert_eq!(d.anchor, Some(DeadlineAnchor::Adoption));
        assert_eq!(d.due.as_deref(), Some("2001-12-27"));
    }

    #[test]
    fn working_days_and_months_are_counted_as_such() {
        let mut d = due("within twenty working days", Some(20), "2024-03-01");
        d.working_days = true;
        date(&mut d, Date::parse_iso("2024-03-01"), None);
        assert_eq!(d.due.as_deref(), Some("2024-03-29"));
        let mut d = due("within six months", Some(180), "2024-01-31");
        d.months = Some(6);
        date(&mut d, Date::parse_iso("2024-01-31"), None);
        assert_eq!(d.due.as_deref(), Some("2024-07-31"));
    }

    #[test]
    fn a_period_from_another_event_has_no_date() {
        let d = due("within 30 days of the notification", Some(30), "2001-09-28");
        assert_eq!(d.anchor, Some(DeadlineAnchor::Event));
        assert_eq!(d.due, None);
    }

    #[test]
    fn a_session_is_the_bodys() {
        let body = session_body(
            "submit a report to the General Assembly at its seventy-third session",
            "at its seventy-third session",
        );
        assert_eq!(body, Some(SessionBody::GeneralAssembly));
        let mut d = Deadline {
            text: "at its seventy-third session".into(),
            session: Some(73),
            ..Deadline::default()
        };
        date(&mut d, None, body);
        assert_eq!(d.anchor, Some(DeadlineAnchor::Session));
        assert_eq!(d.due.as_deref(), Some("2018-09-01"));
        assert_eq!(d.due_to.as_deref(), Some("2019-08-31"));
        assert_eq!(d.session_of.as_deref(), Some("General Assembly"));
    }
}
