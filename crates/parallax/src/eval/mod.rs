//! Quality figures against the public data sets in `../shared/data`: each evaluation
//! reads a data set, runs the same stage code the pipeline runs, and scores it with the
//! data set's own metric.

pub mod claims;
pub mod clustering;
pub mod coref;
pub mod extraction;
pub mod metrics;
pub mod ner;
pub mod quotes;
