//! Reads input: decodes bytes, cleans plain text, extracts the article from
//! HTML, finds metadata.
//!
//! The pipeline calls [`read_document`] once per input and gets a
//! [`dyad_doc::Doc`] with `text`, `paragraphs` and `meta` filled in. What
//! counts as page furniture (skip links, share prompts, comment forms, photo
//! credits, bylines, trailing blocks, HTML class names of chrome) is data in
//! `lexicon/furniture.tsv`; this crate holds the mechanisms that apply it.

mod assemble;
mod date;
mod decode;
mod html;
mod rules;
mod text;

pub use date::parse_date_string;

use dyad_doc::{Doc, DocMeta, PublishedBasis, SourceFormat};
use dyad_lexicon::text::TextLexicon;
use std::path::{Path, PathBuf};

/// Limits for reading one input.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Inputs larger than this are refused before decoding (default 20 MiB).
    pub max_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: 20 * 1024 * 1024,
        }
    }
}

/// The format of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
}

/// Why an input could not be read. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{file}: not text (neither UTF-8 nor a plausible windows-1252 text)")]
    NotText { file: String },
    #[error("{file}: binary data (NUL bytes or control characters), not an article")]
    Binary { file: String },
    #[error("{file}: empty (no text)")]
    Empty { file: String },
    #[error("{file}: too large ({size} bytes, the limit is {limit})")]
    TooLarge {
        file: String,
        size: usize,
        limit: usize,
    },
    #[error("{file}: no article text found in the page")]
    NoArticleText { file: String },
    #[error("{file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

const HTML_EXTENSIONS: &[&str] = &["html", "htm", "xhtml"];
// Markdown (.md) is left out of folder walks: in a folder of articles it is
// the folder's README, not an article. Name a .md file directly to ingest it.
const TEXT_EXTENSIONS: &[&str] = &["txt", "text"];

fn extension(p: &Path) -> Option<String> {
    p.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// True when the start of `head` (ASCII case-insensitive, after whitespace)
/// looks like an HTML document.
fn sniff_html(head: &str) -> bool {
    let mut end = head.len().min(1024);
    while end > 0 && !head.is_char_boundary(end) {
        end -= 1;
    }
    let start = head
        .get(..end)
        .unwrap_or("")
        .trim_start()
        .to_ascii_lowercase();
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.contains("<!doctype html")
        || start.contains("<html")
}

/// Detects the format from the extension, else from the content.
pub fn detect_format(path_hint: Option<&Path>, bytes: &[u8]) -> Format {
    if let Some(ext) = path_hint.and_then(extension) {
        if HTML_EXTENSIONS.contains(&ext.as_str()) {
            return Format::Html;
        }
    }
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or(bytes);
    if sniff_html(&String::from_utf8_lossy(head)) {
        Format::Html
    } else {
        Format::Text
    }
}

/// Reads one input: decodes bytes, detects format, cleans text or extracts
/// the article from HTML, finds metadata.
///
/// `name` is the document name (file stem, or "-" for stdin); `path_hint`
/// is used for extension sniffing and error messages.
pub fn read_document(
    name: &str,
    path_hint: Option<&Path>,
    bytes: &[u8],
    lex: &TextLexicon,
    opts: &ReadOptions,
) -> Result<Doc, ReadError> {
    let file = path_hint
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| name.to_string());
    if bytes.len() > opts.max_bytes {
        return Err(ReadError::TooLarge {
            file,
            size: bytes.len(),
            limit: opts.max_bytes,
        });
    }
    let (decoded, format) = match decode::decode_bom(bytes) {
        Some(s) => {
            let ext_html = path_hint
                .and_then(extension)
                .is_some_and(|e| HTML_EXTENSIONS.contains(&e.as_str()));
            let f = if ext_html || sniff_html(&s) {
                Format::Html
            } else {
                Format::Text
            };
            if s.contains('\0') {
                return Err(ReadError::Binary { file });
            }
            (s, f)
        }
        None => {
            let format = detect_format(path_hint, bytes);
            let s = decode::decode(bytes, format == Format::Html).map_err(|e| match e {
                decode::DecodeError::Binary => ReadError::Binary { file: file.clone() },
                decode::DecodeError::NotText => ReadError::NotText { file: file.clone() },
            })?;
            (s, format)
        }
    };
    let decoded = decode::normalise_newlines(decoded);
    if decoded.trim().is_empty() {
        return Err(ReadError::Empty { file });
    }
    let rules = rules::Rules::new(lex);
    let (blocks, meta) = match format {
        Format::Text => {
            let (blocks, tm) = text::clean_text(&decoded, &rules);
            let meta = DocMeta {
                title: tm.title,
                author: tm.author,
                published_basis: if tm.published.is_some() {
                    PublishedBasis::Stated
                } else {
                    PublishedBasis::Unknown
                },
                published: tm.published,
                format: SourceFormat::Text,
                ..Default::default()
            };
            (blocks, meta)
        }
        Format::Html => {
            let (blocks, hm) = html::extract(&decoded, &rules);
            let meta = DocMeta {
                title: hm.title,
                author: hm.author,
                published_basis: if hm.published.is_some() {
                    hm.basis
                } else {
                    PublishedBasis::Unknown
                },
                published: hm.published,
                site_name: hm.site_name,
                url: hm.url,
                format: SourceFormat::Html,
            };
            (blocks, meta)
        }
    };
    let blocks = assemble::drop_repeats(blocks);
    let (text, paragraphs) = assemble::join(&blocks);
    if text.trim().is_empty() {
        return Err(match format {
            Format::Html => ReadError::NoArticleText { file },
            Format::Text => ReadError::Empty { file },
        });
    }
    let mut doc = Doc::new(name, text, meta);
    doc.path = path_hint.map(|p| p.display().to_string());
    doc.paragraphs = paragraphs;
    Ok(doc)
}

