//! What a run found: each check passed, failed (what the contract expects, what came) or was
//! skipped (with why), grouped by capability; printed for people, counted for tests and CI.

use std::fmt;

/// How one check ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed {
        expected: String,
        got: String,
    },
    /// Not run: the capability or addition is absent, or the check needs something the run
    /// was not given (an agent token, a JWT secret) or a check before it that failed.
    Skipped {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: String,
    pub outcome: Outcome,
}

/// Who defines a capability: Zendesk's public API, or Helpline's additions to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Zendesk,
    Helpline,
}

/// One capability's checks. `absent` says why none ran: the helpdesk does not offer it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub name: &'static str,
    pub origin: Origin,
    pub checks: Vec<Check>,
    pub absent: Option<String>,
}

impl Group {
    pub(crate) fn new(name: &'static str, origin: Origin) -> Self {
        Self { name, origin, checks: Vec::new(), absent: None }
    }

    /// Records a check from its result.
    pub(crate) fn record(&mut self, name: &str, result: Result<(), Failure>) {
        let outcome = match result {
            Ok(()) => Outcome::Passed,
            Err(Failure { expected, got }) => Outcome::Failed { expected, got },
        };
        self.checks.push(Check { name: name.to_owned(), outcome });
    }

    pub(crate) fn skip(&mut self, name: &str, reason: impl Into<String>) {
        self.checks.push(Check { name: name.to_owned(), outcome: Outcome::Skipped { reason: reason.into() } });
    }

    /// Whether every check recorded so far passed or was skipped.
    pub fn ok(&self) -> bool {
        !self.checks.iter().any(|c| matches!(c.outcome, Outcome::Failed { .. }))
    }

    fn count(&self, wanted: fn(&Outcome) -> bool) -> usize {
        self.checks.iter().filter(|c| wanted(&c.outcome)).count()
    }
}

/// Why a check failed: what the contract expects, and what the helpdesk did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub expected: String,
    pub got: String,
}

impl Failure {
    pub fn new(expected: impl Into<String>, got: impl Into<String>) -> Self {
        Self { expected: expected.into(), got: got.into() }
    }
}

/// A whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub server: String,
    pub groups: Vec<Group>,
}

impl Report {
    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.name == name)
    }

    pub fn passed(&self) -> usize {
        self.groups.iter().map(|g| g.count(|o| *o == Outcome::Passed)).sum()
    }

    pub fn failed(&self) -> usize {
        self.groups.iter().map(|g| g.count(|o| matches!(o, Outcome::Failed { .. }))).sum()
    }

    /// Checks skipped, and groups whose capability is absent (each counts once).
    pub fn skipped(&self) -> usize {
        let checks: usize = self.groups.iter().map(|g| g.count(|o| matches!(o, Outcome::Skipped { .. }))).sum();
        checks + self.groups.iter().filter(|g| g.absent.is_some()).count()
    }

    /// Every failed check, as `group: check`.
    pub fn failures(&self) -> Vec<String> {
        self.groups
            .iter()
            .flat_map(|g| g.checks.iter().map(move |c| (g, c)))
            .filter(|(_, c)| matches!(c.outcome, Outcome::Failed { .. }))
            .map(|(g, c)| format!("{}: {}", g.name, c.name))
            .collect()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Helpline conformance report for {}", self.server)?;
        for group in &self.groups {
            let origin = match group.origin {
                Origin::Zendesk => "Zendesk API",
                Origin::Helpline => "Helpline addition",
            };
            writeln!(f)?;
            match &group.absent {
                Some(why) => writeln!(f, "{} ({origin}): SKIPPED, capability absent: {why}", group.name)?,
                None => writeln!(f, "{} ({origin})", group.name)?,
            }
            for check in &group.checks {
                match &check.outcome {
                    Outcome::Passed => writeln!(f, "  PASS  {}", check.name)?,
                    Outcome::Skipped { reason } => writeln!(f, "  SKIP  {} ({reason})", check.name)?,
                    Outcome::Failed { expected, got } => {
                        writeln!(f, "  FAIL  {}", check.name)?;
                        writeln!(f, "          expected: {expected}")?;
                        writeln!(f, "          got:      {got}")?;
                    }
                }
            }
        }
        writeln!(f)?;
        write!(f, "{} passed, {} failed, {} skipped", self.passed(), self.failed(), self.skipped())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_prints_expected_and_got() {
        let mut tickets = Group::new("tickets", Origin::Zendesk);
        tickets.record("create answers 201", Ok(()));
        tickets.record("show answers 200", Err(Failure::new("HTTP 200", "HTTP 500: oops")));
        tickets.skip("close needs the agent", "no --agent-token");
        let mut settings = Group::new("settings", Origin::Helpline);
        settings.absent = Some("GET ... answered 404".into());
        let report = Report { server: "http://h".into(), groups: vec![tickets, settings] };
        assert_eq!((report.passed(), report.failed(), report.skipped()), (1, 1, 2));
        assert_eq!(report.failures(), vec!["tickets: show answers 200"]);
        let text = report.to_string();
        assert!(text.contains("expected: HTTP 200") && text.contains("got:      HTTP 500: oops"), "{text}");
        assert!(text.contains("settings (Helpline addition): SKIPPED, capability absent"), "{text}");
        assert!(!report.group("tickets").unwrap().ok() && report.group("settings").unwrap().ok());
    }
}
