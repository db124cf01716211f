//! Query construction and execution.
//!
//! Ranking comes from constant-score tiers rather than BM25, so the order is
//! predictable: an exact name or id match (1000) beats a name prefix (100),
//! which beats matches per query term: a whole name word (10), a name word
//! prefix (5), a name word within typo distance (3), any other field (1).
//! Each term counts once (its best tier), so more matched terms rank higher.
//! Ties are broken in favour of products (over their contracts), then by name.

use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::sync::Arc;

use std::ops::Bound;
use tantivy::collector::{Count, TopDocs};

use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery,
    InvertedIndexRangeQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED, TantivyDocument, Term,
};

use super::IndexError;
use super::doc_values::DocValues;
use super::facets::{FacetCounter, Facets};
use super::query::{Kind, SearchQuery};
use super::schema::{Fields, MAX_INDEXED_PREFIX};
use super::typo::{max_typos, within_typos};

const EXACT: f32 = 1000.0;
const NAME_PREFIX: f32 = 100.0;
const NAME_WORD: f32 = 10.0;
const NAME_WORD_PREFIX: f32 = 5.0;
const NAME_WORD_TYPO: f32 = 3.0;
const OTHER_FIELD: f32 = 1.0;
/// Less than the smallest gap between tiers: breaks a tie between a product
/// and its contract (which share a name) in the product's favour.
const PRODUCT_TIEBREAK: f32 = 0.5;

/// Words that count only as name words: outside names they are everywhere.
const STOP_WORDS: [&str; 16] = [
    "a", "an", "and", "at", "by", "for", "from", "in", "is", "of", "on", "or", "per", "the", "to",
    "with",
];

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub kind: Kind,
    pub id: String,
    pub name: String,
    pub domain: Option<String>,
    pub team: Option<String>,
    pub status: Option<String>,
    pub score: f32,
    /// Lowercased words that matched: words of the name (for highlighting)
    /// and query terms found in other fields.
    pub matched: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Every match, not just the hits returned.
    pub total: u64,
    pub hits: Vec<SearchHit>,
    pub facets: Facets,
}

fn constant(query: impl Query, score: f32) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(Box::new(query), score))
}

fn term_query(field: Field, text: &str) -> TermQuery {
    TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic)
}

/// Documents with a term of `field` starting with `text`. Short prefixes are
/// indexed terms of `prefix_field` (one posting list, however many names
/// share the prefix); a longer one is a range over `field`'s dictionary.
fn prefix_query(field: Field, prefix_field: Field, text: &str) -> Box<dyn Query> {
    if text.chars().count() <= MAX_INDEXED_PREFIX {
        return Box::new(term_query(prefix_field, text));
    }
    let upper = format!("{text}{}", char::MAX);
    Box::new(InvertedIndexRangeQuery::new(
        Bound::Included(Term::from_field_text(field, text)),
        Bound::Excluded(Term::from_field_text(field, &upper)),
    ))
}

fn dismax(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(DisjunctionMaxQuery::new(queries))
}

/// The clauses one query term contributes (its best tier counts).
fn term_clause(fields: &Fields, term: &str, in_names: bool) -> Box<dyn Query> {
    let mut tiers = vec![
        constant(term_query(fields.name, term), NAME_WORD),
        constant(
            prefix_query(fields.name, fields.word_prefix, term),
            NAME_WORD_PREFIX,
        ),
    ];
    let typos = max_typos(term);
    if typos > 0 && !in_names {
        let fuzzy = FuzzyTermQuery::new(Term::from_field_text(fields.name, term), typos, true);
        tiers.push(constant(fuzzy, NAME_WORD_TYPO));
    }
    // "revenue by store": `by` names nothing, but it is in most descriptions,
    // and matching it everywhere would make every query scan the corpus.
    if !STOP_WORDS.contains(&term) {
        for field in fields.other_text() {
            tiers.push(constant(term_query(field, term), OTHER_FIELD));
        }
    }
    dismax(tiers)
}

fn text_query(fields: &Fields, full: &str, terms: &[(String, bool)]) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
        (
            Occur::Should,
            dismax(vec![
                constant(term_query(fields.name_key, full), EXACT),
                constant(term_query(fields.id_key, full), EXACT),
            ]),
        ),
        (
            Occur::Should,
            dismax(vec![
                constant(
                    prefix_query(fields.name_key, fields.key_prefix, full),
                    NAME_PREFIX,
                ),
                constant(
                    prefix_query(fields.id_key, fields.key_prefix, full),
                    NAME_PREFIX,
                ),
            ]),
        ),
    ];
    for (term, in_names) in terms {
        clauses.push((Occur::Should, term_clause(fields, term, *in_names)));
    }
    Box::new(BooleanQuery::new(clauses))
}

