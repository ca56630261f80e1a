//! The PDF file's bytes: every object that is not a stream is written into
//! compressed object streams, built and compressed in parallel; streams are
//! written as they are; one compressed cross-reference stream lists them all
//! (PDF 1.5). Objects may come as lopdf objects or as bytes already written
//! (the structure tree's, about 40,000 at a thousand pages, never made into
//! lopdf dictionaries). lopdf's own writer clones every object, builds its
//! object streams one after another, and cannot list objects handed to it
//! already packed. This module writes bytes only: it decides nothing that an
//! object says, and its output depends on nothing but its input.

use std::io::Write;

use lopdf::{Dictionary, Document, Object, StringFormat};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

/// An object already written: its number and its bytes (generation 0, as
/// every object of a new document).
pub type Packed = (u32, Vec<u8>);

/// Objects per object stream: larger streams compress a little better, and
/// a reader decompresses a whole stream to reach one object in it.
const OBJECTS_PER_STREAM: usize = 200;
// An object's index in its stream is a two-byte field of the cross-reference stream.
const _: () = assert!(OBJECTS_PER_STREAM <= 0xffff);

/// The file of `pdf`'s objects and `packed` (numbered in `pdf`'s range,
/// none of them in `pdf.objects`), with `pdf`'s version, binary mark and
/// trailer (Root, Info, ID).
pub fn write(pdf: &Document, mut packed: Vec<Packed>, compression: u32) -> Vec<u8> {
    // Streams, and objects of another generation than 0, may not be in an
    // object stream.
    let (direct, objects): (Vec<_>, Vec<_>) =
        pdf.objects.iter().partition(|((_, generation), object)| {
            *generation != 0 || matches!(object, Object::Stream(_))
        });
    packed.par_extend(objects.into_par_iter().map(|(&(id, _), object)| {
        let mut bytes = Vec::new();
        write_object(&mut bytes, object);
        (id, bytes)
    }));
    packed.par_sort_unstable_by_key(|(id, _)| *id);
    let object_streams: Vec<(Vec<u8>, Vec<u8>)> = packed
        .par_chunks(OBJECTS_PER_STREAM)
        .map(|chunk| object_stream(chunk, compression))
        .collect();

    let direct_bytes: usize = direct
        .iter()
        .map(|(_, object)| object.as_stream().map_or(0, |s| s.content.len()) + 128)
        .sum();
    let packed_bytes: usize = object_streams.iter().map(|(_, s)| s.len() + 128).sum();
    let mut out = Vec::with_capacity(direct_bytes + packed_bytes + 7 * packed.len() + 4096);
    write!(out, "%PDF-{}\n%", pdf.version).ok();
    out.extend_from_slice(&pdf.binary_mark);
    out.push(b'\n');
    let first_stream_id = pdf.max_id + 1;
    let xref_id = first_stream_id + object_streams.len() as u32;
    let mut xref = vec![Entry::Free; xref_id as usize + 1];
    for (&(id, generation), object) in direct {
        xref[id as usize] = Entry::At(out.len(), generation);
        writeln!(out, "{id} {generation} obj").ok();
        write_object(&mut out, object);
        match object {
            Object::Stream(stream) => write_stream_body(&mut out, &stream.content),
            _ => out.extend_from_slice(b"\nendobj\n"),
        }
    }
    for (k, (chunk, (header, content))) in packed
        .chunks(OBJECTS_PER_STREAM)
        .zip(&object_streams)
        .enumerate()
    {
        let stream_id = first_stream_id + k as u32;
        for (index, (id, _)) in chunk.iter().enumerate() {
            xref[*id as usize] = Entry::In(stream_id, index);
        }
        xref[stream_id as usize] = Entry::At(out.len(), 0);
        write!(
            out,
            "{stream_id} 0 obj\n<</Type/ObjStm/N {}/First {}/Filter/FlateDecode/Length {}>>",
            chunk.len(),
            header.len(),
            content.len()
        )
        .ok();
        write_stream_body(&mut out, content);
    }
    xref[xref_id as usize] = Entry::At(out.len(), 0);
    write_xref_stream(&mut out, pdf, &xref, xref_id, compression);
    out
}

/// Where an object is: nowhere (a free number), at a byte offset of the
/// file (with its generation), or the `n`th object of an object stream.
#[derive(Clone, Copy)]
enum Entry {
    Free,
    At(usize, u16),
    In(u32, usize),
}

fn write_stream_body(out: &mut Vec<u8>, content: &[u8]) {
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(content);
    out.extend_from_slice(b"\nendstream\nendobj\n");
}

