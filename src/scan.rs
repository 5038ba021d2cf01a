//! Classes of bytes, sixteen bytes at a time.
//!
//! The cleaner copies the input through these masks, the phrase and name
//! screens and the clause skeleton find words with them, and the JSON
//! writer the bytes a string escapes: together they read most bytes of a
//! document and of its output. A mask has bit `k` set where byte `k` of a
//! chunk is in the class.
//!
//! On x86-64 a mask is a few SSE2 instructions, which every x86-64
//! processor has (they are part of the architecture the compiler builds
//! for). Elsewhere the same masks are computed eight bytes at a time in a
//! `u64`. The tests compare both, and a reading byte by byte, on every
//! machine.

/// Sixteen bytes of a text.
pub(crate) type Chunk = [u8; 16];

/// The chunk of `b` that starts at `at`, with zeros after the end of `b`.
pub(crate) fn chunk_at(b: &[u8], at: usize) -> Chunk {
    let rest = b.get(at..).unwrap_or_default();
    if let Some(c) = rest.first_chunk::<16>() {
        return *c;
    }
    // Fewer than sixteen bytes, read as two words that overlap without a
    // copy of unknown length: the second shifted to where its bytes belong
    // (where the two overlap, they hold the same bytes).
    let n = rest.len();
    let word = |w: Option<&[u8; 8]>| w.map_or(0, |w| u64::from_le_bytes(*w));
    let (lo, hi) = if n > 8 {
        (
            word(rest.first_chunk()),
            word(rest.last_chunk()) >> ((16 - n) * 8),
        )
    } else {
        (short_word(rest), 0)
    };
    let mut c = [0; 16];
    c[..8].copy_from_slice(&lo.to_le_bytes());
    c[8..].copy_from_slice(&hi.to_le_bytes());
    c
}

/// The bytes of `b`, eight at most, in a little-endian word with zeros
/// after them (more than eight: the first eight), read as two reads that
/// overlap, without a copy of unknown length.
pub(crate) fn short_word(b: &[u8]) -> u64 {
    let n = b.len();
    let half = |w: Option<&[u8; 4]>| w.map_or(0, |w| u64::from(u32::from_le_bytes(*w)));
    if let Some(w) = b.first_chunk::<8>() {
        u64::from_le_bytes(*w)
    } else if n >= 4 {
        // Where the two halves overlap, they hold the same bytes.
        half(b.first_chunk()) | half(b.last_chunk()) << ((n - 4) * 8)
    } else {
        // No more than three bytes: the first, the middle one and the last.
        let at = |k: usize| b.get(k).map_or(0, |&c| u64::from(c)) << (k * 8);
        at(0) | at(n / 2) | at(n.saturating_sub(1))
    }
}

/// Where the first byte of `b` whose bit `class` sets is.
pub(crate) fn find(b: &[u8], class: impl Fn(&Chunk) -> u32) -> Option<usize> {
    find_by(b, class, |_| true)
}

/// Where the first byte of `b` that `hit` accepts is, asking only the bytes
/// whose bit `candidates` sets (at least every byte `hit` accepts).
pub(crate) fn find_by(
    b: &[u8],
    candidates: impl Fn(&Chunk) -> u32,
    hit: impl Fn(u8) -> bool,
) -> Option<usize> {
    // The first byte `hit` accepts among those of `m`, in the chunk at `at`.
    let first = |mut m: u32, at: usize| {
        while m != 0 {
            let k = at + m.trailing_zeros() as usize;
            if hit(b[k]) {
                return Some(k);
            }
            m &= m - 1;
        }
        None
    };
    let mut chunks = b.chunks_exact(16);
    let mut at = 0;
    for c in chunks.by_ref() {
        if let Ok(c) = <&Chunk>::try_from(c)
            && let Some(k) = first(candidates(c) & 0xffff, at)
        {
            return Some(k);
        }
        at += 16;
    }
    // The last bytes, fewer than sixteen, in a chunk of their own: the
    // bits of the zeros after them are not looked at.
    let n = chunks.remainder().len();
    first(candidates(&chunk_at(b, at)) & ((1 << n) - 1), at)
}

