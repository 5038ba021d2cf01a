//! Stage 0: bytes of a file -> text, or a clear error.
//!
//! Input: the bytes of one file as given. Output: a [`Source`]: its name
//! and its text as UTF-8, with a map back to the file's bytes when the text
//! had to be decoded (UTF-16 with a byte-order mark) or a UTF-8 BOM was
//! skipped. A PDF file (known by its first bytes, whatever its name) is read
//! by [`crate::pdf`]: its text is what the pipeline reads and spans point
//! into it, and the source knows where each page starts. Empty files,
//! binary files, invalid UTF-8, unreadable PDFs and files over the size
//! limit are [`InputError`]s that say where the problem is.

use std::path::Path;

/// Largest input accepted by default (bytes).
pub const DEFAULT_MAX_BYTES: usize = 16 * 1024 * 1024;

/// A document's text and where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file name as given (or `-` for standard input).
    pub name: String,
    pub text: String,
    /// For decoded text: file offset of each text byte (plus one past the
    /// end). `None` when text offsets are file offsets plus `shift`.
    map: Option<Vec<u32>>,
    shift: usize,
    /// Size of the file in bytes.
    pub file_len: usize,
    /// For a PDF: the text offset where each page starts (page 1 first).
    /// Empty for text.
    pub pages: Vec<usize>,
    /// What the reader noticed about the file, as (code, message): a Word
    /// file's tracked changes. Extraction reports them as diagnostics.
    pub notes: Vec<(String, String)>,
}

/// Why a file cannot be read as a resolution.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("{name}: cannot read the file: {message}")]
    Unreadable { name: String, message: String },
    #[error("{name}: the file is empty")]
    Empty { name: String },
    #[error("{name}: the input is {}over the limit of {limit} bytes (--max-bytes)", size.map(|s| format!("{s} bytes, ")).unwrap_or_default())]
    TooLarge {
        name: String,
        /// The size, when it is known (a regular file's); a stream is
        /// read only up to the limit.
        size: Option<u64>,
        limit: usize,
    },
    #[error("{name}: this looks like a binary file (a NUL byte at byte {offset}), not text")]
    Binary { name: String, offset: usize },
    #[error("{name}: not valid UTF-8 at line {line}, column {column} (byte {offset})")]
    NotUtf8 {
        name: String,
        offset: usize,
        line: usize,
        column: usize,
    },
    #[error("{name}: broken UTF-16 text at byte {offset}")]
    BadUtf16 { name: String, offset: usize },
    #[error("{name}: the file holds only white space")]
    Blank { name: String },
    #[error("{name}: the PDF is encrypted; save an unprotected copy and read that")]
    PdfEncrypted { name: String },
    #[error(
        "{name}: the PDF's {pages} page(s) hold no text (a scan?); run it through OCR (e.g. `ocrmypdf`) and read the result"
    )]
    PdfNoText { name: String, pages: usize },
    #[error("{name}: cannot read the Word file: {message}")]
    Docx { name: String, message: String },
    #[error("{name}: cannot read the PDF: {message}")]
    PdfBroken { name: String, message: String },
    #[error("{name}: reading the PDF took longer than {secs} s; the file may be damaged")]
    PdfTimedOut { name: String, secs: u64 },
}

impl Source {
    /// Reads and decodes a file; `-` is standard input. At most `limit`
    /// bytes are read from anything (a regular file, a device, a pipe), so
    /// an endless input is refused rather than read into memory.
    pub fn read(path: &Path, limit: usize) -> Result<Source, InputError> {
        Source::read_tracked(path, limit, crate::docx::Tracked::Accept)
    }

    /// As [`Source::read`], reading a Word file's tracked changes as
    /// `tracked` says.
    pub fn read_tracked(
        path: &Path,
        limit: usize,
        tracked: crate::docx::Tracked,
    ) -> Result<Source, InputError> {
        if path.as_os_str() == "-" {
            return Source::read_from("-".into(), std::io::stdin().lock(), limit);
        }
        let name = path.display().to_string();
        let unreadable = |e: std::io::Error| InputError::Unreadable {
            name: name.clone(),
            message: e.to_string(),
        };
        let meta = std::fs::metadata(path).map_err(unreadable)?;
        if meta.is_dir() {
            return Err(InputError::Unreadable {
                name,
                message: "it is a folder".into(),
            });
        }
        if meta.is_file() && meta.len() > limit as u64 {
            return Err(InputError::TooLarge {
                name,
                size: Some(meta.len()),
                limit,
            });
        }
        let file = std::fs::File::open(path).map_err(unreadable)?;
        // The buffer is made at the file's size, and one byte more (the
        // read that finds the end): it never grows.
        let size = if meta.is_file() {
            meta.len() as usize + 1
        } else {
            0
        };
        Source::read_from_tracked(name, file, size, limit, tracked)
    }