/// One object stream of `chunk`: its header (each object's number and
/// offset) and its compressed content (the header, then the objects).
fn object_stream(chunk: &[Packed], compression: u32) -> (Vec<u8>, Vec<u8>) {
    let mut header = Vec::with_capacity(chunk.len() * 12);
    let mut offset = 0;
    for (id, bytes) in chunk {
        write!(header, "{id} {offset} ").ok();
        offset += bytes.len() + 1;
    }
    let mut plain = header.clone();
    plain.reserve(offset);
    for (_, bytes) in chunk {
        plain.extend_from_slice(bytes);
        plain.push(b'\n');
    }
    (header, compress(&plain, compression))
}

/// `plain` deflated (zlib, for /FlateDecode) at `level`.
pub fn compress(plain: &[u8], level: u32) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(plain.len() / 4),
        flate2::Compression::new(level),
    );
    // Writing to a Vec cannot fail.
    encoder.write_all(plain).ok();
    encoder.finish().unwrap_or_default()
}

/// The cross-reference stream (object `id`, the file's last), then
/// `startxref` and the end-of-file marker. The middle field is as wide as
/// the largest offset needs; the last holds an index in an object stream or
/// a generation (65535 for object 0, the head of the free list).
fn write_xref_stream(out: &mut Vec<u8>, pdf: &Document, xref: &[Entry], id: u32, compression: u32) {
    let start = out.len();
    let largest = xref
        .iter()
        .map(|entry| match *entry {
            Entry::Free => 0,
            Entry::At(offset, _) => offset,
            Entry::In(stream, _) => stream as usize,
        })
        .max()
        .unwrap_or(0);
    let bytes = (usize::BITS - largest.leading_zeros()).div_ceil(8).max(1) as usize;
    let widths = [1, bytes, 2];
    let mut rows = Vec::with_capacity(xref.len() * widths.iter().sum::<usize>());
    let mut field = |value: usize, width: usize| {
        rows.extend_from_slice(&value.to_be_bytes()[std::mem::size_of::<usize>() - width..]);
    };
    for (n, entry) in xref.iter().enumerate() {
        let (kind, a, b) = match *entry {
            // Object 0 heads the free list with generation 65535, as ever.
            Entry::Free if n == 0 => (0, 0, 0xffff),
            Entry::Free => (0, 0, 0),
            Entry::At(offset, generation) => (1, offset, usize::from(generation)),
            Entry::In(stream, index) => (2, stream as usize, index),
        };
        field(kind, widths[0]);
        field(a, widths[1]);
        field(b, widths[2]);
    }
    let rows = compress(&rows, compression);
    let mut dict = Dictionary::new();
    for key in [b"Root".as_slice(), b"Info", b"ID"] {
        if let Ok(value) = pdf.trailer.get(key) {
            dict.set(key, value.clone());
        }
    }
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", Object::Integer(i64::from(id) + 1));
    dict.set(
        "W",
        Object::Array(widths.iter().map(|&w| Object::Integer(w as i64)).collect()),
    );
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    dict.set("Length", Object::Integer(rows.len() as i64));
    writeln!(out, "{id} 0 obj").ok();
    write_dictionary(out, &dict);
    write_stream_body(out, &rows);
    write!(out, "startxref\n{start}\n%%EOF\n").ok();
}

/// `object` in PDF syntax, as lopdf writes it (a stream's dictionary only;
/// streams are never inside another object).
pub fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(n) => {
            write!(out, "{n}").ok();
        }
        Object::Real(x) => write_real(out, *x),
        Object::Name(name) => write_name(out, name),
        Object::String(bytes, StringFormat::Literal) => write_literal(out, bytes),
        Object::String(bytes, StringFormat::Hexadecimal) => write_hex(out, bytes),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && needs_space(item) {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict),
        Object::Stream(stream) => write_dictionary(out, &stream.dict),
        Object::Reference((id, generation)) => {
            write!(out, "{id} {generation} R").ok();
        }
    }
}

/// Whether `object` must be parted by a space from what precedes it (it
/// starts with a regular character, not a delimiter).
fn needs_space(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict {
        write_name(out, key);
        if needs_space(value) {
            out.push(b' ');
        }
        write_object(out, value);
    }
    out.extend_from_slice(b">>");
}

pub fn write_real(out: &mut Vec<u8>, x: f32) {
    write!(out, "{x}").ok();
}

