//! Time for the executor: [`Timestamp`] (microseconds since the Unix epoch, UTC) and the
//! [`Clock`] a session reads it from. Tests inject a [`FixedClock`] so that output snapshots stay
//! the same from run to run; programs use [`SystemClock`].
//!
//! The two printed forms are written here, without a date-time crate: the dialect needs only UTC,
//! microseconds and two fixed layouts (docs/executor.md#outputs), and the civil-date arithmetic is a dozen
//! lines that cannot fail.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Serialize, Serializer};

/// A point in time, UTC, to the microsecond.
///
/// ```
/// use flink_ddl_exec::Timestamp;
/// let t = Timestamp::from_unix_micros(1_755_122_697_972_969);
/// assert_eq!(t.to_rfc3339(), "2025-08-13T22:04:57.972969Z");
/// assert_eq!(t.to_human(), "2025-08-13 22:04:57.972969 +0000 UTC");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    micros: i64,
}

impl Timestamp {
    /// The Unix epoch, 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: Timestamp = Timestamp { micros: 0 };

    /// The time `micros` microseconds after (or, when negative, before) the Unix epoch.
    pub const fn from_unix_micros(micros: i64) -> Self {
        Timestamp { micros }
    }

    /// Microseconds since the Unix epoch.
    pub const fn unix_micros(self) -> i64 {
        self.micros
    }

    /// RFC 3339 in UTC with six fraction digits: `2026-03-02T09:15:00.123456Z` (the `sql/v1` JSON form).
    pub fn to_rfc3339(self) -> String {
        let p = self.parts();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
            p.year, p.month, p.day, p.hour, p.minute, p.second, p.micro
        )
    }

    /// The human tables' form: `2026-03-02 09:15:00.123456 +0000 UTC` (six fraction digits always).
    pub fn to_human(self) -> String {
        let p = self.parts();
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06} +0000 UTC",
            p.year, p.month, p.day, p.hour, p.minute, p.second, p.micro
        )
    }

    fn parts(self) -> Parts {
        let micro = self.micros.rem_euclid(1_000_000);
        let seconds = self.micros.div_euclid(1_000_000);
        let days = seconds.div_euclid(86_400);
        let of_day = seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Parts { year, month, day, hour: of_day / 3600, minute: of_day % 3600 / 60, second: of_day % 60, micro }
    }
}

struct Parts {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    micro: i64,
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

/// Where a session reads the time (creation and update dates, `deleted_at`).
pub trait Clock: Send + Sync {
    /// The current time.
    fn now(&self) -> Timestamp;
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        // A clock set before 1970 reads as the epoch rather than failing.
        let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        Timestamp::from_unix_micros(i64::try_from(since.as_micros()).unwrap_or(i64::MAX))
    }
}

/// A clock that always reads the same time: for tests and reproducible output.
///
/// ```
/// use flink_ddl_exec::{Clock, FixedClock, Timestamp};
/// let clock = FixedClock(Timestamp::from_unix_micros(0));
/// assert_eq!(clock.now().to_rfc3339(), "1970-01-01T00:00:00.000000Z");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(Timestamp::UNIX_EPOCH.to_human(), "1970-01-01 00:00:00.000000 +0000 UTC");
        assert_eq!(Timestamp::from_unix_micros(951_782_400_000_000).to_rfc3339(), "2000-02-29T00:00:00.000000Z");
        assert_eq!(Timestamp::from_unix_micros(-1).to_rfc3339(), "1969-12-31T23:59:59.999999Z");
        assert_eq!(Timestamp::from_unix_micros(1_772_442_900_123_456).to_rfc3339(), "2026-03-02T09:15:00.123456Z");
    }

    #[test]
    fn extremes_do_not_panic() {
        assert!(!Timestamp::from_unix_micros(i64::MAX).to_rfc3339().is_empty());
        assert!(!Timestamp::from_unix_micros(i64::MIN).to_human().is_empty());
    }

    #[test]
    fn system_clock_is_after_2020() {
        assert!(SystemClock.now() > Timestamp::from_unix_micros(1_577_836_800_000_000));
    }
}
