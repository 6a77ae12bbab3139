//! Line tables: the source line of each byte of a function's code, shared (behind an `Rc`)
//! by the image model and the heap's functions, so that neither saving nor restoring expands
//! or compresses them.

/// The source line of each byte of a function's code, stored as runs: one `(first offset,
/// line)` pair per change of line, about one byte per code byte instead of four.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineTable {
    /// `(first code offset, line)`, offsets strictly increasing, the first at 0.
    runs: Box<[(u32, u32)]>,
    /// The number of code bytes covered.
    len: u32,
}

impl LineTable {
    /// From one line per code byte.
    pub fn from_per_byte(lines: &[u32]) -> LineTable {
        let mut runs: Vec<(u32, u32)> = Vec::new();
        for (i, &line) in lines.iter().enumerate() {
            if runs.last().is_none_or(|&(_, l)| l != line) {
                runs.push((i as u32, line));
            }
        }
        LineTable {
            runs: runs.into(),
            len: lines.len() as u32,
        }
    }
    /// `len` code bytes all on `line`.
    pub fn uniform(line: u32, len: usize) -> LineTable {
        LineTable {
            runs: if len == 0 {
                Box::new([])
            } else {
                Box::new([(0, line)])
            },
            len: len as u32,
        }
    }
    /// The line of the code byte at `ip` (`None` past the end).
    pub fn line_at(&self, ip: usize) -> Option<u32> {
        if ip >= self.len as usize {
            return None;
        }
        let i = self
            .runs
            .partition_point(|&(start, _)| start as usize <= ip);
        Some(self.runs[i - 1].1)
    }
    /// The runs from the wire format: each `(line, count)` appends `count` bytes on `line`
    /// (runs of no bytes are dropped and equal neighbours merged, so the table is
    /// canonical). The caller bounds the total.
    pub fn from_runs(mut runs: Vec<(u32, u32)>) -> LineTable {
        // In place: run `i` becomes `(first offset, line)` at `kept`.
        let mut kept = 0;
        let mut len = 0u32;
        for i in 0..runs.len() {
            let (line, n) = runs[i];
            if n == 0 {
                continue;
            }
            if kept == 0 || runs[kept - 1].1 != line {
                runs[kept] = (len, line);
                kept += 1;
            }
            len += n;
        }
        runs.truncate(kept);
        LineTable {
            runs: runs.into_boxed_slice(),
            len,
        }
    }
    /// The runs as `(line, count)` pairs, in code order (what the wire format stores).
    pub fn runs(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.runs.iter().enumerate().map(|(i, &(start, line))| {
            let end = self.runs.get(i + 1).map_or(self.len, |r| r.0);
            (line, end - start)
        })
    }
    /// The number of code bytes covered.
    pub fn len(&self) -> usize {
        self.len as usize
    }
    /// Whether it covers no code.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// One line per code byte.
    pub fn per_byte(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.len as usize);
        for (i, &(start, line)) in self.runs.iter().enumerate() {
            let end = self.runs.get(i + 1).map_or(self.len, |r| r.0);
            out.resize(out.len() + (end - start) as usize, line);
        }
        out
    }
    /// Heap bytes owned.
    pub fn bytes(&self) -> usize {
        std::mem::size_of::<LineTable>() + self.runs.len() * 8
    }
}

#[cfg(test)]
mod line_table_tests {
    use super::LineTable;

    #[test]
    fn runs_give_back_every_line() {
        let per_byte = [3, 3, 3, 4, 4, 7, 3, 3];
        let t = LineTable::from_per_byte(&per_byte);
        for (ip, &line) in per_byte.iter().enumerate() {
            assert_eq!(t.line_at(ip), Some(line), "ip {ip}");
        }
        assert_eq!(t.line_at(per_byte.len()), None);
        assert_eq!(t.per_byte(), per_byte);
        assert_eq!(t.bytes(), std::mem::size_of::<LineTable>() + 4 * 8);
        assert_eq!(LineTable::uniform(0, 0).per_byte(), Vec::<u32>::new());
        assert_eq!(LineTable::uniform(9, 3).per_byte(), [9, 9, 9]);
        assert_eq!(LineTable::from_per_byte(&[]).line_at(0), None);
        let runs: Vec<_> = t.runs().collect();
        assert_eq!(runs, [(3, 3), (4, 2), (7, 1), (3, 2)]);
        assert_eq!(LineTable::from_runs(runs), t);
        let merged = LineTable::from_runs(vec![(3, 1), (3, 2), (5, 0), (4, 2)]);
        assert_eq!(merged.runs().collect::<Vec<_>>(), [(3, 3), (4, 2)]);
    }
}
