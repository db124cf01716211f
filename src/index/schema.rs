//! The tantivy schema of the search index.
//!
//! Display values (`domain`, `team`, `tags`, `status`, `kind`) are stored and
//! kept as fast columns in their original case for facet counts; `*_key`
//! fields hold the same values lowercased, indexed untokenised, for exact
//! case-insensitive filters.

use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TEXT, TextFieldIndexing, TextOptions,
};

use super::IndexError;

/// Bump whenever the schema or the meaning of a field changes: an index of
/// another version is rebuilt.
pub const INDEX_SCHEMA_VERSION: u32 = 3;

/// Prefixes up to this many characters are indexed as terms of their own
/// (edge n-grams), so a prefix query is one posting list; a longer prefix
/// falls back to a range over the term dictionary.
pub(crate) const MAX_INDEXED_PREFIX: usize = 16;

pub(crate) const NAME_SORT: &str = "name_sort";
pub(crate) const DOMAIN: &str = "domain";
pub(crate) const TEAM: &str = "team";
pub(crate) const TAGS: &str = "tags";
pub(crate) const STATUS: &str = "status";
pub(crate) const KIND: &str = "kind";

/// Handles on every field of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub kind: Field,
    pub id: Field,
    pub id_key: Field,
    pub name: Field,
    pub name_key: Field,
    /// Every prefix (up to [`MAX_INDEXED_PREFIX`]) of `name_key` and `id_key`.
    pub key_prefix: Field,
    /// Every prefix (up to [`MAX_INDEXED_PREFIX`]) of every word of the name.
    pub word_prefix: Field,
    pub name_sort: Field,
    pub description: Field,
    pub tags: Field,
    pub tag_key: Field,
    pub domain: Field,
    pub domain_key: Field,
    pub team: Field,
    pub team_key: Field,
    pub status: Field,
    pub status_key: Field,
    pub owners: Field,
    pub columns: Field,
    /// Domain, team, status and id words: searchable like the description.
    pub facts: Field,
}

impl Fields {
    /// The text fields a query term may match outside the name.
    pub fn other_text(&self) -> [Field; 5] {
        [
            self.description,
            self.tags,
            self.owners,
            self.columns,
            self.facts,
        ]
    }
}

fn display_facet() -> TextOptions {
    TextOptions::default().set_stored().set_fast("raw")
}

fn keyword() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_fieldnorms(false)
            .set_index_option(IndexRecordOption::Basic),
    )
}

pub(crate) fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fields = Fields {
        kind: builder.add_text_field(KIND, STRING | STORED | tantivy::schema::FAST),
        id: builder.add_text_field("id", STORED),
        id_key: builder.add_text_field("id_key", keyword()),
        name: builder.add_text_field("name", TEXT | STORED),
        name_key: builder.add_text_field("name_key", keyword()),
        key_prefix: builder.add_text_field("key_prefix", keyword()),
        word_prefix: builder.add_text_field("word_prefix", keyword()),
        name_sort: builder.add_text_field(NAME_SORT, TextOptions::default().set_fast("raw")),
        description: builder.add_text_field("description", TEXT),
        tags: builder.add_text_field(TAGS, TEXT | display_facet()),
        tag_key: builder.add_text_field("tag_key", keyword()),
        domain: builder.add_text_field(DOMAIN, display_facet()),
        domain_key: builder.add_text_field("domain_key", keyword()),
        team: builder.add_text_field(TEAM, display_facet()),
        team_key: builder.add_text_field("team_key", keyword()),
        status: builder.add_text_field(STATUS, display_facet()),
        status_key: builder.add_text_field("status_key", keyword()),
        owners: builder.add_text_field("owners", TEXT),
        columns: builder.add_text_field("columns", TEXT),
        facts: builder.add_text_field("facts", TEXT),
    };
    (builder.build(), fields)
}

/// The fields of an opened index, checked against the expected schema.
pub(crate) fn fields_of(schema: &Schema) -> Result<Fields, IndexError> {
    let (expected, fields) = build_schema();
    if *schema == expected {
        Ok(fields)
    } else {
        Err(IndexError::SchemaMismatch)
    }
}
