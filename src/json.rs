//! JSON output, byte for byte as `serde_json` writes it, with strings
//! searched for the bytes to escape sixteen at a time.
//!
//! `serde_json` reads every byte of a string through a table before it
//! copies it; on a batch, whose output holds every paragraph's text, that
//! loop was the largest single cost. This serializer finds the bytes to
//! escape with the byte classes of `scan` and leaves every byte it
//! writes to `serde_json`'s own [`Formatter`]: punctuation, layout (compact
//! or pretty), numbers and each escape are `serde_json`'s code, so the two
//! give the same bytes, which the tests check on the whole corpus and on
//! generated values of every shape of serde's data model. Field and variant
//! names, most of the strings written, are searched once each.
//!
//! Map keys are written as `serde_json` writes them: strings, and
//! characters, unit variants, booleans and numbers in quotes (a float only
//! when finite), what an option or a newtype holds; any other key is the
//! same error.

use serde::Serialize;
use serde::ser::{self, Impossible};
use serde_json::Error;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter, PrettyFormatter};
use std::io;

type Result<T> = std::result::Result<T, Error>;

/// Writes `value` as compact JSON, as [`serde_json::to_writer`] does.
pub fn to_writer<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> Result<()> {
    value.serialize(&mut Serializer {
        writer,
        formatter: CompactFormatter,
        names: [(0, 0); NAMES],
    })
}

/// Writes `value` as indented JSON, as [`serde_json::to_writer_pretty`]
/// does.
pub fn to_writer_pretty<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> Result<()> {
    value.serialize(&mut Serializer {
        writer,
        formatter: PrettyFormatter::new(),
        names: [(0, 0); NAMES],
    })
}

/// How many names of fields and variants [`Serializer::name`] keeps.
const NAMES: usize = 64;

struct Serializer<W, F> {
    writer: W,
    formatter: F,
    /// Where each name found without a byte to escape lies, and its length,
    /// in a slot chosen by those.
    names: [(usize, usize); NAMES],
}

impl<W: io::Write, F: Formatter> Serializer<W, F> {
    /// `s` in quotes, each byte JSON does not allow in a string escaped.
    fn string(&mut self, s: &str) -> Result<()> {
        let (w, f) = (&mut self.writer, &mut self.formatter);
        f.begin_string(w).map_err(Error::io)?;
        let b = s.as_bytes();
        let mut from = 0;
        while let Some(k) = crate::scan::find(&b[from..], crate::scan::json_escaped) {
            let at = from + k;
            if at > from {
                f.write_string_fragment(w, &s[from..at])
                    .map_err(Error::io)?;
            }
            f.write_char_escape(w, escape(b[at])).map_err(Error::io)?;
            from = at + 1;
        }
        if from < b.len() {
            f.write_string_fragment(w, &s[from..]).map_err(Error::io)?;
        }
        f.end_string(w).map_err(Error::io)
    }

    /// A field's or a variant's name. Names are few and written again and
    /// again; each is a `'static` string, so where it lies and its length
    /// tell what it holds for as long as the program runs: a name found
    /// without a byte to escape is kept by those, and written again without
    /// a search.
    fn name(&mut self, name: &'static str) -> Result<()> {
        let key = (name.as_ptr() as usize, name.len());
        // The slot: the top bits of a multiplicative hash of both.
        let hash = ((key.0 ^ key.1) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let slot = &mut self.names[(hash >> (64 - NAMES.trailing_zeros())) as usize];
        if *slot != key {
            if crate::scan::find(name.as_bytes(), crate::scan::json_escaped).is_some() {
                return self.string(name);
            }
            *slot = key;
        }
        let (w, f) = (&mut self.writer, &mut self.formatter);
        f.begin_string(w).map_err(Error::io)?;
        f.write_string_fragment(w, name).map_err(Error::io)?;
        f.end_string(w).map_err(Error::io)
    }

    /// `{"variant":` of an enum's variant with content.
    fn open_variant(&mut self, variant: &'static str) -> Result<()> {
        let (w, f) = (&mut self.writer, &mut self.formatter);
        f.begin_object(w).map_err(Error::io)?;
        f.begin_object_key(w, true).map_err(Error::io)?;
        self.name(variant)?;
        let (w, f) = (&mut self.writer, &mut self.formatter);
        f.end_object_key(w).map_err(Error::io)?;
        f.begin_object_value(w).map_err(Error::io)
    }

    /// An array or object opened with `begin`, and closed at once with
    /// `end` when it is known to have nothing in it.
    fn open(
        &mut self,
        len: Option<usize>,
        begin: impl FnOnce(&mut F, &mut W) -> io::Result<()>,
        end: impl FnOnce(&mut F, &mut W) -> io::Result<()>,
    ) -> Result<Compound<'_, W, F>> {
        begin(&mut self.formatter, &mut self.writer).map_err(Error::io)?;
        let state = if len == Some(0) {
            end(&mut self.formatter, &mut self.writer).map_err(Error::io)?;
            State::Empty
        } else {
            State::First
        };
        Ok(Compound { ser: self, state })
    }

