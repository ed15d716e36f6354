//! "Did you mean" for misspelt keys and values.

use quote::ToTokens;
use syn::ext::IdentExt;
use syn::Path;

/// A key as its writer spelt it: `r#type` is `type`, and a path stays a path.
pub fn key_name(path: &Path) -> String {
    match path.get_ident() {
        Some(ident) => ident.unraw().to_string(),
        None => path.to_token_stream().to_string().replace(' ', ""),
    }
}

pub fn unknown_key(path: &Path, known: &[&str], place: &str) -> syn::Error {
    let name = key_name(path);
    let message = match closest(&name, known) {
        Some(close) => format!("unknown key `{name}` in {place}; did you mean `{close}`?"),
        None => format!(
            "unknown key `{name}` in {place}; expected one of {}",
            listed(known.iter().copied())
        ),
    };
    syn::Error::new_spanned(path, message)
}

/// The first known name within two edits, close enough to be a typo.
pub fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .copied()
        .find(|known| edit_distance(name, known) <= 2)
}

/// `` `a`, `b`, `c` ``.
pub fn listed<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Levenshtein distance.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}
