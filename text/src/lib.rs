//! The words of help-center text and queries, shared by the SDK's offline index and the
//! reference helpdesk's search, so that both match alike:
//!
//! - a query's words lose their stop words (per language) when others remain;
//! - each word matches its inflections: its Snowball stem, as a prefix of the folded word
//!   ("invoices" -> `"invoic"*`, "résilier" -> `"resili"*`, which finds "résiliation");
//! - each word also matches its synonyms (the helpdesk's list per language), which widen the
//!   query and never add results that match nothing the user meant;
//! - a word found nowhere in the index may be a misspelling: the closest indexed word stands
//!   in ([`closest`]).
//!
//! Everything produced here is FTS5 syntax built from quoted words: no input can make a query
//! fail or mean something else.

mod fold;
mod index;
mod language;
mod spelling;
mod terms;

pub use fold::fold;
pub use index::Index;
pub use language::Language;
pub use spelling::closest;
pub use terms::{Synonyms, Term};