fn is_article_file(p: &Path) -> bool {
    match extension(p) {
        None => true,
        Some(e) => HTML_EXTENSIONS.contains(&e.as_str()) || TEXT_EXTENSIONS.contains(&e.as_str()),
    }
}

fn is_hidden(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// What a walk over the input paths found: the article files, in order,
/// and every entry it passed over with the reason.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    /// Entries not read, each with a reason: a special file (a FIFO, socket
    /// or device) found in a folder, a folder that cannot be read, a link
    /// back into a folder already walked.
    pub skipped: Vec<(PathBuf, String)>,
    /// Files left out by their extension (images, Markdown, ...): listed so
    /// a summary can say so, but not errors.
    pub other_kinds: Vec<PathBuf>,
}

/// Lists the input files under the given paths: files as given, folders
/// recursively (sorted, deterministic), skipping hidden files and
/// non-article extensions (keeps .txt .text .html .htm .xhtml and
/// extension-less files).
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ReadError> {
    Ok(walk_inputs(paths)?.files)
}

/// The identity of a folder on its device, so that a link cycle is walked
/// once.
#[cfg(unix)]
fn folder_id(md: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((md.dev(), md.ino()))
}

#[cfg(not(unix))]
fn folder_id(_md: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// Walks the input paths (see [`collect_inputs`]). A path that does not
/// exist is an error; inside folders nothing stops the walk: each folder is
/// read once however many links lead to it, special files are passed over
/// (reading a FIFO would wait for ever) and an unreadable folder is
/// reported and skipped.
pub fn walk_inputs(paths: &[PathBuf]) -> Result<Walk, ReadError> {
    let io = |p: &Path, e: std::io::Error| ReadError::Io {
        file: p.display().to_string(),
        source: e,
    };
    let mut walk = Walk::default();
    let mut seen_folders: std::collections::HashSet<(u64, u64)> = Default::default();
    for p in paths {
        let md = std::fs::metadata(p).map_err(|e| io(p, e))?;
        if !md.is_dir() {
            // Named explicitly: read as given (a FIFO too).
            walk.files.push(p.clone());
            continue;
        }
        // Depth-first over folders, without recursion, each folder sorted.
        let mut dirs = vec![(p.clone(), md)];
        let mut files = Vec::new();
        while let Some((d, md)) = dirs.pop() {
            if let Some(id) = folder_id(&md) {
                if !seen_folders.insert(id) {
                    walk.skipped
                        .push((d, "a folder already read (a link leads back to it)".into()));
                    continue;
                }
            }
            let entries = match std::fs::read_dir(&d) {
                Ok(rd) => rd,
                Err(e) => {
                    walk.skipped
                        .push((d, format!("cannot read the folder: {e}")));
                    continue;
                }
            };
            let mut entries: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| !is_hidden(p))
                .collect();
            entries.sort();
            for e in entries {
                let md = match std::fs::metadata(&e) {
                    Ok(md) => md,
                    Err(err) => {
                        walk.skipped.push((e, format!("cannot read: {err}")));
                        continue;
                    }
                };
                if md.is_dir() {
                    dirs.push((e, md));
                } else if !md.is_file() {
                    walk.skipped
                        .push((e, "not a regular file (a FIFO, socket or device)".into()));
                } else if is_article_file(&e) {
                    files.push(e);
                } else {
                    walk.other_kinds.push(e);
                }
            }
        }
        files.sort();
        walk.files.extend(files);
    }
    Ok(walk)
}
