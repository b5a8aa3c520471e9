//! Page behaviours outside the widgets: quick checks, progress, copy buttons, the
//! certificate.

/// Wires the page's static markup; runs once per page load.
pub fn init() {}
