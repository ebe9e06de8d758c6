//! The browser's [`Formatter`]: numbers and dates through `Intl`, in the
//! reader's language and time zone. Compiled for wasm32 only.
//!
//! One [`IntlFormatter`] serves one render of a widget: each `Intl` object is
//! made the first time it is needed and reused for every post after that
//! (creating them per post is slow). A tag `Intl` rejects falls back to the
//! catalog's language; anything `Intl` cannot do falls back to the catalog's
//! own patterns ([`CatalogFormatter`]), so nothing here throws or panics.

use std::cell::OnceCell;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::i18n::{Catalog, CatalogFormatter, Formatter};
use crate::model::DateTime;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = NumberFormat)]
    type NumberFormat;
    #[wasm_bindgen(constructor, catch, js_namespace = Intl, js_class = "NumberFormat")]
    fn new(locale: &str, options: &Object) -> Result<NumberFormat, JsValue>;
    #[wasm_bindgen(method, js_class = "NumberFormat")]
    fn format(this: &NumberFormat, n: f64) -> String;

    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type DateTimeFormat;
    #[wasm_bindgen(constructor, catch, js_namespace = Intl, js_class = "DateTimeFormat")]
    fn new(locale: &str, options: &Object) -> Result<DateTimeFormat, JsValue>;
    /// Formats a time value (milliseconds since the epoch).
    #[wasm_bindgen(method, catch, js_class = "DateTimeFormat")]
    fn format(this: &DateTimeFormat, ms: f64) -> Result<String, JsValue>;

    #[wasm_bindgen(js_namespace = Intl, js_name = RelativeTimeFormat)]
    type RelativeTimeFormat;
    #[wasm_bindgen(constructor, catch, js_namespace = Intl, js_class = "RelativeTimeFormat")]
    fn new(locale: &str, options: &Object) -> Result<RelativeTimeFormat, JsValue>;
    #[wasm_bindgen(method, catch, js_class = "RelativeTimeFormat")]
    fn format(this: &RelativeTimeFormat, value: f64, unit: &str) -> Result<String, JsValue>;

    /// `Intl.getCanonicalLocales(tag)`: throws a RangeError for a malformed tag.
    #[wasm_bindgen(catch, js_namespace = Intl, js_name = getCanonicalLocales)]
    fn get_canonical_locales(tag: &str) -> Result<js_sys::Array, JsValue>;
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let (m, d) = (i64::from(month.clamp(1, 12)), i64::from(day.clamp(1, 31)));
    let y = i64::from(year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Milliseconds since the epoch of an RFC 3339 date-time (a leap second
/// counts as :59).
pub fn epoch_ms(dt: &DateTime) -> f64 {
    let days = days_from_civil(dt.year, dt.month, dt.day);
    let secs = days * 86_400 + i64::from(dt.hour) * 3600 + i64::from(dt.minute) * 60 + i64::from(dt.second.min(59))
        - i64::from(dt.offset_minutes) * 60;
    secs as f64 * 1000.0
}

/// The unit and signed amount `Intl.RelativeTimeFormat` is given for a
/// difference in milliseconds (negative: in the past), rounded the way
/// forums round ("45 minutes ago", then "1 hour ago").
pub fn relative_unit(diff_ms: f64) -> (f64, &'static str) {
    let s = diff_ms / 1000.0;
    let a = s.abs();
    let (value, unit) = if a < 45.0 {
        (s, "second")
    } else if a < 45.0 * 60.0 {
        (s / 60.0, "minute")
    } else if a < 22.0 * 3600.0 {
        (s / 3600.0, "hour")
    } else if a < 26.0 * 86_400.0 {
        (s / 86_400.0, "day")
    } else if a < 320.0 * 86_400.0 {
        (s / (30.436875 * 86_400.0), "month")
    } else {
        (s / (365.2425 * 86_400.0), "year")
    };
    // Round half away from zero, and never say "-0".
    let v = value.round();
    (if v == 0.0 { 0.0 } else { v }, unit)
}

/// Formats through `Intl` for one render; see the module docs.
pub struct IntlFormatter {
    locale: String,
    fallback: CatalogFormatter,
    now_ms: f64,
    number: OnceCell<Option<NumberFormat>>,
    month_year: OnceCell<Option<DateTimeFormat>>,
    date: OnceCell<Option<DateTimeFormat>>,
    date_time: OnceCell<Option<DateTimeFormat>>,
    relative: OnceCell<Option<RelativeTimeFormat>>,
}

impl IntlFormatter {
    /// A formatter for the reader's tag (`pt-BR`, `de`), with the catalog
    /// the words come from.
    pub fn new(tag: &str, catalog: &'static Catalog) -> IntlFormatter {
        let locale = match get_canonical_locales(tag) {
            Ok(list) if list.length() == 1 => list.get(0).as_string().unwrap_or_else(|| catalog.lang.to_owned()),
            _ => catalog.lang.to_owned(),
        };
        IntlFormatter {
            locale,
            fallback: CatalogFormatter(catalog),
            now_ms: js_sys::Date::now(),
            number: OnceCell::new(),
            month_year: OnceCell::new(),
            date: OnceCell::new(),
            date_time: OnceCell::new(),
            relative: OnceCell::new(),
        }
    }

    fn dtf<'a>(&self, cell: &'a OnceCell<Option<DateTimeFormat>>, opts: &[(&str, &str)]) -> Option<&'a DateTimeFormat> {
        cell.get_or_init(|| DateTimeFormat::new(&self.locale, &options(opts)).ok()).as_ref()
    }
}

/// Midday UTC of a calendar date, so that no time zone moves it to another day.
fn noon_utc(year: i32, month: u8, day: u8) -> f64 {
    (days_from_civil(year, month, day) * 86_400 + 12 * 3600) as f64 * 1000.0
}

impl Formatter for IntlFormatter {
    fn number(&self, n: u64) -> String {
        // Beyond 2^53 an f64 would change the digits.
        if n > (1u64 << 53) {
            return self.fallback.number(n);
        }
        match self.number.get_or_init(|| NumberFormat::new(&self.locale, &Object::new()).ok()) {
            Some(f) => f.format(n as f64),
            None => self.fallback.number(n),
        }
    }

    fn month_year(&self, year: i32, month: u8) -> String {
        let f = self.dtf(&self.month_year, &[("year", "numeric"), ("month", "short"), ("timeZone", "UTC")]);
        f.and_then(|f| f.format(noon_utc(year, month, 15)).ok()).unwrap_or_else(|| self.fallback.month_year(year, month))
    }

    fn date(&self, year: i32, month: u8, day: u8) -> String {
        let f = self.dtf(&self.date, &[("dateStyle", "medium"), ("timeZone", "UTC")]);
        f.and_then(|f| f.format(noon_utc(year, month, day)).ok()).unwrap_or_else(|| self.fallback.date(year, month, day))
    }

    fn date_time(&self, dt: &DateTime) -> String {
        // The reader's own time zone: no timeZone option.
        let f = self.dtf(&self.date_time, &[("dateStyle", "medium"), ("timeStyle", "short")]);
        f.and_then(|f| f.format(epoch_ms(dt)).ok()).unwrap_or_else(|| self.fallback.date_time(dt))
    }

    fn relative(&self, dt: &DateTime) -> Option<String> {
        let f = self.relative.get_or_init(|| RelativeTimeFormat::new(&self.locale, &options(&[("numeric", "auto")])).ok()).as_ref()?;
        let (value, unit) = relative_unit(epoch_ms(dt) - self.now_ms);
        f.format(value, unit).ok()
    }
}