    /// The `}` that closes [`Self::open_variant`].
    fn close_variant(&mut self) -> Result<()> {
        let (w, f) = (&mut self.writer, &mut self.formatter);
        f.end_object_value(w).map_err(Error::io)?;
        f.end_object(w).map_err(Error::io)
    }
}

/// How JSON writes a byte that [`crate::scan::json_escaped`] finds.
fn escape(b: u8) -> CharEscape {
    match b {
        b'"' => CharEscape::Quote,
        b'\\' => CharEscape::ReverseSolidus,
        0x08 => CharEscape::Backspace,
        0x09 => CharEscape::Tab,
        0x0a => CharEscape::LineFeed,
        0x0c => CharEscape::FormFeed,
        0x0d => CharEscape::CarriageReturn,
        _ => CharEscape::AsciiControl(b),
    }
}

/// The serializer methods that hand a number or a boolean to the
/// formatter.
macro_rules! scalars {
    ($($method:ident($t:ty) => $write:ident;)*) => {$(
        fn $method(self, value: $t) -> Result<()> {
            self.formatter.$write(&mut self.writer, value).map_err(Error::io)
        }
    )*};
}

impl<'a, W: io::Write, F: Formatter> ser::Serializer for &'a mut Serializer<W, F> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, W, F>;
    type SerializeTuple = Compound<'a, W, F>;
    type SerializeTupleStruct = Compound<'a, W, F>;
    type SerializeTupleVariant = Compound<'a, W, F>;
    type SerializeMap = Compound<'a, W, F>;
    type SerializeStruct = Compound<'a, W, F>;
    type SerializeStructVariant = Compound<'a, W, F>;

    scalars! {
        serialize_bool(bool) => write_bool;
        serialize_i8(i8) => write_i8;
        serialize_i16(i16) => write_i16;
        serialize_i32(i32) => write_i32;
        serialize_i64(i64) => write_i64;
        serialize_i128(i128) => write_i128;
        serialize_u8(u8) => write_u8;
        serialize_u16(u16) => write_u16;
        serialize_u32(u32) => write_u32;
        serialize_u64(u64) => write_u64;
        serialize_u128(u128) => write_u128;
    }

    fn serialize_f32(self, value: f32) -> Result<()> {
        if value.is_finite() {
            self.formatter.write_f32(&mut self.writer, value)
        } else {
            self.formatter.write_null(&mut self.writer)
        }
        .map_err(Error::io)
    }

    fn serialize_f64(self, value: f64) -> Result<()> {
        if value.is_finite() {
            self.formatter.write_f64(&mut self.writer, value)
        } else {
            self.formatter.write_null(&mut self.writer)
        }
        .map_err(Error::io)
    }

    fn serialize_char(self, value: char) -> Result<()> {
        self.string(value.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, value: &str) -> Result<()> {
        self.string(value)
    }

    fn serialize_bytes(self, value: &[u8]) -> Result<()> {
        self.formatter
            .write_byte_array(&mut self.writer, value)
            .map_err(Error::io)
    }

    fn serialize_none(self) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<()> {
        self.formatter
            .write_null(&mut self.writer)
            .map_err(Error::io)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.name(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.open_variant(variant)?;
        value.serialize(&mut *self)?;
        self.close_variant()
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a, W, F>> {
        self.open(len, |f, w| f.begin_array(w), |f, w| f.end_array(w))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, W, F>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, W, F>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, W, F>> {
        self.open_variant(variant)?;
        self.serialize_seq(Some(len))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a, W, F>> {
        self.open(len, |f, w| f.begin_object(w), |f, w| f.end_object(w))
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, W, F>> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a, W, F>> {
        self.open_variant(variant)?;
        self.serialize_map(Some(len))
    }
}

/// Whether an array or object has had no element (and is closed already
/// when it was known to have none), its first, or more.
#[derive(PartialEq)]
enum State {
    Empty,
    First,
    Rest,
}

/// An array or object being written.
struct Compound<'a, W, F> {
    ser: &'a mut Serializer<W, F>,
    state: State,
}

impl<'a, W: io::Write, F: Formatter> Compound<'a, W, F> {
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let ser = &mut *self.ser;
        ser.formatter
            .begin_array_value(&mut ser.writer, self.state == State::First)
            .map_err(Error::io)?;
        self.state = State::Rest;
        value.serialize(&mut *ser)?;
        ser.formatter
            .end_array_value(&mut ser.writer)
            .map_err(Error::io)
    }

    /// The next entry's key, which `write` writes.
    fn key(&mut self, write: impl FnOnce(&mut Serializer<W, F>) -> Result<()>) -> Result<()> {
        let ser = &mut *self.ser;
        ser.formatter
            .begin_object_key(&mut ser.writer, self.state == State::First)
            .map_err(Error::io)?;
        self.state = State::Rest;
        write(ser)?;
        ser.formatter
            .end_object_key(&mut ser.writer)
            .map_err(Error::io)
    }

    fn value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let ser = &mut *self.ser;
        ser.formatter
            .begin_object_value(&mut ser.writer)
            .map_err(Error::io)?;
        value.serialize(&mut *ser)?;
        ser.formatter
            .end_object_value(&mut ser.writer)
            .map_err(Error::io)
    }

    /// Closes the array or object with `close` unless it was closed when
    /// opened, and gives the serializer back.
    fn end(
        self,
        close: impl FnOnce(&mut F, &mut W) -> io::Result<()>,
    ) -> Result<&'a mut Serializer<W, F>> {
        if self.state != State::Empty {
            close(&mut self.ser.formatter, &mut self.ser.writer).map_err(Error::io)?;
        }
        Ok(self.ser)
    }
}

/// serde's traits for what is written as an array: each element, then the
/// end, and what `$close` writes after it (the end of a variant's object).
macro_rules! arrays {
    ($($serialize:ident::$element:ident, $close:expr;)*) => {$(
        impl<W: io::Write, F: Formatter> ser::$serialize for Compound<'_, W, F> {
            type Ok = ();
            type Error = Error;
            fn $element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
                self.element(value)
            }
            fn end(self) -> Result<()> {
                let close = $close;
                close(Compound::end(self, |f, w| f.end_array(w))?)
            }
        }
    )*};
}

