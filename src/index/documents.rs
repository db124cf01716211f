//! Turning products and contracts into index documents.

use tantivy::TantivyDocument;

use super::schema::{Fields, MAX_INDEXED_PREFIX};
use crate::model::{Contract, Description, Product, SchemaProperty, Team};

/// The text of a description: purpose, usage and limitations.
fn description_text(description: &Description) -> String {
    [
        &description.purpose,
        &description.usage,
        &description.limitations,
    ]
    .into_iter()
    .flatten()
    .map(String::as_str)
    .collect::<Vec<_>>()
    .join("\n")
}

fn owners_text(team: Option<&Team>) -> String {
    let mut out = String::new();
    for member in team.into_iter().flat_map(|team| &team.members) {
        out.push_str(&member.username);
        out.push(' ');
        if let Some(name) = &member.name {
            out.push_str(name);
            out.push(' ');
        }
    }
    out
}

fn team_name(team: Option<&Team>) -> Option<&str> {
    team.and_then(|team| team.name.as_deref().or(team.id.as_deref()))
        .filter(|name| !name.trim().is_empty())
}

/// Property names, business names and descriptions of a contract's schema.
pub(crate) fn columns_text(contract: &Contract, out: &mut String) {
    for object in &contract.schema {
        push_words(out, Some(&object.name));
        push_words(out, object.business_name.as_deref());
    }
    for (_, property) in contract.properties() {
        push_property(out, property);
    }
}

/// Object, property and business names of a contract's schema, without the
/// descriptions: what a product's document carries of its contracts (their
/// descriptions are searchable on the contract's own document).
pub(crate) fn column_names_text(contract: &Contract) -> String {
    let mut out = String::new();
    for object in &contract.schema {
        push_words(&mut out, Some(&object.name));
        push_words(&mut out, object.business_name.as_deref());
    }
    for (_, property) in contract.properties() {
        push_words(&mut out, Some(&property.name));
        push_words(&mut out, property.business_name.as_deref());
    }
    out
}

fn push_property(out: &mut String, property: &SchemaProperty) {
    push_words(out, Some(&property.name));
    push_words(out, property.business_name.as_deref());
    push_words(out, property.description.as_deref());
}

fn push_words(out: &mut String, text: Option<&str>) {
    if let Some(text) = text.filter(|t| !t.is_empty()) {
        out.push_str(text);
        out.push('\n');
    }
}

/// The leading 1..=MAX_INDEXED_PREFIX characters of `text`.
fn prefixes(text: &str) -> impl Iterator<Item = &str> {
    text.char_indices()
        .skip(1)
        .map(|(end, _)| end)
        .chain(std::iter::once(text.len()))
        .take(MAX_INDEXED_PREFIX)
        .map(move |end| &text[..end])
}

/// The parts of a document that products and contracts share.
pub(crate) struct DocumentText<'a> {
    pub kind: &'a str,
    pub id: &'a str,
    pub name: &'a str,
    pub description: String,
    pub tags: &'a [String],
    pub domain: Option<&'a str>,
    pub team: Option<&'a str>,
    pub owners: String,
    pub status: Option<&'a str>,
    pub columns: String,
}

impl DocumentText<'_> {
    pub fn into_document(self, fields: &Fields) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.kind, self.kind);
        doc.add_text(fields.id, self.id);
        doc.add_text(fields.id_key, self.id.to_lowercase());
        doc.add_text(fields.name, self.name);
        let name_key = self.name.trim().to_lowercase();
        let id_key = self.id.to_lowercase();
        for key in [&name_key, &id_key] {
            for prefix in prefixes(key) {
                doc.add_text(fields.key_prefix, prefix);
            }
        }
        for word in name_key
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            for prefix in prefixes(word) {
                doc.add_text(fields.word_prefix, prefix);
            }
        }
        doc.add_text(fields.name_key, name_key);
        doc.add_text(fields.name_sort, self.name.to_lowercase());
        doc.add_text(fields.description, &self.description);
        for tag in self.tags.iter().filter(|tag| !tag.trim().is_empty()) {
            doc.add_text(fields.tags, tag);
            doc.add_text(fields.tag_key, tag.trim().to_lowercase());
        }
        let mut facts = self.id.to_owned();
        let keyed = [
            (fields.domain, fields.domain_key, self.domain),
            (fields.team, fields.team_key, self.team),
            (fields.status, fields.status_key, self.status),
        ];
        for (display, key, value) in keyed {
            if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
                doc.add_text(display, value);
                doc.add_text(key, value.trim().to_lowercase());
                facts.push(' ');
                facts.push_str(value);
            }
        }
        doc.add_text(fields.facts, facts);
        doc.add_text(fields.owners, &self.owners);
        doc.add_text(fields.columns, &self.columns);
        doc
    }
}

/// A product's document; `columns` is the column text of its output ports'
/// newest contracts.
pub(crate) fn product_text(product: &Product, columns: String) -> DocumentText<'_> {
    DocumentText {
        kind: "product",
        id: &product.id,
        name: product.title(),
        description: description_text(&product.description),
        tags: &product.tags,
        domain: product.domain.as_deref(),
        team: team_name(product.team.as_ref()),
        owners: owners_text(product.team.as_ref()),
        status: product.status.as_deref(),
        columns,
    }
}

/// The document of a contract id (its newest version).
pub(crate) fn contract_text(contract: &Contract) -> DocumentText<'_> {
    let mut columns = String::new();
    columns_text(contract, &mut columns);
    DocumentText {
        kind: "contract",
        id: &contract.id,
        name: contract.title(),
        description: description_text(&contract.description),
        tags: &contract.tags,
        domain: contract.domain.as_deref(),
        team: team_name(contract.team.as_ref()),
        owners: owners_text(contract.team.as_ref()),
        status: contract.status.as_deref(),
        columns,
    }
}
