//! The hash table behind Wren's `Map`: open addressing with linear probing and tombstones, sized
//! like C Wren's (capacity a power of two, at least 16, grown by 2x at 75% load). Iteration is in
//! slot order, so an iterator is a slot index, as in the reference.
//!
//! Entries are a key and a value, 16 bytes as in the reference. Hashing and key equality need
//! the heap (string contents and cached string hashes), so callers pass them in as closures.

use crate::value::Value;

const MIN_CAPACITY: usize = 16;
const GROW_FACTOR: usize = 2;
const LOAD_PERCENT: usize = 75;

#[derive(Clone, Copy, Debug)]
struct Entry {
    /// `UNDEFINED` for an empty slot or a tombstone.
    key: Value,
    /// For an empty key: `FALSE` = never used, `TRUE` = tombstone.
    value: Value,
}

const EMPTY: Entry = Entry {
    key: Value::UNDEFINED,
    value: Value::FALSE,
};

/// Whether a table of `capacity` slots can hold `count` entries in a VM: empty maps have no
/// table; other tables are powers of two of at least 16, at most 75% full (growth keeps
/// them so), and at least a quarter full unless minimal (removal halves them when they fall
/// under 37.5%, one halving per removal).
pub fn capacity_fits(capacity: usize, count: usize) -> bool {
    if count == 0 {
        return capacity == 0;
    }
    capacity.is_power_of_two()
        && capacity >= MIN_CAPACITY
        && count <= capacity * LOAD_PERCENT / 100
        && (capacity == MIN_CAPACITY || count * 4 >= capacity)
}

#[derive(Debug, Default, Clone)]
pub struct MapTable {
    entries: Vec<Entry>,
    count: usize,
}

impl MapTable {
    pub fn count(&self) -> usize {
        self.count
    }
    pub fn capacity(&self) -> usize {
        self.entries.len()
    }
    pub fn heap_size(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<Entry>()
    }

    /// Slot index holding a key equal to the probe, if any, and the number of slots probed
    /// (the work, which crafted keys or tombstones can make as large as the capacity).
    pub fn find(&self, hash: u32, mut eq: impl FnMut(Value) -> bool) -> (Option<usize>, usize) {
        let cap = self.entries.len();
        if cap == 0 {
            return (None, 0);
        }
        let mut i = hash as usize & (cap - 1);
        for probes in 1..=cap {
            let e = &self.entries[i];
            if e.key.is_undefined() {
                if e.value.is_falsy() {
                    return (None, probes);
                }
            } else if eq(e.key) {
                return (Some(i), probes);
            }
            i = (i + 1) & (cap - 1);
        }
        (None, cap)
    }

    pub fn value_at(&self, i: usize) -> Value {
        self.entries[i].value
    }
    pub fn key_at(&self, i: usize) -> Value {
        self.entries[i].key
    }
    pub fn set_value_at(&mut self, i: usize, v: Value) {
        self.entries[i].value = v;
    }

    /// Inserts a key known to be absent. `hash_of` hashes keys when the table grows.
    pub fn insert_new(
        &mut self,
        key: Value,
        value: Value,
        hash: u32,
        hash_of: impl Fn(Value) -> u32,
    ) {
        if self.count + 1 > self.entries.len() * LOAD_PERCENT / 100 {
            let cap = (self.entries.len() * GROW_FACTOR).max(MIN_CAPACITY);
            self.resize(cap, &hash_of);
        }
        self.place(key, value, hash);
    }

    /// Puts an entry in the first free slot of its probe sequence (the table has room).
    fn place(&mut self, key: Value, value: Value, hash: u32) {
        let cap = self.entries.len();
        let mut i = hash as usize & (cap - 1);
        loop {
            if self.entries[i].key.is_undefined() {
                self.entries[i] = Entry { key, value };
                self.count += 1;
                return;
            }
            i = (i + 1) & (cap - 1);
        }
    }

    /// Removes the entry in slot `i` (which must hold a key) and returns its value.
    /// `hash_of` hashes keys when the table shrinks.
    pub fn remove_at(&mut self, i: usize, hash_of: impl Fn(Value) -> u32) -> Value {
        let v = self.entries[i].value;
        self.entries[i] = Entry {
            key: Value::UNDEFINED,
            value: Value::TRUE,
        };
        self.count -= 1;
        if self.count == 0 {
            self.entries = Vec::new();
        } else if self.entries.len() > MIN_CAPACITY
            && self.count < self.entries.len() / GROW_FACTOR * LOAD_PERCENT / 100
        {
            let cap = (self.entries.len() / GROW_FACTOR).max(MIN_CAPACITY);
            self.resize(cap, &hash_of);
        }
        v
    }

