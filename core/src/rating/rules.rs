//! The decision itself: a pure function of what the device remembers, the helpdesk's rules and
//! the time, so that every rule is tested without a clock or a database.

use super::{Outcome, PromptDecision, PromptReason};
use crate::settings::RatingSettings;

pub(crate) const DAY_MS: i64 = 24 * 3600 * 1000;
/// No prompt within this long after the user met an error.
pub(crate) const ERROR_QUIET_MS: i64 = DAY_MS;
/// A user who rated is asked again only for a newer app version, and at most once a year.
pub(crate) const RATED_QUIET_DAYS: i64 = 365;

/// What an outcome is remembered as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OutcomeKind {
    Rated,
    RemindLater,
    Declined,
    Feedback,
}

impl OutcomeKind {
    pub(crate) fn of(outcome: &Outcome) -> Self {
        match outcome {
            Outcome::Rated => OutcomeKind::Rated,
            Outcome::RemindLater => OutcomeKind::RemindLater,
            Outcome::Declined => OutcomeKind::Declined,
            Outcome::Feedback { .. } => OutcomeKind::Feedback,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Rated => "rated",
            OutcomeKind::RemindLater => "remind_later",
            OutcomeKind::Declined => "declined",
            OutcomeKind::Feedback => "feedback",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "rated" => OutcomeKind::Rated,
            "remind_later" => OutcomeKind::RemindLater,
            "declined" => OutcomeKind::Declined,
            "feedback" => OutcomeKind::Feedback,
            _ => return None,
        })
    }
}

/// The last answer the user gave to a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LastOutcome {
    pub kind: OutcomeKind,
    /// The app version it was given on.
    pub version: String,
    pub at_ms: i64,
}

/// The device's memory (one row).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Memory {
    pub installed_ms: i64,
    pub launches: i32,
    pub events: i32,
    pub app_version: Option<String>,
    pub outcome: Option<LastOutcome>,
    pub last_error_ms: Option<i64>,
}

fn days_left(since_ms: i64, days: i64, now_ms: i64) -> Option<i32> {
    let until = since_ms.saturating_add(days.saturating_mul(DAY_MS));
    (now_ms < until).then(|| ((until - now_ms + DAY_MS - 1) / DAY_MS).clamp(1, i32::MAX as i64) as i32)
}

