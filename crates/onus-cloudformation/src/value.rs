//! JSON values that may hold unknown markers, and typed reads from them: shared
//! with the other infrastructure-as-code source, defined in the model.

pub use onus_model::source_value::*;