fn filter_clauses(fields: &Fields, q: &SearchQuery) -> Vec<(Occur, Box<dyn Query>)> {
    let filters = [
        (fields.domain_key, q.domain.as_deref()),
        (fields.team_key, q.team.as_deref()),
        (fields.tag_key, q.tag.as_deref()),
        (fields.status_key, q.status.as_deref()),
        (fields.kind, q.kind.map(Kind::as_str)),
    ];
    filters
        .into_iter()
        .filter_map(|(field, value)| Some((field, value?)))
        .map(|(field, value)| {
            let value = value.trim().to_lowercase();
            (Occur::Must, constant(term_query(field, &value), 0.0))
        })
        .collect()
}

/// A query ready to run: the tantivy query and the analysed terms.
pub(crate) struct PreparedQuery {
    query: Box<dyn Query>,
    terms: Vec<String>,
}

/// `terms`: each analysed query word, and whether some name contains it.
pub(crate) fn prepare(
    fields: &Fields,
    q: &SearchQuery,
    terms: Vec<(String, bool)>,
) -> PreparedQuery {
    let full = q.text.trim().to_lowercase();
    let browse = full.is_empty();
    let mut clauses = filter_clauses(fields, q);
    if browse {
        clauses.push((Occur::Must, constant(AllQuery, 0.0)));
    } else {
        clauses.push((Occur::Must, text_query(fields, &full, &terms)));
        clauses.push((
            Occur::Should,
            constant(
                term_query(fields.kind, Kind::Product.as_str()),
                PRODUCT_TIEBREAK,
            ),
        ));
    }
    PreparedQuery {
        query: Box::new(BooleanQuery::new(clauses)),
        terms: terms.into_iter().map(|(term, _)| term).collect(),
    }
}

pub(crate) fn execute(
    searcher: &Searcher,
    fields: &Fields,
    values: &Arc<DocValues>,
    prepared: &PreparedQuery,
    limit: usize,
) -> Result<SearchResults, IndexError> {
    let top = TopDocs::with_limit(limit.max(1));
    let ranks = Arc::clone(values);
    // Best score first; equal scores (and browsing) by name.
    let by_score_then_name = top.tweak_score(move |segment: &SegmentReader| {
        let segment = ranks.segment(segment).ok();
        move |doc: DocId, score: Score| {
            let rank = segment.as_ref().map_or(u32::MAX, |s| s.name_rank(doc));
            (score, Reverse(rank))
        }
    });
    let facets = FacetCounter {
        values: Arc::clone(values),
    };
    let (total, facets, top) =
        searcher.search(&prepared.query, &(Count, facets, by_score_then_name))?;
    let hits = top
        .into_iter()
        .map(|((score, _), address)| hit(searcher, fields, &prepared.terms, score, address))
        .collect::<Result<_, _>>()?;
    Ok(SearchResults {
        total: total as u64,
        hits,
        facets,
    })
}

fn first_text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|value| value.as_str().map(str::to_owned))
}

fn hit(
    searcher: &Searcher,
    fields: &Fields,
    terms: &[String],
    score: f32,
    address: DocAddress,
) -> Result<SearchHit, IndexError> {
    let doc: TantivyDocument = searcher.doc(address)?;
    let name = first_text(&doc, fields.name).unwrap_or_default();
    let kind = first_text(&doc, fields.kind)
        .and_then(|kind| Kind::parse(&kind))
        .unwrap_or(Kind::Product);
    Ok(SearchHit {
        kind,
        id: first_text(&doc, fields.id).unwrap_or_default(),
        matched: matched_words(searcher, fields, terms, &name, address)?,
        name,
        domain: first_text(&doc, fields.domain),
        team: first_text(&doc, fields.team),
        status: first_text(&doc, fields.status),
        score,
    })
}

/// The name words each term matched (exactly, as a prefix or within typo
/// distance), else the term itself when another field of the doc holds it.
fn matched_words(
    searcher: &Searcher,
    fields: &Fields,
    terms: &[String],
    name: &str,
    address: DocAddress,
) -> Result<Vec<String>, IndexError> {
    let name_words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut matched: Vec<String> = Vec::new();
    for term in terms {
        let in_name: Vec<&String> = name_words
            .iter()
            .filter(|word| word.starts_with(term.as_str()) || within_typos(term, word))
            .collect();
        let found: Vec<String> = if !in_name.is_empty() {
            in_name.into_iter().cloned().collect()
        } else if doc_has_term(searcher, &fields.other_text(), term, address)? {
            vec![term.clone()]
        } else {
            Vec::new()
        };
        for word in found {
            if !matched.contains(&word) {
                matched.push(word);
            }
        }
    }
    Ok(matched)
}

fn doc_has_term(
    searcher: &Searcher,
    fields: &[Field],
    term: &str,
    address: DocAddress,
) -> Result<bool, IndexError> {
    let segment = searcher.segment_reader(address.segment_ord);
    for &field in fields {
        let postings = segment.inverted_index(field)?.read_postings(
            &Term::from_field_text(field, term),
            IndexRecordOption::Basic,
        )?;
        if let Some(mut postings) = postings {
            // `seek` requires a target at or after the current doc.
            let found = if postings.doc() <= address.doc_id {
                postings.seek(address.doc_id)
            } else {
                postings.doc()
            };
            if found != TERMINATED && found == address.doc_id {
                return Ok(true);
            }
        }
    }
    Ok(false)
}