    /// Reads at most `limit` bytes from `reader` and decodes them.
    pub fn read_from(
        name: String,
        reader: impl std::io::Read,
        limit: usize,
    ) -> Result<Source, InputError> {
        Source::read_from_tracked(name, reader, 0, limit, crate::docx::Tracked::Accept)
    }

    /// Reads as [`Source::read_from`] into a buffer made at `size` bytes.
    fn read_from_tracked(
        name: String,
        reader: impl std::io::Read,
        size: usize,
        limit: usize,
        tracked: crate::docx::Tracked,
    ) -> Result<Source, InputError> {
        use std::io::Read as _;
        let mut bytes = Vec::with_capacity(size.min(limit.saturating_add(1)));
        if let Err(e) = reader.take(limit as u64 + 1).read_to_end(&mut bytes) {
            return Err(InputError::Unreadable {
                name,
                message: e.to_string(),
            });
        }
        if bytes.len() > limit {
            // Only the first `limit + 1` bytes were read: the size is unknown.
            return Err(InputError::TooLarge {
                name,
                size: None,
                limit,
            });
        }
        Source::from_bytes_tracked(name, bytes, limit, tracked)
    }

    /// Decodes bytes already read.
    pub fn from_bytes(name: String, bytes: Vec<u8>, limit: usize) -> Result<Source, InputError> {
        Source::from_bytes_tracked(name, bytes, limit, crate::docx::Tracked::Accept)
    }

    /// As [`Source::from_bytes`], reading a Word file's tracked changes as
    /// `tracked` says.
    pub fn from_bytes_tracked(
        name: String,
        bytes: Vec<u8>,
        limit: usize,
        tracked: crate::docx::Tracked,
    ) -> Result<Source, InputError> {
        let file_len = bytes.len();
        if bytes.is_empty() {
            return Err(InputError::Empty { name });
        }
        if file_len > limit {
            return Err(InputError::TooLarge {
                name,
                size: Some(file_len as u64),
                limit,
            });
        }
        if bytes.starts_with(b"%PDF-") {
            return Source::from_pdf(name, bytes);
        }
        if bytes.starts_with(b"PK\x03\x04") {
            return Source::from_docx(name, &bytes, tracked);
        }
        let src = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            decode_utf16(name, &bytes)?
        } else {
            let shift = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
                3
            } else {
                0
            };
            if let Some(offset) = memchr::memchr(0, &bytes) {
                return Err(InputError::Binary { name, offset });
            }
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    let offset = e.utf8_error().valid_up_to();
                    let bytes = e.into_bytes();
                    let before = &bytes[..offset];
                    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
                    let line_start = before
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |p| p + 1);
                    let column = String::from_utf8_lossy(&before[line_start..])
                        .chars()
                        .count()
                        + 1;
                    return Err(InputError::NotUtf8 {
                        name,
                        offset,
                        line,
                        column,
                    });
                }
            };
            let text = if shift > 0 {
                text[shift..].to_string()
            } else {
                text
            };
            Source {
                name,
                text,
                map: None,
                shift,
                file_len,
                pages: Vec::new(),
                notes: Vec::new(),
            }
        };
        if src.text.trim().is_empty() {
            return Err(InputError::Blank { name: src.name });
        }
        Ok(src)
    }

    /// Reads the text of a PDF ([`crate::pdf`]).
    fn from_pdf(name: String, bytes: Vec<u8>) -> Result<Source, InputError> {
        use crate::pdf::PdfError;
        let file_len = bytes.len();
        match crate::pdf::read(bytes) {
            Ok(t) => Ok(Source {
                name,
                file_len: t.text.len(),
                text: t.text,
                map: None,
                shift: 0,
                pages: t.pages,
                notes: Vec::new(),
            }),
            Err(PdfError::Encrypted) => Err(InputError::PdfEncrypted { name }),
            Err(PdfError::NoText { pages }) => Err(InputError::PdfNoText { name, pages }),
            Err(PdfError::Broken(message)) => Err(InputError::PdfBroken {
                name,
                message: format!("{message} ({file_len} bytes)"),
            }),
            Err(PdfError::TimedOut) => Err(InputError::PdfTimedOut {
                name,
                secs: crate::pdf::TIME_LIMIT.as_secs(),
            }),
        }
    }

    /// Reads the text of a Word file ([`crate::docx`]).
    fn from_docx(
        name: String,
        bytes: &[u8],
        tracked: crate::docx::Tracked,
    ) -> Result<Source, InputError> {
        let t = crate::docx::read(bytes, tracked).map_err(|message| InputError::Docx {
            name: name.clone(),
            message,
        })?;
        if t.text.trim().is_empty() {
            return Err(InputError::Blank { name });
        }
        let mut src = Source::from_text(name, t.text);
        if t.tracked_changes {
            src.notes.push((
                "tracked-changes".into(),
                match tracked {
                    crate::docx::Tracked::Accept => {
                        "the file has tracked changes; they are read as accepted (--original reads the text before them)"
                    }
                    crate::docx::Tracked::Original => {
                        "the file has tracked changes; the text before them is read (--original)"
                    }
                }
                .into(),
            ));
        }
        Ok(src)
    }

    /// The 1-based page of text offset `pos`, for a PDF.
    pub fn page_of(&self, pos: usize) -> Option<u32> {
        if self.pages.is_empty() {
            return None;
        }
        Some(self.pages.partition_point(|&p| p <= pos).max(1) as u32)
    }

    /// A source from text in memory (offsets are text offsets).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Source {
        let text = text.into();
        Source {
            name: name.into(),
            file_len: text.len(),
            text,
            map: None,
            shift: 0,
            pages: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The file offset of text offset `pos`.
    pub fn file_offset(&self, pos: usize) -> usize {
        match &self.map {
            Some(m) => m.get(pos).copied().map_or(self.file_len, |o| o as usize),
            None => pos + self.shift,
        }
    }

    /// 1-based line of text offset `pos`.
    pub fn line_of(&self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        self.text.as_bytes()[..pos]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }
}

