//! Wren programs generated from `arbitrary` choices: the "generated heaps and paused
//! programs" of the round-trip properties. A program builds a heap of every kind of object —
//! numbers (NaN, infinities, -0), strings (escapes, UTF-8, invalid bytes), lists, maps with
//! every kind of key, ranges, instances, closures over locals, fibers paused mid-loop with
//! open upvalues, cycles — and mutates it; the harness then pauses it at an arbitrary
//! instruction and round-trips it.
//!
//! Programs stay mostly well-typed (the generator tracks what each variable holds), so that
//! they run far instead of stopping at the first runtime error.

use std::fmt::Write;

use arbitrary::{Result, Unstructured};

/// What a module variable is known to hold.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Num,
    Str,
    List,
    Map,
    Range,
    Pair,
    Fn,
    Fiber,
    Other,
}

const PRELUDE: &str = r#"class Pair {
  construct new(a, b) {
    _a = a
    _b = b
  }
  a { _a }
  b { _b }
  b=(v) { _b = v }
  swap() { Pair.new(_b, _a) }
  toString { "(%(_a), %(_b))" }
  static of(x) { Pair.new(x, x) }
}
var Log = []
"#;

struct Gen<'u, 'a> {
    u: &'u mut Unstructured<'a>,
    out: String,
    vars: Vec<Kind>,
    /// Statements still allowed (a bound on the program's size).
    budget: u32,
}

/// A Wren program of up to about 40 statements.
pub fn program(u: &mut Unstructured) -> Result<String> {
    let mut g = Gen {
        u,
        out: String::from(PRELUDE),
        vars: Vec::new(),
        budget: 40,
    };
    let n = g.u.int_in_range(1..=24)?;
    for _ in 0..n {
        if g.budget == 0 || g.u.is_empty() {
            break;
        }
        g.statement(0)?;
    }
    // Print the heap at the end, so that a run's output depends on all of it.
    for i in 0..g.vars.len() {
        if g.vars[i] != Kind::Fiber && g.vars[i] != Kind::Fn {
            writeln!(g.out, "System.print(v{i})").unwrap();
        }
    }
    writeln!(g.out, "System.print(Log)").unwrap();
    Ok(g.out)
}

impl Gen<'_, '_> {
    fn var_of(&mut self, kind: Kind) -> Result<Option<usize>> {
        let matching: Vec<usize> = (0..self.vars.len())
            .filter(|&i| self.vars[i] == kind)
            .collect();
        if matching.is_empty() {
            return Ok(None);
        }
        Ok(Some(matching[self.u.choose_index(matching.len())?]))
    }

    fn any_var(&mut self) -> Result<Option<usize>> {
        if self.vars.is_empty() {
            return Ok(None);
        }
        Ok(Some(self.u.choose_index(self.vars.len())?))
    }

    fn num(&mut self) -> Result<String> {
        Ok(match self.u.int_in_range(0..=9)? {
            0 => "0".into(),
            1 => "-0".into(),
            2 => "(0/0)".into(),
            3 => "(1/0)".into(),
            4 => "(-1/0)".into(),
            5 => "1e300".into(),
            6 => format!("{}", self.u.int_in_range(-1000..=1000)?),
            7 => format!("{}.5", self.u.int_in_range(-9..=9)?),
            8 => "0x7fffffff".into(),
            _ => format!("{}", self.u.int_in_range(0..=10)?),
        })
    }

    fn string(&mut self) -> Result<String> {
        Ok(match self.u.int_in_range(0..=7)? {
            0 => "\"\"".into(),
            1 => "\"a\"".into(),
            2 => "\"héllo wörld\"".into(),
            3 => "\"tab\\tnew\\nline\\\"q\\\"\"".into(),
            4 => "\"\\xff\\x00bytes\"".into(),
            5 => "\"\\U0001F600\\u00e9\"".into(),
            6 => format!("\"k{}\"", self.u.int_in_range(0..=5)?),
            _ => format!("\"%({})\"", self.num()?),
        })
    }

