//! Byte-string helpers with the exact behaviour of C Wren 0.4
//! (`wren_utils.c` UTF-8 helpers and `wren_value.c` string functions).
//!
//! Wren strings are arbitrary byte sequences; these functions never assume
//! valid UTF-8 and reproduce C Wren's lenient handling of invalid input
//! (overlong forms, surrogates and values up to 0x1FFFFF all decode).

/// Number of bytes C Wren's `wrenUtf8EncodeNumBytes` uses for `cp`:
/// 1 for `<= 0x7F`, 2 for `<= 0x7FF`, 3 for `<= 0xFFFF` (surrogates
/// included), 4 for `<= 0x10FFFF`, and 0 for anything larger (invalid).
pub fn encode_len(cp: u32) -> usize {
    match cp {
        0..=0x7f => 1,
        0x80..=0x7ff => 2,
        0x800..=0xffff => 3,
        0x1_0000..=0x10_ffff => 4,
        _ => 0,
    }
}

/// Appends the UTF-8 encoding of `cp` to `out`, with the same bit layout
/// as C Wren's `wrenUtf8Encode` (surrogate code points are encoded like any
/// other 3-byte value). Values above 0x10FFFF are unreachable in C Wren
/// (`UNREACHABLE()`); here they append nothing, matching [`encode_len`] = 0.
pub fn encode(cp: u32, out: &mut Vec<u8>) {
    match encode_len(cp) {
        1 => out.push(cp as u8),
        2 => out.extend_from_slice(&[0xc0 | (cp >> 6) as u8, 0x80 | (cp & 0x3f) as u8]),
        3 => out.extend_from_slice(&[
            0xe0 | (cp >> 12) as u8,
            0x80 | ((cp >> 6) & 0x3f) as u8,
            0x80 | (cp & 0x3f) as u8,
        ]),
        4 => out.extend_from_slice(&[
            0xf0 | (cp >> 18) as u8,
            0x80 | ((cp >> 12) & 0x3f) as u8,
            0x80 | ((cp >> 6) & 0x3f) as u8,
            0x80 | (cp & 0x3f) as u8,
        ]),
        _ => {}
    }
}

/// C Wren's `wrenUtf8DecodeNumBytes`: the length of the UTF-8 sequence that
/// a byte claims to start, judged from its high bits alone.
///
/// Continuation bytes (`10xxxxxx`) return **0** ("the middle of a sequence,
/// don't count it"), `11110xxx` returns 4, `1110xxxx` 3, `110xxxxx` 2, and
/// everything else — ASCII and the never-valid bytes `0xF8..=0xFF` — 1.
/// C Wren uses this when sizing the result of `string[range]`
/// (`wrenNewStringFromRange`) and when stepping through code points.
pub fn decode_len(first_byte: u8) -> usize {
    if first_byte & 0xc0 == 0x80 {
        0
    } else if first_byte & 0xf8 == 0xf0 {
        4
    } else if first_byte & 0xf0 == 0xe0 {
        3
    } else if first_byte & 0xe0 == 0xc0 {
        2
    } else {
        1
    }
}

/// C Wren's `wrenUtf8Decode` on the bytes starting at a code point
/// (`bytes` runs to the end of the string).
///
/// Returns `None` where C returns -1: an empty slice, a lead byte that is a
/// continuation byte or `0xF8..=0xFF`, a sequence truncated by the end of
/// the string, or a following byte that is not `10xxxxxx`. Like C, it does
/// **not** reject overlong encodings (`C0 80` decodes to 0), surrogates
/// (`ED A0 80` is 0xD800) or values above 0x10FFFF (`F7 BF BF BF` is
/// 0x1FFFFF); extra bytes after the sequence are ignored.
pub fn decode(bytes: &[u8]) -> Option<u32> {
    let (&first, rest) = bytes.split_first()?;
    if first <= 0x7f {
        return Some(u32::from(first));
    }
    let (mut value, remaining) = if first & 0xe0 == 0xc0 {
        (u32::from(first & 0x1f), 1)
    } else if first & 0xf0 == 0xe0 {
        (u32::from(first & 0x0f), 2)
    } else if first & 0xf8 == 0xf0 {
        (u32::from(first & 0x07), 3)
    } else {
        return None;
    };
    if rest.len() < remaining {
        return None;
    }
    for &b in &rest[..remaining] {
        if b & 0xc0 != 0x80 {
            return None;
        }
        value = (value << 6) | u32::from(b & 0x3f);
    }
    Some(value)
}

