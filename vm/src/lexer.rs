//! The lexer: source bytes to tokens, one at a time.
//!
//! String interpolation (`"a %(b) c"`) is lexed as an [`Tok::Interpolation`] token holding the
//! text before `%(`, the tokens of the expression, then the rest of the string as a further
//! `Interpolation` or a final [`Tok::String`]. Nesting is tracked with a small stack of open
//! parenthesis counts.

use crate::limits::MAX_INTERPOLATION_NESTING;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,
    Colon,
    Dot,
    DotDot,
    DotDotDot,
    Comma,
    Star,
    Slash,
    Percent,
    Hash,
    Plus,
    Minus,
    LtLt,
    GtGt,
    Pipe,
    PipePipe,
    Caret,
    Amp,
    AmpAmp,
    Bang,
    Tilde,
    Question,
    Eq,
    Lt,
    Gt,
    LtEq,
    GtEq,
    EqEq,
    BangEq,

    As,
    Break,
    Class,
    Construct,
    Continue,
    Else,
    False,
    For,
    Foreign,
    If,
    Import,
    In,
    Is,
    Null,
    Return,
    Static,
    Super,
    This,
    True,
    Var,
    While,

    Field,
    StaticField,
    Name,
    Number,
    String,
    Interpolation,
    Line,
    Error,
    Eof,
}

/// A literal's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    None,
    Num(f64),
    Str(Vec<u8>),
}

#[derive(Clone, Debug)]
pub struct Token {
    pub kind: Tok,
    /// Byte range of the lexeme in the source.
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub value: Literal,
}

/// A lexical error: line and message.
#[derive(Clone, Debug)]
pub struct LexError {
    pub line: u32,
    pub message: String,
}

pub struct Lexer<'s> {
    src: &'s [u8],
    start: usize,
    pos: usize,
    line: u32,
    /// For each open interpolation, the number of unclosed `(` inside it.
    parens: Vec<u32>,
    pub errors: Vec<LexError>,
}

