//! Shared helpers for the behaviour tests: reading the vendor fixtures.
