//! Thread JSON v1 (stub until the model lands).
#![allow(missing_docs)]
pub struct DateTime { pub year: i32, pub month: u8, pub day: u8, pub hour: u8, pub minute: u8 }