/// What `string[index]` returns in C Wren (`wrenStringCodePointAt`), as the
/// bytes of the new string. `index` must be `< s.len()` (C asserts it).
///
/// The code point starting at `index` is decoded with [`decode`]; if that
/// fails (continuation byte, invalid or truncated sequence) the result is
/// the single raw byte `s[index]`. Otherwise the decoded value is
/// **re-encoded** (`wrenStringFromCodePoint`), so an overlong sequence comes
/// back in its shortest form (`"\xC0\x80"[0]` is `"\0"`). A decoded value
/// above 0x10FFFF (lead bytes `F4 90..` to `F7`) makes C allocate a string
/// of length `wrenUtf8EncodeNumBytes(value) = 0` (and then write past it,
/// which is undefined behaviour); the observable result is an empty string,
/// which is what this returns.
pub fn code_point_at(s: &[u8], index: usize) -> Vec<u8> {
    match decode(&s[index..]) {
        None => vec![s[index]],
        Some(cp) => {
            let mut out = Vec::with_capacity(4);
            encode(cp, &mut out);
            out
        }
    }
}

/// C Wren's `wrenStringFind`: byte offset of the first occurrence of
/// `needle` in `haystack` at or after byte `start`, or `None` (C's
/// `UINT32_MAX`).
///
/// An empty needle is always "found" at `start`, whatever `start` is.
/// Otherwise `None` if `start >= haystack.len()` or the needle would run
/// past the end. C uses Boyer-Moore-Horspool, whose worst case is quadratic
/// (a crafted needle would make one `indexOf` run for minutes); this uses
/// memchr's `memmem`, linear in the worst case, with the same answer: the
/// first occurrence.
pub fn find(haystack: &[u8], needle: &[u8], start: usize) -> Option<usize> {
    if needle.is_empty() {
        return Some(start);
    }
    if start >= haystack.len() || haystack.len() - start < needle.len() {
        return None;
    }
    memchr::memmem::find(&haystack[start..], needle).map(|i| i + start)
}

/// C Wren's string hash (`hashString` in `wren_value.c`): 32-bit FNV-1a over
/// every byte, offset basis 2166136261, prime 16777619.
///
/// Bit-exact with C on platforms where `char` is signed (x86): each byte is
/// read as a signed `char`, so bytes `>= 0x80` are sign-extended (0x80 XORs
/// in 0xFFFFFF80) before the XOR, unlike textbook FNV-1a.
pub fn hash_bytes(s: &[u8]) -> u32 {
    let mut hash: u32 = 2_166_136_261;
    for &b in s {
        hash ^= b as i8 as i32 as u32;
        hash = hash.wrapping_mul(16_777_619);
    }
    hash
}

/// C Wren's `hashBits`: Thomas Wang's 64-bit to 32-bit integer hash (as in
/// V8's `ComputeLongHash`), keeping the low 30 bits. C Wren hashes a number
/// map key by applying this to the raw bits of the double (and, with NaN
/// tagging, null/true/false by their tagged bits).
pub fn hash_bits(bits: u64) -> u32 {
    let mut h = bits;
    h = (!h).wrapping_add(h << 18);
    h ^= h >> 31;
    h = h.wrapping_mul(21);
    h ^= h >> 11;
    h = h.wrapping_add(h << 6);
    h ^= h >> 22;
    (h & 0x3fff_ffff) as u32
}

/// 64-bit FNV-1a, for build fingerprints (not for maps: Wren's own hashes are above).
#[derive(Clone, Copy, Debug)]
pub struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64::new()
    }
}

