//! Exit codes: the one contract every command and the batch runner share.
//!
//! It sits at the bottom of the crate, apart from the command line, so that [`crate::batch`]
//! can carry a file's exit code in its outcome without importing [`crate::cli`] (which imports
//! `batch`: that was a cycle). It imports nothing.

/// Exit codes, as the product specification fixes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Everything is in order: every file valid; every obligation met or pending in time.
    Ok = 0,
    /// Something is missed, late, overdue or missing.
    Findings = 1,
    /// Bad input or usage: a file that cannot be read or is invalid, or wrong arguments.
    BadInput = 2,
    /// The output could not be written (a full disk, no permission): the input was fine, and
    /// whatever was in place before is untouched.
    Io = 3,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// The worse of two exit codes: bad input over findings over success.
pub fn worst(a: Exit, b: Exit) -> Exit {
    if a as u8 >= b as u8 { a } else { b }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_prefers_bad_input_over_findings_over_success() {
        assert_eq!(worst(Exit::Ok, Exit::Findings), Exit::Findings);
        assert_eq!(worst(Exit::BadInput, Exit::Findings), Exit::BadInput);
        assert_eq!(worst(Exit::Io, Exit::BadInput), Exit::Io);
    }
}