arrays! {
    SerializeSeq::serialize_element, |_| Ok(());
    SerializeTuple::serialize_element, |_| Ok(());
    SerializeTupleStruct::serialize_field, |_| Ok(());
    SerializeTupleVariant::serialize_field, |ser: &mut Serializer<W, F>| ser.close_variant();
}

impl<W: io::Write, F: Formatter> ser::SerializeMap for Compound<'_, W, F> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        self.key(|ser| key.serialize(KeySerializer { ser }))
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.value(value)
    }
    fn end(self) -> Result<()> {
        Compound::end(self, |f, w| f.end_object(w)).map(drop)
    }
}

/// serde's traits for a struct's fields, written as an object: each
/// field, then the end, and what `$close` writes after it (the end of a
/// variant's object).
macro_rules! structs {
    ($($serialize:ident, $close:expr;)*) => {$(
        impl<W: io::Write, F: Formatter> ser::$serialize for Compound<'_, W, F> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<()> {
                self.key(|ser| ser.name(key))?;
                self.value(value)
            }
            fn end(self) -> Result<()> {
                let close = $close;
                close(Compound::end(self, |f, w| f.end_object(w))?)
            }
        }
    )*};
}

structs! {
    SerializeStruct, |_| Ok(());
    SerializeStructVariant, |ser: &mut Serializer<W, F>| ser.close_variant();
}

/// A map's key: a string, or a character, unit variant, boolean or number
/// written in quotes.
struct KeySerializer<'a, W, F> {
    ser: &'a mut Serializer<W, F>,
}

fn key_must_be_a_string() -> Error {
    ser::Error::custom("key must be a string")
}

impl<W: io::Write, F: Formatter> KeySerializer<'_, W, F> {
    /// What `write` writes, in quotes.
    fn quoted(self, write: impl FnOnce(&mut F, &mut W) -> io::Result<()>) -> Result<()> {
        let (w, f) = (&mut self.ser.writer, &mut self.ser.formatter);
        f.begin_string(w).map_err(Error::io)?;
        write(f, w).map_err(Error::io)?;
        f.end_string(w).map_err(Error::io)
    }
}

/// The key serializer's methods for a boolean or a number, in quotes.
macro_rules! quoted {
    ($($method:ident($t:ty) => $write:ident;)*) => {$(
        fn $method(self, value: $t) -> Result<()> {
            self.quoted(|f, w| f.$write(w, value))
        }
    )*};
}