impl Fnv64 {
    pub const fn new() -> Fnv64 {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    pub fn finish(&self) -> u64 {
        self.0
    }
}

/// For hash tables whose keys are the VM's own (not input): fast, not flood-resistant.
impl std::hash::Hasher for Fnv64 {
    fn finish(&self) -> u64 {
        let x = self.0;
        x ^ (x >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        Fnv64::write(self, bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(cp: u32) -> Vec<u8> {
        let mut v = Vec::new();
        encode(cp, &mut v);
        v
    }

    #[test]
    fn encode_lengths_and_bytes() {
        assert_eq!(encode_len(0), 1);
        assert_eq!(encode_len(0x7f), 1);
        assert_eq!(encode_len(0x80), 2);
        assert_eq!(encode_len(0x7ff), 2);
        assert_eq!(encode_len(0x800), 3);
        assert_eq!(encode_len(0xffff), 3);
        assert_eq!(encode_len(0x10000), 4);
        assert_eq!(encode_len(0x10ffff), 4);
        assert_eq!(encode_len(0x110000), 0);
        assert_eq!(encode_len(u32::MAX), 0);

        assert_eq!(enc(0x41), b"A");
        assert_eq!(enc(0), b"\0");
        assert_eq!(enc(0xe9), "é".as_bytes());
        assert_eq!(enc(0x20ac), "€".as_bytes());
        assert_eq!(enc(0x1f600), "😀".as_bytes());
        assert_eq!(enc(0x10ffff), [0xf4, 0x8f, 0xbf, 0xbf]);
        assert_eq!(enc(0xd800), [0xed, 0xa0, 0x80]);
        assert_eq!(enc(0xdfff), [0xed, 0xbf, 0xbf]);
        assert_eq!(enc(0x110000), b"");

        // Agrees with Rust's encoder for every scalar value.
        for cp in (0..=0x10ffffu32).step_by(7) {
            if let Some(c) = char::from_u32(cp) {
                let mut buf = [0u8; 4];
                assert_eq!(enc(cp), c.encode_utf8(&mut buf).as_bytes());
                assert_eq!(enc(cp).len(), encode_len(cp));
            }
        }
    }

    #[test]
    fn decode_len_matches_c() {
        assert_eq!(decode_len(b'a'), 1);
        assert_eq!(decode_len(0x00), 1);
        assert_eq!(decode_len(0x7f), 1);
        assert_eq!(decode_len(0x80), 0);
        assert_eq!(decode_len(0xbf), 0);
        assert_eq!(decode_len(0xc0), 2);
        assert_eq!(decode_len(0xdf), 2);
        assert_eq!(decode_len(0xe0), 3);
        assert_eq!(decode_len(0xef), 3);
        assert_eq!(decode_len(0xf0), 4);
        assert_eq!(decode_len(0xf7), 4);
        assert_eq!(decode_len(0xf8), 1);
        assert_eq!(decode_len(0xff), 1);
    }

    #[test]
    fn decode_valid() {
        assert_eq!(decode(b"A"), Some(0x41));
        assert_eq!(decode(b"Abc"), Some(0x41));
        assert_eq!(decode(b"\0"), Some(0));
        assert_eq!(decode("é".as_bytes()), Some(0xe9));
        assert_eq!(decode("€x".as_bytes()), Some(0x20ac));
        assert_eq!(decode("😀".as_bytes()), Some(0x1f600));
        for cp in (0..=0x10ffffu32).step_by(5) {
            if let Some(c) = char::from_u32(cp) {
                let mut buf = [0u8; 4];
                assert_eq!(decode(c.encode_utf8(&mut buf).as_bytes()), Some(cp));
            }
        }
    }

    #[test]
    fn decode_lenient_like_c() {
        // Overlong forms are accepted.
        assert_eq!(decode(&[0xc0, 0x80]), Some(0));
        assert_eq!(decode(&[0xc1, 0xbf]), Some(0x7f));
        assert_eq!(decode(&[0xe0, 0x80, 0x80]), Some(0));
        assert_eq!(decode(&[0xf0, 0x80, 0x80, 0x80]), Some(0));
        // Surrogates are accepted.
        assert_eq!(decode(&[0xed, 0xa0, 0x80]), Some(0xd800));
        // Values beyond U+10FFFF are accepted.
        assert_eq!(decode(&[0xf4, 0x90, 0x80, 0x80]), Some(0x110000));
        assert_eq!(decode(&[0xf7, 0xbf, 0xbf, 0xbf]), Some(0x1fffff));
    }

    #[test]
    fn decode_invalid() {
        assert_eq!(decode(b""), None);
        assert_eq!(decode(&[0x80]), None);
        assert_eq!(decode(&[0xbf, 0x80]), None);
        assert_eq!(decode(&[0xf8, 0x80, 0x80, 0x80, 0x80]), None);
        assert_eq!(decode(&[0xff]), None);
        // Truncated by the end of the string.
        assert_eq!(decode(&[0xc3]), None);
        assert_eq!(decode(&[0xe2, 0x82]), None);
        assert_eq!(decode(&[0xf0, 0x9f, 0x98]), None);
        // Bad continuation bytes.
        assert_eq!(decode(&[0xc3, 0x41]), None);
        assert_eq!(decode(&[0xe2, 0x82, 0xc0]), None);
        assert_eq!(decode(&[0xf0, 0x9f, 0x98, 0x00]), None);
    }

    #[test]
    fn code_point_at_like_c() {
        let s = "aé€😀".as_bytes();
        assert_eq!(code_point_at(s, 0), b"a");
        assert_eq!(code_point_at(s, 1), "é".as_bytes());
        // Middle of a sequence: the raw continuation byte.
        assert_eq!(code_point_at(s, 2), [0xa9]);
        assert_eq!(code_point_at(s, 3), "€".as_bytes());
        assert_eq!(code_point_at(s, 4), [0x82]);
        assert_eq!(code_point_at(s, 6), "😀".as_bytes());
        assert_eq!(code_point_at(s, 9), [0x80]);
        // Invalid / truncated: the single raw byte.
        assert_eq!(code_point_at(&[0xff, 0x41], 0), [0xff]);
        assert_eq!(code_point_at(&[0x41, 0xe2, 0x82], 1), [0xe2]);
        assert_eq!(code_point_at(&[0xc3, 0x41], 0), [0xc3]);
        // Overlong: decoded and re-encoded in shortest form.
        assert_eq!(code_point_at(&[0xc0, 0x80], 0), [0x00]);
        assert_eq!(code_point_at(&[0xe0, 0x81, 0x81], 0), b"A");
        // Surrogates round-trip.
        assert_eq!(code_point_at(&[0xed, 0xa0, 0x80], 0), [0xed, 0xa0, 0x80]);
        // Beyond U+10FFFF: C produces a zero-length string.
        assert_eq!(code_point_at(&[0xf4, 0x90, 0x80, 0x80], 0), b"");
    }

    /// Straightforward reference search for cross-checking.
    fn naive_find(h: &[u8], n: &[u8], start: usize) -> Option<usize> {
        if n.is_empty() {
            return Some(start);
        }
        if start >= h.len() {
            return None;
        }
        (start..=h.len().saturating_sub(n.len()))
            .find(|&i| i + n.len() <= h.len() && &h[i..i + n.len()] == n)
    }

    #[test]
    fn find_like_c() {
        let h = b"hello world, hello wren";
        assert_eq!(find(h, b"hello", 0), Some(0));
        assert_eq!(find(h, b"hello", 1), Some(13));
        assert_eq!(find(h, b"wren", 0), Some(19));
        assert_eq!(find(h, b"n", 0), Some(22));
        assert_eq!(find(h, b"o", 5), Some(7));
        assert_eq!(find(h, b"xyz", 0), None);
        assert_eq!(find(h, b"wrens", 0), None);
        assert_eq!(find(h, b"hello", 14), None);
        assert_eq!(find(b"abc", b"abc", 0), Some(0));
        assert_eq!(find(b"abc", b"abcd", 0), None);
        assert_eq!(find(b"aaab", b"aab", 0), Some(1));
        // Empty needle: always `start`, even at or past the end.
        assert_eq!(find(b"abc", b"", 0), Some(0));
        assert_eq!(find(b"abc", b"", 3), Some(3));
        assert_eq!(find(b"", b"", 0), Some(0));
        // Non-empty needle with start at the end.
        assert_eq!(find(b"abc", b"c", 3), None);
        assert_eq!(find(b"", b"a", 0), None);
        // High bytes, including 0xFF.
        assert_eq!(find(&[1, 0xff, 2, 0xff, 3], &[0xff, 3], 0), Some(3));
        assert_eq!(find(&[0xff, 0xff, 0xfe], &[0xff, 0xfe], 0), Some(1));
        assert_eq!(find("aé€😀".as_bytes(), "€".as_bytes(), 0), Some(3));

        // Exhaustive cross-check over a small alphabet.
        let alphabet = [b'a', b'b', 0xff];
        let mut strings: Vec<Vec<u8>> = vec![vec![]];
        for len in 1..=5 {
            let mut idx = vec![0usize; len];
            loop {
                strings.push(idx.iter().map(|&i| alphabet[i]).collect());
                let mut k = 0;
                while k < len {
                    idx[k] += 1;
                    if idx[k] < alphabet.len() {
                        break;
                    }
                    idx[k] = 0;
                    k += 1;
                }
                if k == len {
                    break;
                }
            }
        }
        let needles: Vec<&Vec<u8>> = strings.iter().filter(|s| s.len() <= 3).collect();
        for h in strings.iter().filter(|s| s.len() >= 3) {
            for n in &needles {
                for start in 0..=h.len() {
                    assert_eq!(
                        find(h, n, start),
                        naive_find(h, n, start),
                        "{h:?} {n:?} {start}"
                    );
                }
            }
        }
    }

    #[test]
    fn hash_bytes_fnv1a() {
        // Empty string: the offset basis.
        assert_eq!(hash_bytes(b""), 0x811c_9dc5);
        // ASCII matches textbook FNV-1a 32.
        // "a": (0x811c9dc5 ^ 0x61) * 16777619 = 0x811c9da4 * 0x01000193.
        assert_eq!(hash_bytes(b"a"), 0xe40c_292c);
        assert_eq!(hash_bytes(b"foobar"), 0xbf9c_f968);
        // Byte 0x80 is sign-extended: (0x811c9dc5 ^ 0xffffff80) * prime
        // = 0x7ee36245 * 0x01000193 mod 2^32.
        let expect = 0x7ee3_6245u32.wrapping_mul(0x0100_0193);
        assert_eq!(hash_bytes(&[0x80]), expect);
        assert_eq!(expect, 0x04f3_b29f);
        // Textbook FNV-1a would give (0x811c9dc5 ^ 0x80) * prime instead.
        assert_ne!(
            hash_bytes(&[0x80]),
            0x811c_9d45u32.wrapping_mul(0x0100_0193)
        );
        // "é" = C3 A9, both sign-extended.
        let h1 = (0x811c_9dc5u32 ^ 0xffff_ffc3).wrapping_mul(16_777_619);
        let h2 = (h1 ^ 0xffff_ffa9).wrapping_mul(16_777_619);
        assert_eq!(hash_bytes("é".as_bytes()), h2);
        assert_eq!(h2, 0x3cfa_68c1);
        assert_eq!(hash_bytes(b"hello"), 0x4f9f_2cab);
    }

    #[test]
    fn hash_bits_wang() {
        // Expected values computed independently with arbitrary-precision
        // integers masked to 64 bits.
        for (bits, expect) in [
            (0u64, 0x2aea_a2ab),
            (1, 0x1551_5fbc),
            (0x3ff0_0000_0000_0000, 0x282d_5375), // 1.0
            (0x4014_0000_0000_0000, 0x3003_5455), // 5.0
            (0x7ffc_0000_0000_0001, 0x03eb_5c8c), // NaN-tagged null
            (u64::MAX, 0x1fbb_f8ea),
        ] {
            assert_eq!(hash_bits(bits), expect, "{bits:#x}");
        }
        // Hand-checkable first steps for 0: ~0 + (0 << 18) = u64::MAX, then
        // ^ (>> 31) = 0xFFFF_FFFE_0000_0000, which times 21 wraps to
        // 0xFFFF_FFD6_0000_0000; the remaining steps only mix.
        assert!(hash_bits(0x1234_5678_9abc_def0) <= 0x3fff_ffff);
    }
}
