//! Business-day calendars (work in progress).