    /// A map key: any value type Wren allows as a key.
    fn key(&mut self) -> Result<String> {
        Ok(match self.u.int_in_range(0..=6)? {
            0 => self.num()?,
            1 => self.string()?,
            2 => "true".into(),
            3 => "null".into(),
            4 => format!("(1..{})", self.u.int_in_range(0..=3)?),
            5 => "Pair".into(),
            _ => format!("{}", self.u.int_in_range(0..=7)?),
        })
    }

    fn expr(&mut self, depth: u32) -> Result<(String, Kind)> {
        let leaf = depth >= 3;
        let choice = if leaf {
            self.u.int_in_range(0..=3)?
        } else {
            self.u.int_in_range(0..=13)?
        };
        Ok(match choice {
            0 => (self.num()?, Kind::Num),
            1 => (self.string()?, Kind::Str),
            2 => match self.any_var()? {
                Some(i) => (format!("v{i}"), self.vars[i]),
                None => ("null".into(), Kind::Other),
            },
            3 => (
                ["null", "true", "false", "Pair", "Num", "System"][self.u.choose_index(6)?].into(),
                Kind::Other,
            ),
            4 | 5 => {
                let n = self.u.int_in_range(0..=4)?;
                let mut items = Vec::new();
                for _ in 0..n {
                    items.push(self.expr(depth + 1)?.0);
                }
                (format!("[{}]", items.join(", ")), Kind::List)
            }
            6 | 7 => {
                let n = self.u.int_in_range(0..=4)?;
                let mut items = Vec::new();
                for _ in 0..n {
                    let k = self.key()?;
                    let v = self.expr(depth + 1)?.0;
                    items.push(format!("{k}: {v}"));
                }
                (format!("{{{}}}", items.join(", ")), Kind::Map)
            }
            8 => {
                let (a, b) = (self.num()?, self.num()?);
                let dots = if self.u.arbitrary()? { ".." } else { "..." };
                (format!("({a}{dots}{b})"), Kind::Range)
            }
            9 => {
                let (a, b) = (self.expr(depth + 1)?.0, self.expr(depth + 1)?.0);
                (format!("Pair.new({a}, {b})"), Kind::Pair)
            }
            10 => {
                // A closure over a module variable, or over a fresh local of a block.
                let (e, _) = self.expr(depth + 1)?;
                if self.u.arbitrary()? {
                    (format!("Fn.new {{|x| [x, {e}] }}"), Kind::Fn)
                } else {
                    (
                        format!("Fn.new {{\n  var c = {e}\n  return Fn.new {{\n    c = [c]\n    return c\n  }}\n}}.call()"),
                        Kind::Fn,
                    )
                }
            }
            11 => (self.fiber(depth)?, Kind::Fiber),
            12 => match self.var_of(Kind::Str)? {
                Some(i) => (format!("(v{i} + {})", self.string()?), Kind::Str),
                None => (format!("{}.toString", self.num()?), Kind::Str),
            },
            _ => match self.var_of(Kind::Num)? {
                Some(i) => (format!("(v{i} * 2 + {})", self.num()?), Kind::Num),
                None => (self.num()?, Kind::Num),
            },
        })
    }

    /// A fiber that loops, yielding, with a local a closure captures (an open upvalue while
    /// it is paused) and a nested call in progress.
    fn fiber(&mut self, depth: u32) -> Result<String> {
        let (e, _) = self.expr(depth + 1)?;
        Ok(match self.u.int_in_range(0..=2)? {
            0 => format!(
                "Fiber.new {{|x|\n  var acc = [x, {e}]\n  var f = Fn.new {{|y| acc.add(y) }}\n  while (true) {{\n    x = Fiber.yield(acc.count)\n    f.call(x)\n  }}\n}}"
            ),
            1 => format!(
                "Fiber.new {{\n  var p = Pair.new(0, {e})\n  for (i in 0...1000) {{\n    p.b = Fiber.yield(p)\n    p = p.swap()\n  }}\n}}"
            ),
            _ => format!(
                "Fiber.new {{\n  var deep\n  deep = Fn.new {{|n| n == 0 ? Fiber.yield({e}) : [n, deep.call(n - 1)] }}\n  while (true) Log.add(deep.call(5))\n}}"
            ),
        })
    }