/// A name, with white space, delimiters, `#` and bytes outside `!`–`~` as
/// `#xx`.
pub fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        if b"()<>[]{}/%#".contains(&byte) || !(33..=126).contains(&byte) {
            write!(out, "#{byte:02X}").ok();
        } else {
            out.push(byte);
        }
    }
}

/// A literal string, every parenthesis, backslash and carriage return escaped.
pub fn write_literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &byte in bytes {
        match byte {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(byte),
        }
    }
    out.push(b')');
}

pub fn write_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'<');
    for byte in bytes {
        write!(out, "{byte:02X}").ok();
    }
    out.push(b'>');
}

/// A PDF text string: plain when ASCII, else UTF-16BE with its byte-order mark.
pub fn text_string(text: &str) -> lopdf::Object {
    if text.is_ascii() {
        return lopdf::Object::string_literal(text);
    }
    let mut bytes = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// A SHA-256 of `parts` (each ended by a NUL): what the document ID and the
/// fonts' subset tags are derived from, so they follow the input and never a
/// clock or a random source.
pub fn digest(parts: &[&str]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0u8]);
    }
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(object: &Object) -> String {
        let mut out = Vec::new();
        write_object(&mut out, object);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn objects_are_written_in_pdf_syntax() {
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Page".to_vec()));
        dict.set("N", Object::Integer(3));
        dict.set("P", Object::Reference((12, 0)));
        dict.set(
            "A",
            Object::Array(vec![
                Object::Real(1.5),
                Object::Integer(2),
                Object::Name(b"a b".to_vec()),
                Object::Null,
            ]),
        );
        dict.set("T", Object::string_literal("a (b) \\ c"));
        dict.set(
            "H",
            Object::String(vec![0xfe, 0xff], StringFormat::Hexadecimal),
        );
        assert_eq!(
            written(&Object::Dictionary(dict)),
            "<</Type/Page/N 3/P 12 0 R/A[1.5 2/a#20b null]/T(a \\(b\\) \\\\ c)/H<FEFF>>>"
        );
    }

    #[test]
    fn a_written_file_reads_back_with_its_packed_objects() {
        let mut pdf = Document::with_version("1.7");
        let pages = pdf.new_object_id();
        let page = pdf.new_object_id();
        let packed_id = pdf.new_object_id();
        let catalog = pdf.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(pages)),
            ("Extra", Object::Reference(packed_id)),
        ]));
        pdf.objects.insert(
            pages,
            Object::Dictionary(Dictionary::from_iter([
                ("Type", Object::Name(b"Pages".to_vec())),
                ("Kids", Object::Array(vec![Object::Reference(page)])),
                ("Count", Object::Integer(1)),
            ])),
        );
        let contents = pdf.add_object(lopdf::Stream::new(Dictionary::new(), b"q Q".to_vec()));
        pdf.objects.insert(
            page,
            Object::Dictionary(Dictionary::from_iter([
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", Object::Reference(pages)),
                ("Contents", Object::Reference(contents)),
            ])),
        );
        pdf.trailer.set("Root", Object::Reference(catalog));
        // An object of another generation is written outside the object streams.
        pdf.max_id += 1;
        let info = (pdf.max_id, 1);
        pdf.objects.insert(
            info,
            Object::Dictionary(Dictionary::from_iter([(
                "Title",
                Object::string_literal("T"),
            )])),
        );
        pdf.trailer.set("Info", Object::Reference(info));
        let packed = vec![(packed_id.0, b"<</Said(packed)>>".to_vec())];
        let bytes = write(&pdf, packed.clone(), 6);
        assert_eq!(bytes, write(&pdf, packed, 6), "deterministic");

        let read = Document::load_mem(&bytes).expect("the file parses");
        assert_eq!(read.get_pages().len(), 1);
        let extra = read.get_dictionary(packed_id).expect("the packed object");
        assert_eq!(
            extra.get(b"Said").and_then(Object::as_str).ok(),
            Some(b"packed".as_slice())
        );
        let page = read.get_dictionary(page).expect("the page");
        let contents = page
            .get(b"Contents")
            .and_then(Object::as_reference)
            .expect("contents");
        let stream = read.get_object(contents).and_then(Object::as_stream);
        assert_eq!(
            stream.map(|s| s.content.clone()).ok(),
            Some(b"q Q".to_vec())
        );
        let info = read
            .trailer
            .get(b"Info")
            .and_then(Object::as_reference)
            .and_then(|id| read.get_dictionary(id));
        let title = info.and_then(|d| d.get(b"Title")).and_then(Object::as_str);
        assert_eq!(title.ok(), Some(b"T".as_slice()));
    }
}