    pub fn clear(&mut self) {
        self.entries = Vec::new();
        self.count = 0;
    }

    /// Rehashes into `cap` slots, placing the entries in their old slot order, each in the
    /// first free slot from its home (the reference's layout, which iteration order shows).
    /// Probing entry by entry is quadratic when many keys share a cluster (crafted hashes in
    /// an image), so past a budget of probes the placement restarts with a union-find of free
    /// slots, which gives the same layout in near-linear time.
    fn resize(&mut self, cap: usize, hash_of: &impl Fn(Value) -> u32) {
        let old = std::mem::replace(&mut self.entries, vec![EMPTY; cap]);
        self.count = 0;
        let mask = cap - 1;
        let mut budget = 8 * cap;
        'simple: {
            for e in &old {
                if e.key.is_undefined() {
                    continue;
                }
                let mut i = hash_of(e.key) as usize & mask;
                while !self.entries[i].key.is_undefined() {
                    i = (i + 1) & mask;
                    budget = match budget.checked_sub(1) {
                        Some(b) => b,
                        None => break 'simple,
                    };
                }
                self.entries[i] = *e;
                self.count += 1;
            }
            return;
        }
        // next[i] == i: slot i is free; otherwise a slot at or after i (cyclically) that
        // may be. The table never fills (75% load), so every chain ends at a free slot.
        self.entries.fill(EMPTY);
        self.count = 0;
        let mut next: Vec<u32> = (0..cap as u32).collect();
        for e in &old {
            if e.key.is_undefined() {
                continue;
            }
            let home = hash_of(e.key) as usize & mask;
            let mut root = home;
            while next[root] as usize != root {
                root = next[root] as usize;
            }
            let mut j = home;
            while j != root {
                let n = next[j] as usize;
                next[j] = root as u32;
                j = n;
            }
            self.entries[root] = *e;
            self.count += 1;
            next[root] = ((root + 1) & mask) as u32;
        }
    }

    /// A table of `capacity` slots (see [`capacity_fits`]) holding `entries` — `(slot, key,
    /// value, hash of key)` in increasing slot order, as [`MapTable::iter_slots`] lists them
    /// — at their slots. Every free slot on the probe path from a key's home slot to its
    /// entry becomes a tombstone, so that lookups reach it; which other slots are tombstones
    /// is not observable. Linear in the capacity; `scratch` is reused from map to map.
    pub fn from_slots(
        capacity: usize,
        entries: impl ExactSizeIterator<Item = (usize, Value, Value, u32)> + Clone,
        scratch: &mut Vec<i32>,
    ) -> MapTable {
        if capacity == 0 {
            return MapTable::default();
        }
        let count = entries.len();
        let mut table = vec![EMPTY; capacity];
        let mask = capacity - 1;
        let mut displaced = false;
        for (slot, key, value, hash) in entries.clone() {
            table[slot] = Entry { key, value };
            displaced |= hash as usize & mask != slot;
        }
        if displaced {
            // cover[i] > 0 when some probe path passes slot i: a difference array over the
            // cyclic ranges [home, slot).
            scratch.clear();
            scratch.resize(capacity + 1, 0);
            let delta = scratch;
            let mut wraps = 0i32;
            for (slot, _, _, hash) in entries {
                let home = hash as usize & mask;
                if home <= slot {
                    delta[home] += 1;
                    delta[slot] -= 1;
                } else {
                    // [home, capacity) and [0, slot).
                    delta[home] += 1;
                    delta[capacity] -= 1;
                    wraps += 1;
                    delta[slot] -= 1;
                }
            }
            let mut cover = wraps;
            for (i, e) in table.iter_mut().enumerate() {
                cover += delta[i];
                if cover > 0 && e.key.is_undefined() {
                    *e = Entry {
                        key: Value::UNDEFINED,
                        value: Value::TRUE,
                    };
                }
            }
        }
        MapTable {
            entries: table,
            count,
        }
    }

    /// The first occupied slot at or after `from`.
    pub fn next_occupied(&self, from: usize) -> Option<usize> {
        (from..self.entries.len()).find(|&i| !self.entries[i].key.is_undefined())
    }

    /// The entries with the slot each occupies, in slot order.
    pub fn iter_slots(&self) -> impl Iterator<Item = (usize, Value, Value)> + '_ {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.key.is_undefined())
            .map(|(i, e)| (i, e.key, e.value))
    }

    pub fn iter(&self) -> impl Iterator<Item = (Value, Value)> + '_ {
        self.entries
            .iter()
            .filter(|e| !e.key.is_undefined())
            .map(|e| (e.key, e.value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Places entries in old slot order by probing one slot at a time: the layout a
    /// rehash must give.
    fn naive_layout(old: &[Entry], cap: usize, hash_of: impl Fn(Value) -> u32) -> Vec<Entry> {
        let mut table = vec![EMPTY; cap];
        for e in old.iter().filter(|e| !e.key.is_undefined()) {
            let mut i = hash_of(e.key) as usize & (cap - 1);
            while !table[i].key.is_undefined() {
                i = (i + 1) & (cap - 1);
            }
            table[i] = *e;
        }
        table
    }

    /// Colliding hashes (as an image can craft) make probing quadratic; the rehash falls
    /// back to a union-find of free slots and still gives the reference's layout.
    #[test]
    fn rehashing_colliding_keys_keeps_the_layout() {
        for (n, hash_of) in [
            (6_000usize, (|_| 0) as fn(Value) -> u32),
            (6_000, |v| (v.as_num().unwrap() as u32 / 2) * 2),
            (3_000, |v| v.as_num().unwrap() as u32 % 7),
            (1_000, |v| v.as_num().unwrap() as u32),
        ] {
            let mut t = MapTable::default();
            for i in 0..n {
                let k = Value::num(i as f64);
                let (found, _) = t.find(hash_of(k), |x| Value::same(x, k));
                assert!(found.is_none());
                let cap = t.entries.len();
                let grows = t.count + 1 > cap * LOAD_PERCENT / 100;
                let expected = grows.then(|| naive_layout(&t.entries, (cap * 2).max(16), hash_of));
                t.insert_new(k, Value::TRUE, hash_of(k), hash_of);
                if let Some(expected) = expected {
                    // The table as rehashed, before the new key went in.
                    let mut without = t.entries.clone();
                    let at = without.iter().position(|e| Value::same(e.key, k)).unwrap();
                    without[at] = EMPTY;
                    assert!(same_layout(&without, &expected), "{n} keys, at {i}");
                }
            }
        }
    }

    /// 200,000 keys with one hash: probing one slot at a time would take 2*10^10 steps.
    #[test]
    fn rehashing_colliding_keys_is_near_linear() {
        let n = 200_000;
        let cap = 1 << 19;
        let mut t = MapTable {
            entries: vec![EMPTY; cap],
            count: n,
        };
        for (i, e) in t.entries.iter_mut().take(n).enumerate() {
            *e = Entry {
                key: Value::num(i as f64),
                value: Value::TRUE,
            };
        }
        t.resize(cap * 2, &|_| 0);
        assert!(t.entries[..n]
            .iter()
            .enumerate()
            .all(|(i, e)| e.key.as_num() == Some(i as f64)));
    }

    fn same_layout(a: &[Entry], b: &[Entry]) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                Value::same(x.key, y.key) || (x.key.is_undefined() && y.key.is_undefined())
            })
    }

    fn h(v: Value) -> u32 {
        crate::utf8::hash_bits(v.hash_bits())
    }

    /// Random inserts and removals keep every table within `capacity_fits`, and rebuilding
    /// a table from its slots gives the same iteration order and the same lookups.
    #[test]
    fn capacities_and_rebuilt_tables_match_the_vm() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut rand = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..200 {
            let mut t = MapTable::default();
            let mut keys: Vec<f64> = Vec::new();
            let range = 8 + (round * 7) % 300;
            for _ in 0..2000 {
                let k = Value::num((rand() % range as u64) as f64);
                let found = t.find(h(k), |x| Value::same(x, k)).0;
                if rand() % 3 == 0 {
                    if let Some(i) = found {
                        t.remove_at(i, h);
                        keys.retain(|x| *x != k.as_num().unwrap());
                    }
                } else if found.is_none() {
                    t.insert_new(k, Value::TRUE, h(k), h);
                    keys.push(k.as_num().unwrap());
                }
                assert!(
                    capacity_fits(t.capacity(), t.count()),
                    "{} {}",
                    t.capacity(),
                    t.count()
                );
            }
            let slots: Vec<_> = t.iter_slots().map(|(i, k, v)| (i, k, v, h(k))).collect();
            let rebuilt = MapTable::from_slots(t.capacity(), slots.into_iter(), &mut Vec::new());
            let a: Vec<_> = t.iter_slots().map(|(i, k, _)| (i, k.hash_bits())).collect();
            let b: Vec<_> = rebuilt
                .iter_slots()
                .map(|(i, k, _)| (i, k.hash_bits()))
                .collect();
            assert_eq!(a, b);
            for k in &keys {
                let k = Value::num(*k);
                assert_eq!(
                    t.find(h(k), |x| Value::same(x, k)).0,
                    rebuilt.find(h(k), |x| Value::same(x, k)).0
                );
            }
        }
    }
}
