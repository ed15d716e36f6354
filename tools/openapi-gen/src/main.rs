//! `openapi-gen`: a starting `#[derive(ApiError)]` declaration from a vendor's
//! OpenAPI document, written to standard output. It reads the document with the
//! derive's own reader, so what it writes passes the derive's `openapi` check.
//!
//! ```text
//! openapi-gen DOCUMENT [--enum NAME] [--vendor NAME] [--code /error/code]
//!             [--attr-path PATH] [--operations a,b] [--tags a,b] [--paths /a,/b]
//! ```

#![forbid(unsafe_code)]

// The derive's reader and names, compiled here too: a proc-macro crate exports
// nothing else, and one reader keeps the generator and the check in agreement.
#[path = "../../../macros/src/openapi/document.rs"]
mod document;
#[path = "../../../macros/src/openapi/names.rs"]
mod names;
mod render;

use std::path::Path;
use std::process::ExitCode;

use render::Options;

const USAGE: &str =
    "usage: openapi-gen DOCUMENT [--enum NAME] [--vendor NAME] [--code /error/code] \
     [--attr-path PATH] [--operations a,b] [--tags a,b] [--paths /a,/b]";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(source) => {
            print!("{source}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("openapi-gen: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<String, String> {
    let mut document = None;
    let mut options = Options::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if !arg.starts_with("--") {
            if document.replace(arg).is_some() {
                return Err(format!("one document at a time\n{USAGE}"));
            }
            continue;
        }
        let value = args
            .next()
            .ok_or_else(|| format!("`{arg}` needs a value\n{USAGE}"))?;
        let list = || value.split(',').map(str::to_owned).collect::<Vec<_>>();
        match arg.as_str() {
            "--enum" => options.enum_name = Some(value),
            "--vendor" => options.vendor = Some(value),
            "--code" => options.code = Some(value),
            "--attr-path" => options.attr_path = Some(value),
            "--operations" => options.operations = list(),
            "--tags" => options.tags = list(),
            "--paths" => options.paths = list(),
            _ => return Err(format!("unknown option `{arg}`\n{USAGE}")),
        }
    }
    let document = document.ok_or_else(|| USAGE.to_owned())?;
    let parsed = document::Document::read(Path::new(&document), true)
        .map_err(|sentence| format!("the OpenAPI document `{document}`: {sentence}"))?;
    // A declaration that left out a path's operations would pass a check that
    // cannot see them either.
    if let Some((_, error)) = parsed
        .unresolved
        .iter()
        .find(|(path, _)| options.paths.is_empty() || options.paths.contains(path))
    {
        return Err(format!("the OpenAPI document `{document}`: {error}"));
    }
    Ok(render::declaration(&parsed, &document, &options))
}