/// The rules, first match wins:
/// 1. rating prompts switched off by the helpdesk (or settings never fetched) -> no;
/// 2. no launch recorded yet -> no (the version is unknown);
/// 3. the user declined, on any version -> never again;
/// 4. the user rated this version -> no; rated an older one less than a year ago -> no;
/// 5. the user sent feedback instead, on this version -> no (a new version may ask);
/// 6. "remind me later" less than `remind_after_days` ago -> no;
/// 7. fewer launches, days since install or significant events than required -> no;
/// 8. the user met an error in the last 24 hours -> no;
/// 9. otherwise, yes.
pub(crate) fn decide(memory: Option<&Memory>, rules: &RatingSettings, now_ms: i64) -> PromptDecision {
    let no = |reason| PromptDecision::new(false, reason);
    if !rules.enabled {
        return no(PromptReason::Disabled);
    }
    let Some(memory) = memory else { return no(PromptReason::NoLaunchRecorded) };
    let Some(version) = memory.app_version.as_deref() else { return no(PromptReason::NoLaunchRecorded) };
    if let Some(last) = &memory.outcome {
        let this_version = last.version == version;
        match last.kind {
            OutcomeKind::Declined => return no(PromptReason::Declined),
            OutcomeKind::Rated if this_version => return no(PromptReason::RatedThisVersion),
            OutcomeKind::Rated => {
                if let Some(days_left) = days_left(last.at_ms, RATED_QUIET_DAYS, now_ms) {
                    return no(PromptReason::RatedRecently { days_left });
                }
            }
            OutcomeKind::Feedback if this_version => return no(PromptReason::FeedbackThisVersion),
            OutcomeKind::Feedback => {}
            OutcomeKind::RemindLater => {
                if let Some(days_left) = days_left(last.at_ms, rules.remind_after_days.into(), now_ms) {
                    return no(PromptReason::RemindLater { days_left });
                }
            }
        }
    }
    if memory.launches < rules.min_launches {
        return no(PromptReason::NotEnoughLaunches { launches: memory.launches, needed: rules.min_launches });
    }
    let days = ((now_ms - memory.installed_ms).max(0) / DAY_MS).min(i32::MAX as i64) as i32;
    if days < rules.min_days_installed {
        return no(PromptReason::TooSoonAfterInstall { days, needed: rules.min_days_installed });
    }
    if memory.events < rules.min_events {
        return no(PromptReason::NotEnoughEvents { events: memory.events, needed: rules.min_events });
    }
    if let Some(at) = memory.last_error_ms
        && now_ms < at.saturating_add(ERROR_QUIET_MS)
    {
        let hours_left = ((at + ERROR_QUIET_MS - now_ms + 3_599_999) / 3_600_000).max(1) as i32;
        return no(PromptReason::RecentError { hours_left });
    }
    PromptDecision::new(true, PromptReason::Ready)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_790_000_000_000;

    fn rules() -> RatingSettings {
        RatingSettings {
            enabled: true,
            min_launches: 5,
            min_days_installed: 3,
            min_events: 2,
            remind_after_days: 7,
            store_url_android: None,
            store_url_ios: None,
        }
    }

    fn ready() -> Memory {
        Memory {
            installed_ms: T0,
            launches: 5,
            events: 2,
            app_version: Some("1.0".into()),
            outcome: None,
            last_error_ms: None,
        }
    }

    fn at(days: i64) -> i64 {
        T0 + days * DAY_MS
    }

    fn reason(memory: &Memory, now: i64) -> PromptReason {
        let decision = decide(Some(memory), &rules(), now);
        assert_eq!(decision.should_prompt, decision.reason == PromptReason::Ready);
        decision.reason
    }

    fn answered(kind: OutcomeKind, version: &str, day: i64) -> Memory {
        Memory { outcome: Some(LastOutcome { kind, version: version.into(), at_ms: at(day) }), ..ready() }
    }

    #[test]
    fn thresholds_each_hold_the_prompt_back() {
        assert_eq!(reason(&ready(), at(3)), PromptReason::Ready);
        assert_eq!(
            reason(&Memory { launches: 4, ..ready() }, at(3)),
            PromptReason::NotEnoughLaunches { launches: 4, needed: 5 }
        );
        assert_eq!(reason(&ready(), at(3) - 1), PromptReason::TooSoonAfterInstall { days: 2, needed: 3 });
        assert_eq!(
            reason(&Memory { events: 1, ..ready() }, at(3)),
            PromptReason::NotEnoughEvents { events: 1, needed: 2 }
        );
        assert_eq!(reason(&Memory { app_version: None, ..ready() }, at(9)), PromptReason::NoLaunchRecorded);
        assert_eq!(decide(None, &rules(), at(9)).reason, PromptReason::NoLaunchRecorded);
        let off = RatingSettings { enabled: false, ..rules() };
        assert_eq!(decide(Some(&ready()), &off, at(9)), PromptDecision::new(false, PromptReason::Disabled));
        let zero = RatingSettings { min_launches: 0, min_days_installed: 0, min_events: 0, ..rules() };
        let fresh = Memory { launches: 0, events: 0, ..ready() };
        assert!(decide(Some(&fresh), &zero, T0).should_prompt, "zero thresholds ask at once");
    }

    #[test]
    fn outcomes() {
        assert_eq!(reason(&answered(OutcomeKind::Declined, "0.1", 0), at(5000)), PromptReason::Declined);
        assert_eq!(reason(&answered(OutcomeKind::Rated, "1.0", 0), at(5000)), PromptReason::RatedThisVersion);
        assert_eq!(
            reason(&answered(OutcomeKind::Rated, "0.9", 3), at(4)),
            PromptReason::RatedRecently { days_left: 364 }
        );
        assert_eq!(reason(&answered(OutcomeKind::Rated, "0.9", 3), at(368)), PromptReason::Ready);
        assert_eq!(reason(&answered(OutcomeKind::Feedback, "1.0", 3), at(400)), PromptReason::FeedbackThisVersion);
        assert_eq!(reason(&answered(OutcomeKind::Feedback, "0.9", 3), at(4)), PromptReason::Ready);
        assert_eq!(
            reason(&answered(OutcomeKind::RemindLater, "1.0", 3), at(4)),
            PromptReason::RemindLater { days_left: 6 }
        );
        assert_eq!(
            reason(&answered(OutcomeKind::RemindLater, "1.0", 3), at(10) - 1),
            PromptReason::RemindLater { days_left: 1 }
        );
        assert_eq!(reason(&answered(OutcomeKind::RemindLater, "1.0", 3), at(10)), PromptReason::Ready);
    }

    #[test]
    fn a_recent_error_waits_a_day() {
        let met = Memory { last_error_ms: Some(at(5)), ..ready() };
        assert_eq!(reason(&met, at(5)), PromptReason::RecentError { hours_left: 24 });
        assert_eq!(reason(&met, at(6) - 1), PromptReason::RecentError { hours_left: 1 });
        assert_eq!(reason(&met, at(6)), PromptReason::Ready);
    }

    #[test]
    fn outcome_names_round_trip() {
        for kind in [OutcomeKind::Rated, OutcomeKind::RemindLater, OutcomeKind::Declined, OutcomeKind::Feedback] {
            assert_eq!(OutcomeKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(OutcomeKind::parse("nope"), None);
    }
}