fn decode_utf16(name: String, bytes: &[u8]) -> Result<Source, InputError> {
    let le = bytes.starts_with(&[0xFF, 0xFE]);
    let body = &bytes[2..];
    if !body.len().is_multiple_of(2) {
        return Err(InputError::BadUtf16 {
            name,
            offset: bytes.len() - 1,
        });
    }
    let units: Vec<u16> = body
        .chunks_exact(2)
        .map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        })
        .collect();
    let mut text = String::with_capacity(units.len());
    let mut map = Vec::with_capacity(units.len() + 1);
    let mut unit_index = 0usize;
    for r in char::decode_utf16(units.iter().copied()) {
        let file_off = 2 + unit_index * 2;
        match r {
            Ok(c) => {
                if c == '\0' {
                    return Err(InputError::Binary {
                        name,
                        offset: file_off,
                    });
                }
                for _ in 0..c.len_utf8() {
                    map.push(file_off as u32);
                }
                text.push(c);
                unit_index += c.len_utf16();
            }
            Err(_) => {
                return Err(InputError::BadUtf16 {
                    name,
                    offset: file_off,
                });
            }
        }
    }
    map.push(bytes.len() as u32);
    Ok(Source {
        name,
        text,
        map: Some(map),
        shift: 0,
        file_len: bytes.len(),
        pages: Vec::new(),
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(bytes: &[u8]) -> Result<Source, InputError> {
        Source::from_bytes("t.txt".into(), bytes.to_vec(), DEFAULT_MAX_BYTES)
    }

    #[test]
    fn rejects_bad_inputs_with_their_place() {
        assert!(matches!(src(b""), Err(InputError::Empty { .. })));
        assert!(matches!(src(b"  \n\n"), Err(InputError::Blank { .. })));
        assert!(matches!(
            src(b"ab\0cd"),
            Err(InputError::Binary { offset: 2, .. })
        ));
        match src(b"ok\nab\xffcd") {
            Err(InputError::NotUtf8 {
                line,
                column,
                offset,
                ..
            }) => {
                assert_eq!((line, column, offset), (2, 3, 5));
            }
            other => panic!("{other:?}"),
        }
        let big = vec![b'a'; 10];
        assert!(matches!(
            Source::from_bytes("t".into(), big, 5),
            Err(InputError::TooLarge { .. })
        ));
    }

    #[test]
    fn decodes_utf16_and_maps_offsets() {
        let mut b = vec![0xFF, 0xFE];
        for u in "Hé\n".encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        let s = src(&b).unwrap();
        assert_eq!(s.text, "Hé\n");
        assert_eq!(s.file_offset(0), 2);
        assert_eq!(s.file_offset(1), 4);
        assert_eq!(s.file_offset(3), 6);
        assert_eq!(s.file_offset(s.text.len()), b.len());
    }

    #[test]
    fn skips_utf8_bom() {
        let s = src(b"\xEF\xBB\xBFabc").unwrap();
        assert_eq!(s.text, "abc");
        assert_eq!(s.file_offset(0), 3);
    }
}
