//! RFC 8288 `Link` headers: the URL of the next page.

/// The target of the `rel="next"` link in a `Link` header value, if any
/// (`<https://host/api/dataproducts?p=2>; rel="next", <...>; rel="last"`).
/// The relation may be quoted or bare, and one of several (`rel="next last"`).
pub fn next_link(header: &str) -> Option<String> {
    split_links(header).into_iter().find_map(|link| {
        let (target, params) = link.trim().split_once('>')?;
        let target = target.trim().strip_prefix('<')?;
        let is_next = params.split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        is_next.then(|| target.to_owned())
    })
}

/// Splits on the commas between links, not those inside `<...>` or quotes.
fn split_links(header: &str) -> Vec<&str> {
    let mut links = Vec::new();
    let (mut start, mut in_target, mut in_quotes) = (0, false, false);
    for (i, c) in header.char_indices() {
        match c {
            '<' if !in_quotes => in_target = true,
            '>' if !in_quotes => in_target = false,
            '"' if !in_target => in_quotes = !in_quotes,
            ',' if !in_target && !in_quotes => {
                links.push(&header[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    links.push(&header[start..]);
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_next_page_among_several_links() {
        let header = r#"<https://h/api/dataproducts?p=0>; rel="first", <https://h/api/dataproducts?p=2>; rel="next", <https://h/api/dataproducts?p=9>; rel="last""#;
        assert_eq!(
            next_link(header).as_deref(),
            Some("https://h/api/dataproducts?p=2")
        );
    }

    #[test]
    fn bare_and_multiple_relations_and_commas_in_urls() {
        assert_eq!(
            next_link("<https://h/x?a=1,2>; rel=next").as_deref(),
            Some("https://h/x?a=1,2")
        );
        assert_eq!(
            next_link(r#"<https://h/p3>; title="a, b"; rel="next last""#).as_deref(),
            Some("https://h/p3")
        );
    }

    #[test]
    fn no_next_link_is_the_last_page() {
        assert_eq!(next_link(r#"<https://h/p1>; rel="prev""#), None);
        assert_eq!(next_link(""), None);
        assert_eq!(next_link("garbage; rel=next"), None);
    }
}