/// Where the first ASCII digit of `b` is.
pub(crate) fn next_digit(b: &[u8]) -> Option<usize> {
    find(b, digits)
}

/// The length of the run of ASCII letters and digits that opens `b`.
pub(crate) fn alphanumeric_run(b: &[u8]) -> usize {
    find(b, |c| !alphanumerics(c)).unwrap_or(b.len())
}

/// Defines each class once for both ways of computing it.
macro_rules! classes {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub(crate) fn $name(c: &Chunk) -> u32 {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: SSE2 is part of x86-64: every processor this build
            // runs on has it.
            {
                unsafe { sse2::$name(c) }
            }
            #[cfg(not(target_arch = "x86_64"))]
            {
                swar::$name(c)
            }
        }
    )*};
}

classes! {
    /// ASCII digits.
    digits;
    /// ASCII letters and digits.
    alphanumerics;
    /// ASCII capitals and digits.
    capitals_or_digits;
    /// Spaces (U+0020).
    spaces;
    /// The bytes the cleaner does not copy as they are, whatever comes
    /// before them: ASCII controls, DEL, the bytes of characters beyond
    /// ASCII, and `*`, `$` and `[` (which may open emphasis or a footnote
    /// marker). Every other byte but the space is ordinary.
    unordinary;
    /// The bytes a JSON string escapes: controls (below 0x20), `"` and `\`.
    json_escaped;
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::Chunk;
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set_epi64x, _mm_set1_epi8, _mm_sub_epi8,
    };

    #[inline]
    #[target_feature(enable = "sse2")]
    fn load(c: &Chunk) -> __m128i {
        let [lo, hi] = [&c[..8], &c[8..]].map(|h| {
            let mut w = [0; 8];
            w.copy_from_slice(h);
            i64::from_le_bytes(w)
        });
        _mm_set_epi64x(hi, lo)
    }

    /// The lanes of the bytes from `lo` to `hi`, unsigned.
    #[inline]
    #[target_feature(enable = "sse2")]
    fn between(v: __m128i, lo: u8, hi: u8) -> __m128i {
        let t = _mm_sub_epi8(v, _mm_set1_epi8(lo as i8));
        _mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8((hi - lo) as i8)), t)
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    fn bits(v: __m128i) -> u32 {
        _mm_movemask_epi8(v) as u32
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn digits(c: &Chunk) -> u32 {
        bits(between(load(c), b'0', b'9'))
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn alphanumerics(c: &Chunk) -> u32 {
        let v = load(c);
        // Setting the bit 0x20 maps capitals to small letters and no other
        // byte to one.
        let letters = between(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', b'z');
        bits(_mm_or_si128(letters, between(v, b'0', b'9')))
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn capitals_or_digits(c: &Chunk) -> u32 {
        let v = load(c);
        bits(_mm_or_si128(between(v, b'A', b'Z'), between(v, b'0', b'9')))
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn spaces(c: &Chunk) -> u32 {
        bits(_mm_cmpeq_epi8(load(c), _mm_set1_epi8(b' ' as i8)))
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn unordinary(c: &Chunk) -> u32 {
        let v = load(c);
        let eq = |b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
        // Signed, the bytes from 0x80 are below 0x20 too.
        let below = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
        let marks = _mm_or_si128(
            _mm_or_si128(eq(0x7f), eq(b'*')),
            _mm_or_si128(eq(b'$'), eq(b'[')),
        );
        bits(_mm_or_si128(below, marks))
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn json_escaped(c: &Chunk) -> u32 {
        let v = load(c);
        let eq = |b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
        let controls = between(v, 0, 0x1f);
        bits(_mm_or_si128(controls, _mm_or_si128(eq(b'"'), eq(b'\\'))))
    }
}

/// The classes computed eight bytes at a time in a `u64` ("SWAR"): the
/// masks have the high bit of each byte set, then gathered into one bit a
/// byte.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
mod swar {
    use super::Chunk;

    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;

    /// The high bit of each byte of `v` that is `lo` to `hi` (ASCII,
    /// `0 < lo <= hi < 0x80`). No byte carries into the next: each sum and
    /// difference stays within its byte.
    const fn within(v: u64, lo: u8, hi: u8) -> u64 {
        let low = v & LOW;
        let up_to_hi = (ONES * (128 + hi as u64)) - low;
        let from_lo = low + ONES * (128 - lo as u64);
        up_to_hi & from_lo & !v & HIGH
    }

    /// The high bit of each byte of `v` that is zero.
    const fn zero(v: u64) -> u64 {
        !(((v & LOW).wrapping_add(LOW)) | v | LOW)
    }

    /// The high bit of each byte of `v` that is `b`.
    const fn equal(v: u64, b: u8) -> u64 {
        zero(v ^ (ONES * b as u64))
    }

    /// The high bits of `m` as the low eight bits, the first byte's lowest.
    const fn gather(m: u64) -> u32 {
        // Each byte's bit moves to bit 56 + k of the product; no two
        // products meet there or carry into those bits.
        (((m >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56) as u32
    }

    /// Both halves of a chunk through `f`.
    fn halves(c: &Chunk, f: impl Fn(u64) -> u64) -> u32 {
        let [lo, hi] = [&c[..8], &c[8..]].map(|h| {
            let mut w = [0; 8];
            w.copy_from_slice(h);
            gather(f(u64::from_le_bytes(w)))
        });
        lo | hi << 8
    }

    pub(super) fn digits(c: &Chunk) -> u32 {
        halves(c, |v| within(v, b'0', b'9'))
    }

    pub(super) fn alphanumerics(c: &Chunk) -> u32 {
        halves(c, |v| {
            within(v | 0x2020_2020_2020_2020, b'a', b'z') | within(v, b'0', b'9')
        })
    }

    pub(super) fn capitals_or_digits(c: &Chunk) -> u32 {
        halves(c, |v| within(v, b'A', b'Z') | within(v, b'0', b'9'))
    }

    pub(super) fn spaces(c: &Chunk) -> u32 {
        halves(c, |v| equal(v, b' '))
    }

    pub(super) fn unordinary(c: &Chunk) -> u32 {
        halves(c, |v| {
            (v & HIGH)
                | !within(v, 0x20, 0x7e) & !v & HIGH
                | equal(v, b'*')
                | equal(v, b'$')
                | equal(v, b'[')
        })
    }

    pub(super) fn json_escaped(c: &Chunk) -> u32 {
        halves(c, |v| {
            !within(v, 0x20, 0x7f) & !v & HIGH | equal(v, b'"') | equal(v, b'\\')
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Each class read byte by byte, the way both computations must give it.
    #[allow(clippy::type_complexity)]
    const CLASSES: &[(&str, fn(&Chunk) -> u32, fn(&Chunk) -> u32, fn(u8) -> bool)] = &[
        ("digits", digits, swar::digits, |c| c.is_ascii_digit()),
        ("alphanumerics", alphanumerics, swar::alphanumerics, |c| {
            c.is_ascii_alphanumeric()
        }),
        (
            "capitals_or_digits",
            capitals_or_digits,
            swar::capitals_or_digits,
            |c| c.is_ascii_uppercase() || c.is_ascii_digit(),
        ),
        ("spaces", spaces, swar::spaces, |c| c == b' '),
        ("unordinary", unordinary, swar::unordinary, |c| {
            !(0x20..0x7f).contains(&c) || matches!(c, b'*' | b'$' | b'[')
        }),
        ("json_escaped", json_escaped, swar::json_escaped, |c| {
            c < 0x20 || matches!(c, b'"' | b'\\')
        }),
    ];

    fn by_bytes(c: &Chunk, is: fn(u8) -> bool) -> u32 {
        c.iter()
            .enumerate()
            .fold(0, |m, (k, &b)| m | u32::from(is(b)) << k)
    }

    /// Every byte in every place, among bytes at each edge of each class.
    #[test]
    fn each_class_on_each_byte_in_each_place() {
        let others = [
            0, 0x1f, b' ', b'!', b'"', b'#', b'/', b'0', b'9', b':', b'@', b'A', b'Z', b'[', b'\\',
            b']', b'`', b'a', b'z', b'{', b'~', 0x7f, 0x80, 0xc3, 0xff,
        ];
        for &(name, class, portable, is) in CLASSES {
            for b in 0..=255u8 {
                for at in 0..16 {
                    for &other in &others {
                        let mut c = [other; 16];
                        c[at] = b;
                        let want = by_bytes(&c, is);
                        assert_eq!(
                            class(&c),
                            want,
                            "{name}: {b:#04x} at {at} among {other:#04x}"
                        );
                        assert_eq!(
                            portable(&c),
                            want,
                            "{name}, eight at a time: {b:#04x} at {at} among {other:#04x}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_chunk_past_the_end_is_padded_with_zeros() {
        assert_eq!(&chunk_at(b"abc", 1)[..3], b"bc\0");
        assert_eq!(chunk_at(b"abc", 3), [0; 16]);
        assert_eq!(chunk_at(b"abc", 9), [0; 16]);
        let long: Vec<u8> = (0..40).collect();
        assert_eq!(chunk_at(&long, 20)[15], 35);
    }

    /// A text's last bytes, fewer than sixteen, read as two words that
    /// overlap: the same chunk as a copy of them, at every length and
    /// place.
    #[test]
    fn a_short_chunk_is_its_bytes_then_zeros() {
        let text: Vec<u8> = (1..=40).collect();
        for len in 0..=40 {
            for at in 0..=len + 2 {
                let b = &text[..len];
                let mut want = [0; 16];
                for (k, w) in want.iter_mut().enumerate() {
                    *w = b.get(at + k).copied().unwrap_or(0);
                }
                assert_eq!(chunk_at(b, at), want, "{len} bytes, at {at}");
            }
        }
    }

    /// A short word holds the first eight bytes at most, in order, then
    /// zeros, at every length.
    #[test]
    fn a_short_word_is_its_first_bytes_then_zeros() {
        let text: Vec<u8> = (1..=12).collect();
        for len in 0..=12 {
            let mut want = [0; 8];
            for (w, &c) in want.iter_mut().zip(&text[..len]) {
                *w = c;
            }
            assert_eq!(
                short_word(&text[..len]),
                u64::from_le_bytes(want),
                "{len} bytes"
            );
        }
    }

    /// The zeros after the end of a text, in its last chunk, are no bytes
    /// of it, whatever its length.
    #[test]
    fn nothing_is_found_past_the_end() {
        let zero = |c: &Chunk| by_bytes(c, |b| b == 0);
        for len in 0..50 {
            let b = vec![b'a'; len];
            assert_eq!(find(&b, zero), None, "{len} bytes");
            assert_eq!(alphanumeric_run(&b), len, "{len} bytes");
            let mut b = b;
            b.push(0);
            assert_eq!(find(&b, zero), Some(len), "{len} bytes and a zero");
        }
    }

    proptest! {
        #[test]
        fn classes_agree_on_any_chunk(c in proptest::array::uniform16(any::<u8>())) {
            for &(name, class, portable, is) in CLASSES {
                prop_assert_eq!(class(&c), by_bytes(&c, is), "{}", name);
                prop_assert_eq!(portable(&c), by_bytes(&c, is), "{}", name);
            }
        }

        /// The first byte found is the first of the class, or the first the
        /// test accepts, in texts of any length (bytes after the end,
        /// zeros, are never found: a zero is in the class of its own).
        #[test]
        fn the_first_byte_found_is_the_first(
            b in proptest::collection::vec(
                prop_oneof![Just(b'5'), Just(b'A'), Just(b' '), Just(0u8), Just(0xc3u8), any::<u8>()],
                0..70,
            ),
        ) {
            let zero = |c: &Chunk| by_bytes(c, |b| b == 0);
            prop_assert_eq!(find(&b, zero), b.iter().position(|&c| c == 0));
            prop_assert_eq!(next_digit(&b), b.iter().position(u8::is_ascii_digit));
            prop_assert_eq!(
                alphanumeric_run(&b),
                b.iter().position(|c| !c.is_ascii_alphanumeric()).unwrap_or(b.len())
            );
            prop_assert_eq!(
                find_by(&b, capitals_or_digits, |c| c == b'A'),
                b.iter().position(|&c| c == b'A')
            );
        }
    }
}