fn keyword(s: &[u8]) -> Option<Tok> {
    Some(match s {
        b"as" => Tok::As,
        b"break" => Tok::Break,
        b"class" => Tok::Class,
        b"construct" => Tok::Construct,
        b"continue" => Tok::Continue,
        b"else" => Tok::Else,
        b"false" => Tok::False,
        b"for" => Tok::For,
        b"foreign" => Tok::Foreign,
        b"if" => Tok::If,
        b"import" => Tok::Import,
        b"in" => Tok::In,
        b"is" => Tok::Is,
        b"null" => Tok::Null,
        b"return" => Tok::Return,
        b"static" => Tok::Static,
        b"super" => Tok::Super,
        b"this" => Tok::This,
        b"true" => Tok::True,
        b"var" => Tok::Var,
        b"while" => Tok::While,
        _ => return None,
    })
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}
fn is_name(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

impl<'s> Lexer<'s> {
    pub fn new(src: &'s [u8]) -> Lexer<'s> {
        // As in the reference (which reads a C string), a NUL byte ends the source.
        let src = match src.iter().position(|&b| b == 0) {
            Some(end) => &src[..end],
            None => src,
        };
        // Skip a UTF-8 byte order mark.
        let pos = if src.starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else {
            0
        };
        Lexer {
            src,
            start: pos,
            pos,
            line: 1,
            parens: Vec::new(),
            errors: Vec::new(),
        }
    }

    pub fn source(&self) -> &'s [u8] {
        self.src
    }

    fn peek(&self) -> u8 {
        self.src.get(self.pos).copied().unwrap_or(0)
    }
    fn peek_next(&self) -> u8 {
        self.src.get(self.pos + 1).copied().unwrap_or(0)
    }
    fn at_end(&self) -> bool {
        self.pos >= self.src.len()
    }
    fn advance(&mut self) -> u8 {
        let c = self.peek();
        if self.pos < self.src.len() {
            self.pos += 1;
        }
        if c == b'\n' {
            self.line += 1;
        }
        c
    }
    fn matches(&mut self, c: u8) -> bool {
        if self.peek() == c && !self.at_end() {
            self.advance();
            true
        } else {
            false
        }
    }

    fn error(&mut self, message: String) {
        self.errors.push(LexError {
            line: self.line,
            message,
        });
    }

    fn make(&self, kind: Tok) -> Token {
        // A newline token belongs to the line it ends.
        let line = if kind == Tok::Line {
            self.line - 1
        } else {
            self.line
        };
        Token {
            kind,
            start: self.start,
            end: self.pos,
            line,
            value: Literal::None,
        }
    }

    fn two(&mut self, c: u8, yes: Tok, no: Tok) -> Token {
        let k = if self.matches(c) { yes } else { no };
        self.make(k)
    }

    fn skip_line_comment(&mut self) {
        while self.peek() != b'\n' && !self.at_end() {
            self.advance();
        }
    }

    fn skip_block_comment(&mut self) {
        let mut nesting = 1;
        while nesting > 0 {
            if self.at_end() {
                self.error("Unterminated block comment.".into());
                return;
            }
            if self.peek() == b'/' && self.peek_next() == b'*' {
                self.advance();
                self.advance();
                nesting += 1;
            } else if self.peek() == b'*' && self.peek_next() == b'/' {
                self.advance();
                self.advance();
                nesting -= 1;
            } else {
                self.advance();
            }
        }
    }

    /// The next token.
    pub fn next_token(&mut self) -> Token {
        loop {
            self.start = self.pos;
            if self.at_end() {
                // A NUL byte also ends the source, as in C.
                return self.make(Tok::Eof);
            }
            let c = self.advance();
            let t = match c {
                b'(' => {
                    if let Some(p) = self.parens.last_mut() {
                        *p += 1;
                    }
                    self.make(Tok::LeftParen)
                }
                b')' => {
                    if let Some(p) = self.parens.last_mut() {
                        *p -= 1;
                        if *p == 0 {
                            // The end of an interpolated expression: continue the string.
                            self.parens.pop();
                            return self.read_string();
                        }
                    }
                    self.make(Tok::RightParen)
                }
                b'[' => self.make(Tok::LeftBracket),
                b']' => self.make(Tok::RightBracket),
                b'{' => self.make(Tok::LeftBrace),
                b'}' => self.make(Tok::RightBrace),
                b':' => self.make(Tok::Colon),
                b',' => self.make(Tok::Comma),
                b'*' => self.make(Tok::Star),
                b'%' => self.make(Tok::Percent),
                b'#' => {
                    // A shebang line at the very start.
                    if self.line == 1 && self.peek() == b'!' && self.peek_next() == b'/' {
                        self.skip_line_comment();
                        continue;
                    }
                    self.make(Tok::Hash)
                }
                b'^' => self.make(Tok::Caret),
                b'+' => self.make(Tok::Plus),
                b'-' => self.make(Tok::Minus),
                b'~' => self.make(Tok::Tilde),
                b'?' => self.make(Tok::Question),
                b'|' => self.two(b'|', Tok::PipePipe, Tok::Pipe),
                b'&' => self.two(b'&', Tok::AmpAmp, Tok::Amp),
                b'=' => self.two(b'=', Tok::EqEq, Tok::Eq),
                b'!' => self.two(b'=', Tok::BangEq, Tok::Bang),
                b'.' => {
                    if self.matches(b'.') {
                        self.two(b'.', Tok::DotDotDot, Tok::DotDot)
                    } else {
                        self.make(Tok::Dot)
                    }
                }
                b'/' => {
                    if self.matches(b'/') {
                        self.skip_line_comment();
                        continue;
                    }
                    if self.matches(b'*') {
                        self.skip_block_comment();
                        continue;
                    }
                    self.make(Tok::Slash)
                }
                b'<' => {
                    if self.matches(b'<') {
                        self.make(Tok::LtLt)
                    } else {
                        self.two(b'=', Tok::LtEq, Tok::Lt)
                    }
                }
                b'>' => {
                    if self.matches(b'>') {
                        self.make(Tok::GtGt)
                    } else {
                        self.two(b'=', Tok::GtEq, Tok::Gt)
                    }
                }
                b'\n' => self.make(Tok::Line),
                b' ' | b'\r' | b'\t' => {
                    while matches!(self.peek(), b' ' | b'\r' | b'\t') && !self.at_end() {
                        self.advance();
                    }
                    continue;
                }
                b'"' => {
                    if self.peek() == b'"' && self.peek_next() == b'"' {
                        self.advance();
                        self.advance();
                        return self.read_raw_string();
                    }
                    return self.read_string();
                }
                b'_' => {
                    let kind = if self.peek() == b'_' {
                        Tok::StaticField
                    } else {
                        Tok::Field
                    };
                    return self.read_name(kind);
                }
                b'0' if self.peek() == b'x' => return self.read_hex(),
                c if c.is_ascii_digit() => return self.read_number(),
                c if is_name_start(c) => return self.read_name(Tok::Name),
                c => {
                    if (b' '..=b'~').contains(&c) {
                        self.error(format!("Invalid character '{}'.", c as char));
                    } else {
                        self.error(format!("Invalid byte 0x{c:x}."));
                    }
                    self.make(Tok::Error)
                }
            };
            return t;
        }
    }

    fn read_name(&mut self, kind: Tok) -> Token {
        while is_name(self.peek()) && !self.at_end() {
            self.advance();
        }
        let text = &self.src[self.start..self.pos];
        let kind = if kind == Tok::Name {
            keyword(text).unwrap_or(Tok::Name)
        } else {
            kind
        };
        self.make(kind)
    }

    fn number_token(&mut self, n: Option<f64>) -> Token {
        let mut t = self.make(Tok::Number);
        match n {
            Some(n) if n.is_finite() => t.value = Literal::Num(n),
            _ => {
                // The reference prints sizeof(long int) here.
                self.error("Number literal was too large (8).".into());
                t.value = Literal::Num(0.0);
            }
        }
        t
    }

    fn read_hex(&mut self) -> Token {
        self.advance(); // the 'x'
        while self.peek().is_ascii_hexdigit() {
            self.advance();
        }
        // The reference reads the character after the digits and un-reads it without undoing
        // its line count: a newline right after a hex literal counts twice.
        if self.peek() == b'\n' {
            self.line += 1;
        }
        let digits = std::str::from_utf8(&self.src[self.start + 2..self.pos]).unwrap_or("");
        let mut n: f64 = 0.0;
        let mut ok = true;
        let mut any = false;
        for c in digits.chars() {
            any = true;
            n = n * 16.0 + c.to_digit(16).unwrap_or(0) as f64;
            if n > u64::MAX as f64 {
                ok = false;
            }
        }
        if !any {
            n = 0.0;
        }
        // C's strtoll saturates and sets ERANGE beyond i64.
        if n > i64::MAX as f64 {
            ok = false;
        }
        self.number_token(if ok { Some(n) } else { None })
    }

    fn read_number(&mut self) -> Token {
        while self.peek().is_ascii_digit() {
            self.advance();
        }
        if self.peek() == b'.' && self.peek_next().is_ascii_digit() {
            self.advance();
            while self.peek().is_ascii_digit() {
                self.advance();
            }
        }
        if self.peek() == b'e' || self.peek() == b'E' {
            self.advance();
            if self.peek() == b'-' || self.peek() == b'+' {
                self.advance();
            }
            if !self.peek().is_ascii_digit() {
                self.error("Unterminated scientific notation.".into());
            }
            while self.peek().is_ascii_digit() {
                self.advance();
            }
        }
        let text = std::str::from_utf8(&self.src[self.start..self.pos]).unwrap_or("0");
        // Parse the longest valid prefix, as strtod does ("1e" reads as 1).
        let mut end = text.len();
        let mut parsed = None;
        while end > 0 {
            if let Ok(n) = text[..end].parse::<f64>() {
                parsed = Some((n, &text[..end]));
                break;
            }
            end -= 1;
        }
        let n = match parsed {
            Some((n, digits)) => {
                let mantissa = digits.split(['e', 'E']).next().unwrap_or("");
                let nonzero = mantissa.bytes().any(|b| (b'1'..=b'9').contains(&b));
                // strtod reports ERANGE on overflow and on underflow.
                if n.is_infinite() || (nonzero && n.abs() < f64::MIN_POSITIVE) {
                    None
                } else {
                    Some(n)
                }
            }
            None => Some(0.0),
        };
        self.number_token(n)
    }

    /// Reads `digits` hex digits of an escape. Mirrors the reference exactly, because error
    /// lines depend on it: an incomplete escape un-reads the character before it; a bad digit is
    /// un-read but a newline it consumed still counts as a line; the value read so far is kept.
    fn read_hex_escape(&mut self, digits: usize, what: &str) -> u32 {
        let mut v: u32 = 0;
        for _ in 0..digits {
            if self.peek() == b'"' || self.at_end() {
                self.error(format!("Incomplete {what} escape sequence."));
                self.pos -= 1;
                break;
            }
            let c = self.advance();
            match (c as char).to_digit(16) {
                Some(d) => v = v.wrapping_mul(16) | d,
                None => {
                    self.pos -= 1;
                    self.error(format!("Invalid {what} escape sequence."));
                    break;
                }
            }
        }
        v
    }

    /// Reads the rest of a string literal (after the opening quote or the `)` that ends an
    /// interpolated expression).
    fn read_string(&mut self) -> Token {
        let mut bytes = Vec::new();
        let mut kind = Tok::String;
        loop {
            if self.at_end() {
                self.error("Unterminated string.".into());
                break;
            }
            let c = self.advance();
            if c == b'"' {
                break;
            }
            if c == b'\r' {
                continue;
            }
            if c == b'%' {
                if self.parens.len() < MAX_INTERPOLATION_NESTING {
                    // The reference consumes the character after '%' whatever it is.
                    if self.advance() != b'(' {
                        self.error("Expect '(' after '%'.".into());
                    }
                    self.parens.push(1);
                    kind = Tok::Interpolation;
                    break;
                }
                self.error(format!(
                    "Interpolation may only nest {MAX_INTERPOLATION_NESTING} levels deep."
                ));
            }
            if c == b'\\' {
                if self.at_end() {
                    self.error("Unterminated string.".into());
                    break;
                }
                let e = self.advance();
                match e {
                    b'"' => bytes.push(b'"'),
                    b'\\' => bytes.push(b'\\'),
                    b'%' => bytes.push(b'%'),
                    b'0' => bytes.push(0),
                    b'a' => bytes.push(7),
                    b'b' => bytes.push(8),
                    b'e' => bytes.push(0x1b),
                    b'f' => bytes.push(0x0c),
                    b'n' => bytes.push(b'\n'),
                    b'r' => bytes.push(b'\r'),
                    b't' => bytes.push(b'\t'),
                    b'v' => bytes.push(0x0b),
                    b'x' => {
                        let v = self.read_hex_escape(2, "byte");
                        bytes.push(v as u8);
                    }
                    b'u' => {
                        let v = self.read_hex_escape(4, "Unicode");
                        crate::utf8::encode(v, &mut bytes);
                    }
                    b'U' => {
                        let v = self.read_hex_escape(8, "Unicode");
                        crate::utf8::encode(v, &mut bytes);
                    }
                    other => {
                        self.error(format!("Invalid escape character '{}'.", other as char));
                    }
                }
                continue;
            }
            bytes.push(c);
        }
        let mut t = self.make(kind);
        t.value = Literal::Str(bytes);
        t
    }

    /// Reads a `"""` raw string: no escapes or interpolation, `\r` dropped. If the text before
    /// the first newline is only spaces and tabs it is dropped with that newline, and likewise
    /// the text after the last newline.
    fn read_raw_string(&mut self) -> Token {
        let mut bytes: Vec<u8> = Vec::new();
        let mut first_newline: Option<usize> = None;
        let mut last_newline: Option<usize> = None;
        // Whether everything before the first newline so far is blank.
        let mut blank_start = true;
        // Whether everything after the last newline so far is blank.
        let mut blank_end = false;
        loop {
            let c = self.peek();
            self.advance();
            let (c1, c2) = (self.peek(), self.peek_next());
            if c == b'\r' {
                continue;
            }
            if c == b'"' && c1 == b'"' && c2 == b'"' {
                self.advance();
                self.advance();
                break;
            }
            // Like the reference, the end is noticed while looking two bytes ahead; the
            // character is un-read and the two "closing quotes" are consumed anyway.
            if c == 0 || c1 == 0 || c2 == 0 {
                self.error("Unterminated raw string.".into());
                if c != 0 {
                    self.pos -= 1;
                }
                self.advance();
                self.advance();
                break;
            }
            let is_ws = c == b' ' || c == b'\t';
            if c == b'\n' {
                if first_newline.is_none() {
                    first_newline = Some(bytes.len());
                }
                last_newline = Some(bytes.len());
                blank_end = true;
            } else if !is_ws {
                blank_end = false;
                if first_newline.is_none() {
                    blank_start = false;
                }
            }
            bytes.push(c);
        }
        let mut offset = 0;
        let mut count = bytes.len();
        if let Some(f) = first_newline {
            if blank_start {
                offset = f + 1;
            }
        }
        if let Some(l) = last_newline {
            if blank_end {
                count = l;
            }
        }
        let body = if offset > count {
            Vec::new()
        } else {
            bytes[offset..count].to_vec()
        };
        let mut t = self.make(Tok::String);
        t.value = Literal::Str(body);
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok> {
        let mut l = Lexer::new(src.as_bytes());
        let mut out = Vec::new();
        loop {
            let t = l.next_token();
            out.push(t.kind);
            if t.kind == Tok::Eof {
                return out;
            }
        }
    }

    #[test]
    fn punctuation_and_keywords() {
        use Tok::*;
        assert_eq!(
            kinds("class Foo is Bar { _x __y ... .. . <= << }"),
            vec![
                Class,
                Name,
                Is,
                Name,
                LeftBrace,
                Field,
                StaticField,
                DotDotDot,
                DotDot,
                Dot,
                LtEq,
                LtLt,
                RightBrace,
                Eof
            ]
        );
    }

    #[test]
    fn numbers() {
        let mut l = Lexer::new(b"12 1.5 0xff 2e3 1.foo");
        let mut nums = Vec::new();
        loop {
            let t = l.next_token();
            if t.kind == Tok::Eof {
                break;
            }
            if let Literal::Num(n) = t.value {
                nums.push(n);
            }
        }
        assert_eq!(nums, vec![12.0, 1.5, 255.0, 2000.0, 1.0]);
    }

    #[test]
    fn interpolation_nests() {
        use Tok::*;
        assert_eq!(
            kinds(r#""a %(b + "c %(d)") e""#),
            vec![
                Interpolation,
                Name,
                Plus,
                Interpolation,
                Name,
                String,
                String,
                Eof
            ]
        );
    }

    #[test]
    fn escapes_and_errors() {
        let mut l = Lexer::new(br#""\x41\u00e9\n" "\q""#);
        let t = l.next_token();
        assert_eq!(t.value, Literal::Str(b"A\xc3\xa9\n".to_vec()));
        l.next_token();
        assert_eq!(l.errors.len(), 1);
        assert!(l.errors[0].message.contains("Invalid escape"));
    }

    #[test]
    fn block_comments_nest_and_count_lines() {
        let mut l = Lexer::new(b"/* a /* b */ c \n */ x");
        let t = l.next_token();
        assert_eq!(t.kind, Tok::Name);
        assert_eq!(t.line, 2);
    }
}