/// The key serializer's methods for a float, in quotes when finite.
macro_rules! quoted_float {
    ($($method:ident($t:ty) => $write:ident;)*) => {$(
        fn $method(self, value: $t) -> Result<()> {
            if !value.is_finite() {
                return Err(ser::Error::custom("float key must be finite (got NaN or +/-inf)"));
            }
            self.quoted(|f, w| f.$write(w, value))
        }
    )*};
}

impl<W: io::Write, F: Formatter> ser::Serializer for KeySerializer<'_, W, F> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    quoted! {
        serialize_bool(bool) => write_bool;
        serialize_i8(i8) => write_i8;
        serialize_i16(i16) => write_i16;
        serialize_i32(i32) => write_i32;
        serialize_i64(i64) => write_i64;
        serialize_i128(i128) => write_i128;
        serialize_u8(u8) => write_u8;
        serialize_u16(u16) => write_u16;
        serialize_u32(u32) => write_u32;
        serialize_u64(u64) => write_u64;
        serialize_u128(u128) => write_u128;
    }

    quoted_float! {
        serialize_f32(f32) => write_f32;
        serialize_f64(f64) => write_f64;
    }

    fn serialize_char(self, value: char) -> Result<()> {
        self.ser.string(value.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, value: &str) -> Result<()> {
        self.ser.string(value)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.ser.name(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_bytes(self, _value: &[u8]) -> Result<()> {
        Err(key_must_be_a_string())
    }

    fn serialize_none(self) -> Result<()> {
        Err(key_must_be_a_string())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<()> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        Err(key_must_be_a_string())
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<()> {
        Err(key_must_be_a_string())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_must_be_a_string())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    /// `value` written both ways, compact and indented, and serde_json's
    /// bytes (or error) for each.
    fn both<T: Serialize>(value: &T) -> [(String, String); 2] {
        let show = |r: Result<()>, out: Vec<u8>| match r {
            Ok(()) => String::from_utf8(out).unwrap(),
            Err(e) => format!("error: {e}"),
        };
        let theirs = |pretty: bool| {
            let mut out = Vec::new();
            let r = if pretty {
                serde_json::to_writer_pretty(&mut out, value)
            } else {
                serde_json::to_writer(&mut out, value)
            };
            show(r, out)
        };
        let ours = |pretty: bool| {
            let mut out = Vec::new();
            let r = if pretty {
                to_writer_pretty(&mut out, value)
            } else {
                to_writer(&mut out, value)
            };
            show(r, out)
        };
        [(ours(false), theirs(false)), (ours(true), theirs(true))]
    }

    fn same<T: Serialize>(value: &T) {
        for (ours, theirs) in both(value) {
            assert_eq!(ours, theirs);
        }
    }

    #[derive(Serialize)]
    struct Unit;

    #[derive(Serialize)]
    struct Newtype(String);

    #[derive(Serialize)]
    struct Pair(u8, &'static str);

    #[derive(Serialize)]
    struct Empty {}

    #[derive(Serialize)]
    #[allow(dead_code)]
    enum Shape {
        Plain,
        #[serde(rename = "a \"quoted\" variant")]
        Quoted,
        Wrapped(i32),
        Tuple(u8, char),
        EmptyTuple(),
        Fields {
            a: bool,
            b: Option<f64>,
        },
        NoFields {},
    }

    #[derive(Serialize)]
    struct Every {
        unit: (),
        unit_struct: Unit,
        newtype: Newtype,
        pair: Pair,
        empty: Empty,
        shapes: Vec<Shape>,
        nothing: Option<u8>,
        something: Option<&'static str>,
        empty_list: Vec<u8>,
        empty_map: BTreeMap<String, u8>,
        numbers: (i8, i16, i32, i64, i128, u8, u16, u32, u64, u128),
        floats: Vec<f64>,
        single: (f32, f32),
        bytes: serde_bytes_like::Bytes,
        chars: Vec<char>,
        #[serde(rename = "a \"renamed\"\tkey\\")]
        renamed: bool,
        nested: Vec<Vec<BTreeMap<&'static str, Vec<()>>>>,
    }

    /// A byte slice serialized as bytes (serde's `Vec<u8>` is a sequence).
    mod serde_bytes_like {
        pub struct Bytes(pub &'static [u8]);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
    }

    /// Twice, so that each name is written again after it was first seen.
    #[test]
    fn every_shape_of_the_data_model_is_written_as_serde_json_writes_it() {
        same(&[every(), every()]);
    }

    fn every() -> Every {
        let mut nested = BTreeMap::new();
        nested.insert("k", vec![(), ()]);
        nested.insert("", vec![]);
        Every {
            unit: (),
            unit_struct: Unit,
            newtype: Newtype("n\u{1}\u{7f}é".into()),
            pair: Pair(7, "\"q\""),
            empty: Empty {},
            shapes: vec![
                Shape::Plain,
                Shape::Quoted,
                Shape::Wrapped(-3),
                Shape::Tuple(1, '\n'),
                Shape::EmptyTuple(),
                Shape::Fields {
                    a: true,
                    b: Some(0.1),
                },
                Shape::Fields { a: false, b: None },
                Shape::NoFields {},
            ],
            nothing: None,
            something: Some("\u{2028}\u{2029}</script>"),
            empty_list: vec![],
            empty_map: BTreeMap::new(),
            numbers: (
                i8::MIN,
                i16::MIN,
                i32::MIN,
                i64::MIN,
                i128::MIN,
                u8::MAX,
                u16::MAX,
                u32::MAX,
                u64::MAX,
                u128::MAX,
            ),
            floats: vec![
                0.0,
                -0.0,
                1.5e300,
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
            ],
            single: (1.1, f32::NAN),
            bytes: serde_bytes_like::Bytes(b"\x00\xff"),
            chars: vec!['"', '\\', '\u{0}', '\u{1f}', ' ', 'é', '😀'],
            renamed: true,
            nested: vec![vec![], vec![nested.clone(), BTreeMap::new()]],
        }
    }

    #[test]
    fn map_keys_are_written_or_refused_as_serde_json_does() {
        same(&BTreeMap::from([(1, "one"), (-2, "minus two")]));
        same(&BTreeMap::from([(true, 1), (false, 0)]));
        same(&BTreeMap::from([('"', 1), ('k', 2)]));
        same(&BTreeMap::from([(1u128 << 100, 1)]));
        same(&BTreeMap::from(
            [(Newtype("new\ttype".into()), 1)].map(|(k, v)| (k.0, v)),
        ));
        #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
        enum Key {
            First,
        }
        same(&BTreeMap::from([(Key::First, 1)]));
        // Floats: finite in quotes, else an error.
        let floats: Vec<(f64, u8)> = vec![(1.5, 1), (-0.0, 2)];
        same(&MapOf(floats));
        same(&MapOf(vec![(f64::NAN, 1u8)]));
        same(&MapOf(vec![(f32::INFINITY, 1u8)]));
        // Keys that are no string.
        same(&MapOf(vec![((), 1u8)]));
        same(&MapOf(vec![(Some(1), 1u8)]));
        same(&MapOf(vec![(None::<u8>, 1u8)]));
        same(&MapOf(vec![(Unit, 1u8)]));
        same(&MapOf(vec![(vec![1], 1u8)]));
        same(&MapOf(vec![((1, 2), 1u8)]));
        same(&MapOf(vec![(Pair(1, "x"), 1u8)]));
        same(&MapOf(vec![(Empty {}, 1u8)]));
        same(&MapOf(vec![(BTreeMap::<u8, u8>::new(), 1u8)]));
        same(&MapOf(vec![(serde_bytes_like::Bytes(b"k"), 1u8)]));
        for shape in [
            Shape::Wrapped(1),
            Shape::Tuple(1, 'c'),
            Shape::Fields { a: true, b: None },
        ] {
            same(&MapOf(vec![(shape, 1u8)]));
        }
    }

    /// Pairs written as a map, whatever their keys.
    struct MapOf<K, V>(Vec<(K, V)>);

    impl<K: Serialize, V: Serialize> Serialize for MapOf<K, V> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
        }
    }

    #[test]
    fn each_byte_that_json_escapes_is_escaped_as_serde_json_escapes_it() {
        for b in 0..0x80u8 {
            for len in [1, 15, 16, 17, 40] {
                for at in [0, len / 2, len - 1] {
                    let mut s = vec![b'a'; len];
                    s[at] = b;
                    same(&String::from_utf8(s).unwrap());
                }
            }
        }
    }

    proptest! {
        #[test]
        fn any_strings_are_written_as_serde_json_writes_them(
            strings in proptest::collection::vec(
                proptest::string::string_regex("[\\x00-\\x7f\"\\\\é\u{2028}😀a ]{0,40}").unwrap(),
                0..6,
            ),
            any in ".{0,40}",
        ) {
            let map: BTreeMap<&str, &str> =
                strings.iter().map(|s| (s.as_str(), any.as_str())).collect();
            for (ours, theirs) in both(&(&strings, &any, &map)) {
                prop_assert_eq!(ours, theirs);
            }
        }
    }
}
