//! CEL conditions over the incident view (work in progress).
