//! Dates for deadlines: calendar days, working days and months counted
//! from a date, and the dates of the sessions of the bodies that set
//! deadlines "at its seventy-third session".
//!
//! Input: ISO dates (`2001-09-28`) and session numbers. Output: [`Date`]s
//! and [`Period`]s. Dates are proleptic Gregorian, with no time zone;
//! working days are Monday to Friday (public holidays are not known here).
//! Session dates are those of the bodies' fixed calendars: a General
//! Assembly session N opens in September of 1945 + N and runs until the
//! next opens; a Human Rights Council session N (from the seventh, 2008)
//! is one of three a year, opening in March, June or September; an
//! Economic and Social Council "session" is its year; a Commission on
//! Narcotic Drugs session N meets in March of 1957 + N, and a Commission
//! on Crime Prevention and Criminal Justice session N in May of 1991 + N.

use std::fmt;

/// The English month names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Reads `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut it = s.splitn(3, '-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        Date::new(y, m, d)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.to_days() + n)
    }

    /// The date `n` months later; a day past the end of the month falls
    /// on its last day (31 January + 1 month = 28 or 29 February).
    pub fn add_months(self, n: u32) -> Date {
        let total = self.year * 12 + self.month as i32 - 1 + n as i32;
        let (year, month) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// 0 = Monday ... 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        (self.to_days() + 3).rem_euclid(7) as u32
    }

    /// The `n`th working day (Monday to Friday) after this date.
    pub fn add_working_days(self, n: u32) -> Date {
        let mut d = self;
        let mut left = n;
        while left > 0 {
            d = d.add_days(1);
            if d.weekday() < 5 {
                left -= 1;
            }
        }
        d
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// The number of days of month `m` (1 to 12) of year `y`.
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A stretch of time: a session, or the months a deadline may fall in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: Date,
    /// The last day.
    pub end: Date,
}

/// Bodies whose sessions have a fixed calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionBody {
    GeneralAssembly,
    HumanRightsCouncil,
    EconomicAndSocialCouncil,
    CommissionOnNarcoticDrugs,
    CrimeCommission,
}

impl SessionBody {
    /// The body a name designates ("General Assembly", "the Council"
    /// after the Human Rights Council was named is the caller's business).
    pub fn from_name(name: &str) -> Option<SessionBody> {
        let n = name.to_ascii_lowercase();
        if n.contains("general assembly") {
            Some(SessionBody::GeneralAssembly)
        } else if n.contains("human rights council") {
            Some(SessionBody::HumanRightsCouncil)
        } else if n.contains("economic and social council") || n == "ecosoc" {
            Some(SessionBody::EconomicAndSocialCouncil)
        } else if n.contains("narcotic drugs") {
            Some(SessionBody::CommissionOnNarcoticDrugs)
        } else if n.contains("crime prevention and criminal justice") {
            Some(SessionBody::CrimeCommission)
        } else {
            None
        }
    }

    /// When session `n` meets: for the General Assembly, from its opening
    /// in September to the day before the next opens; for the others, the
    /// month (or, for ECOSOC, the year) it meets in. `None` for a number
    /// the calendar does not cover.
    pub fn session(self, n: u32) -> Option<Period> {
        let n = i32::try_from(n).ok()?;
        let month = |y: i32, m: u32| -> Option<Period> {
            let start = Date::new(y, m, 1)?;
            Some(Period {
                start,
                end: start.add_months(1).add_days(-1),
            })
        };
        match self {
            SessionBody::GeneralAssembly if n >= 1 => {
                let start = Date::new(1945 + n, 9, 1)?;
                Some(Period {
                    start,
                    end: start.add_months(12).add_days(-1),
                })
            }
            SessionBody::HumanRightsCouncil if n >= 7 => {
                let k = n - 7;
                let m = [3, 6, 9][k.rem_euclid(3) as usize];
                month(2008 + k.div_euclid(3), m)
            }
            SessionBody::EconomicAndSocialCouncil if n >= 1946 => Some(Period {
                start: Date::new(n, 1, 1)?,
                end: Date::new(n, 12, 31)?,
            }),
            SessionBody::CommissionOnNarcoticDrugs if n >= 1 => month(1957 + n, 3),
            SessionBody::CrimeCommission if n >= 1 => month(1991 + n, 5),
            _ => None,
        }
    }

    /// The body's name.
    pub fn name(self) -> &'static str {
        match self {
            SessionBody::GeneralAssembly => "General Assembly",
            SessionBody::HumanRightsCouncil => "Human Rights Council",
            SessionBody::EconomicAndSocialCouncil => "Economic and Social Council",
            SessionBody::CommissionOnNarcoticDrugs => "Commission on Narcotic Drugs",
            SessionBody::CrimeCommission => "Commission on Crime Prevention and Criminal Justice",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn days_round_trip_and_known_dates() {
        assert_eq!(d("1970-01-01").to_days(), 0);
        assert_eq!(d("2000-03-01").to_days(), 11_017);
        for n in [-800_000i64, -1, 0, 1, 59, 60, 11_016, 20_000, 400_000] {
            assert_eq!(Date::from_days(n).to_days(), n);
        }
        assert_eq!(d("2001-09-28").weekday(), 4, "a Friday");
        assert!(Date::parse_iso("2001-02-29").is_none());
        assert!(Date::parse_iso("2000-02-29").is_some());
        assert!(Date::parse_iso("2001-13-01").is_none());
        assert!(Date::parse_iso("28 September 2001").is_none());
    }

    #[test]
    fn security_council_resolution_1373_within_90_days() {
        // Adopted 28 September 2001; "within 90 days" ends 27 December.
        assert_eq!(d("2001-09-28").add_days(90).to_string(), "2001-12-27");
    }

    #[test]
    fn months_and_working_days() {
        assert_eq!(d("2024-01-31").add_months(1), d("2024-02-29"));
        assert_eq!(d("2023-01-31").add_months(1), d("2023-02-28"));
        assert_eq!(d("2023-11-15").add_months(3), d("2024-02-15"));
        // Twenty working days from Friday 28 September 2001: four weeks.
        assert_eq!(d("2001-09-28").add_working_days(20), d("2001-10-26"));
        // From a Saturday, the first working day is the Monday.
        assert_eq!(d("2024-06-01").add_working_days(1), d("2024-06-03"));
    }

    #[test]
    fn sessions() {
        let ga = SessionBody::GeneralAssembly.session(73).unwrap();
        assert_eq!((ga.start, ga.end), (d("2018-09-01"), d("2019-08-31")));
        // HRC: 35th session, June 2017; 58th, March 2025; 60th, September 2025.
        let hrc = |n| SessionBody::HumanRightsCouncil.session(n).unwrap().start;
        assert_eq!(hrc(35), d("2017-06-01"));
        assert_eq!(hrc(58), d("2025-03-01"));
        assert_eq!(hrc(60), d("2025-09-01"));
        assert!(SessionBody::HumanRightsCouncil.session(3).is_none());
        assert_eq!(
            SessionBody::CommissionOnNarcoticDrugs
                .session(67)
                .unwrap()
                .start,
            d("2024-03-01")
        );
        assert_eq!(
            SessionBody::CrimeCommission.session(33).unwrap().start,
            d("2024-05-01")
        );
        let e = SessionBody::EconomicAndSocialCouncil.session(2019).unwrap();
        assert_eq!((e.start, e.end), (d("2019-01-01"), d("2019-12-31")));
        assert_eq!(
            SessionBody::from_name("the Economic and Social Council"),
            Some(SessionBody::EconomicAndSocialCouncil)
        );
    }
}
