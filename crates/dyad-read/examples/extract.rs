//! Prints the article text dyad-read extracts from a file, or with `--json`
//! the whole `Doc` (meta and paragraphs) as JSON. Used by scripts/html_benchmark.py.

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    // Only the text tables are needed; the others may be mid-edit.
    let lex = match dyad_lexicon::text::TextLexicon::load(&dyad_lexicon::Sources::builtin()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("lexicon: {e}");
            std::process::exit(2);
        }
    };
    let mut status = 0;
    for f in args.iter().filter(|a| !a.starts_with("--")) {
        let p = Path::new(f);
        let name = p.file_stem().and_then(|s| s.to_str()).unwrap_or("-");
        let bytes = match std::fs::read(p) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{f}: {e}");
                status = 1;
                continue;
            }
        };
        match dyad_read::read_document(name, Some(p), &bytes, &lex, &Default::default()) {
            Ok(doc) if json => match serde_json::to_string(&doc) {
                Ok(s) => println!("{s}"),
                Err(e) => eprintln!("{f}: {e}"),
            },
            Ok(doc) => println!("{}", doc.text),
            Err(e) => {
                eprintln!("{e}");
                status = 1;
            }
        }
    }
    std::process::exit(status);
}
