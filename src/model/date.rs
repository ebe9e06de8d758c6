//! Dates and date-times as thread JSON writes them (`2009-12`, RFC 3339).

use crate::digits::push_padded;

/// A calendar date, possibly without a day (`2009-12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, when given.
    pub day: Option<u8>,
}

/// An RFC 3339 date-time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTime {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–60.
    pub second: u8,
    /// Offset from UTC in minutes.
    pub offset_minutes: i16,
    /// The text as given, for `<time datetime>`.
    pub text: String,
}

impl Date {
    /// The value for `<time datetime>`: `2009-12` or `2009-12-01`.
    pub fn machine(&self) -> String {
        let mut s = String::with_capacity(10);
        push_padded(&mut s, self.year.into(), 4);
        s.push('-');
        push_padded(&mut s, self.month.into(), 2);
        if let Some(d) = self.day {
            s.push('-');
            push_padded(&mut s, d.into(), 2);
        }
        s
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    s.iter().try_fold(0u32, |acc, &b| acc.checked_mul(10)?.checked_add(u32::from(b - b'0')))
}

fn parse_ymd(s: &[u8]) -> Option<(i32, u8, Option<u8>)> {
    // YYYY-MM or YYYY-MM-DD
    if s.len() != 7 && s.len() != 10 {
        return None;
    }
    if s[4] != b'-' {
        return None;
    }
    let y = digits(&s[..4])? as i32;
    let m = digits(&s[5..7])? as u8;
    if !(1..=12).contains(&m) {
        return None;
    }
    if s.len() == 7 {
        return Some((y, m, None));
    }
    if s[7] != b'-' {
        return None;
    }
    let d = digits(&s[8..10])? as u8;
    if d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some((y, m, Some(d)))
}

/// Parses an RFC 3339 date-time (`2021-06-23T09:15:00+07:00`, `…Z`, fractions allowed).
pub fn parse_date_time(text: &str) -> Option<DateTime> {
    let s = text.as_bytes();
    if s.len() < 20 {
        return None;
    }
    let (year, month, day) = parse_ymd(&s[..10])?;
    let day = day?;
    if !matches!(s[10], b'T' | b't' | b' ') || s[13] != b':' || s[16] != b':' {
        return None;
    }
    let hour = digits(&s[11..13])? as u8;
    let minute = digits(&s[14..16])? as u8;
    let second = digits(&s[17..19])? as u8;
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    if s[i] == b'.' {
        i += 1;
        let start = i;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    let offset_minutes = match s.get(i)? {
        b'Z' | b'z' if i + 1 == s.len() => 0,
        b'+' | b'-' if i + 6 == s.len() && s[i + 3] == b':' => {
            let h = digits(&s[i + 1..i + 3])? as i16;
            let m = digits(&s[i + 4..i + 6])? as i16;
            if h > 23 || m > 59 {
                return None;
            }
            let v = h * 60 + m;
            if s[i] == b'-' { -v } else { v }
        }
        _ => return None,
    };
    Some(DateTime { year, month, day, hour, minute, second, offset_minutes, text: text.to_owned() })
}

/// Parses a join date: `YYYY-MM`, `YYYY-MM-DD` or an RFC 3339 date-time.
pub fn parse_date(text: &str) -> Option<Date> {
    if let Some((year, month, day)) = parse_ymd(text.as_bytes()) {
        return Some(Date { year, month, day });
    }
    parse_date_time(text).map(|dt| Date { year: dt.year, month: dt.month, day: Some(dt.day) })
}