    fn statement(&mut self, depth: u32) -> Result<()> {
        self.budget = self.budget.saturating_sub(1);
        let choice = self.u.int_in_range(0..=11)?;
        match choice {
            0..=2 => {
                let (e, k) = self.expr(0)?;
                let i = self.vars.len();
                if depth == 0 && i < 32 {
                    writeln!(self.out, "var v{i} = {e}").unwrap();
                    self.vars.push(k);
                } else {
                    writeln!(self.out, "Log.add({e})").unwrap();
                }
            }
            3 => {
                if let Some(i) = self.any_var()? {
                    let (e, k) = self.expr(0)?;
                    // Inside a loop the kind could differ between iterations; keep it.
                    if depth == 0 || k == self.vars[i] {
                        writeln!(self.out, "v{i} = {e}").unwrap();
                        self.vars[i] = k;
                    }
                }
            }
            4 => {
                if let Some(i) = self.var_of(Kind::List)? {
                    let (e, _) = self.expr(1)?;
                    let line = match self.u.int_in_range(0..=4)? {
                        0 => format!("v{i}.add({e})"),
                        1 => format!("v{i}.insert(0, {e})"),
                        2 => format!("if (v{i}.count > 0) v{i}.removeAt(-1)"),
                        3 => format!("v{i}.add(v{i})"),
                        _ => format!("if (v{i}.count > 0) v{i}[0] = {e}"),
                    };
                    writeln!(self.out, "{line}").unwrap();
                }
            }
            5 => {
                if let Some(i) = self.var_of(Kind::Map)? {
                    let k = self.key()?;
                    let (e, _) = self.expr(1)?;
                    let line = match self.u.int_in_range(0..=2)? {
                        0 => format!("v{i}[{k}] = {e}"),
                        1 => format!("v{i}.remove({k})"),
                        _ => format!("for (j in 0...20) v{i}[j] = j"),
                    };
                    writeln!(self.out, "{line}").unwrap();
                }
            }
            6 => {
                if let Some(i) = self.var_of(Kind::Fiber)? {
                    let (e, _) = self.expr(1)?;
                    writeln!(self.out, "if (!v{i}.isDone) Log.add(v{i}.try({e}))").unwrap();
                }
            }
            7 => {
                if let Some(i) = self.var_of(Kind::Fn)? {
                    let (e, _) = self.expr(1)?;
                    writeln!(
                        self.out,
                        "Log.add(v{i}.arity == 0 ? v{i}.call() : v{i}.call({e}))"
                    )
                    .unwrap();
                }
            }
            8 => {
                if let Some(i) = self.var_of(Kind::Pair)? {
                    let (e, _) = self.expr(1)?;
                    writeln!(self.out, "v{i}.b = {e}").unwrap();
                }
            }
            9 if depth < 2 => {
                let n = self.u.int_in_range(1..=60)?;
                writeln!(self.out, "for (i in 0...{n}) {{").unwrap();
                let k = self.u.int_in_range(1..=3)?;
                for _ in 0..k {
                    self.statement(depth + 1)?;
                }
                writeln!(self.out, "}}").unwrap();
            }
            10 => {
                if let Some(i) = self.any_var()? {
                    writeln!(self.out, "System.print(v{i})").unwrap();
                } else {
                    writeln!(self.out, "System.gc()").unwrap();
                }
            }
            _ => {
                // Locals captured by closures that outlive the block.
                writeln!(
                    self.out,
                    "for (i in 0...3) {{\n  var c = [i]\n  Log.add(Fn.new {{ c.add(i) }})\n}}"
                )
                .unwrap();
            }
        }
        Ok(())
    }
}
