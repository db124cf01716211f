//! meshlens: a terminal explorer for a data-mesh catalogue.

pub mod index;
pub mod model;
pub mod sources;
pub mod standards;
pub mod store;
pub mod synthetic;
