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

    /// Slot index holding a key equal to the probe, if any.
    pub fn find(&self, hash: u32, mut eq: impl FnMut(Value) -> bool) -> Option<usize> {
        let cap = self.entries.len();
        if cap == 0 {
            return None;
        }
        let mut i = hash as usize & (cap - 1);
        for _ in 0..cap {
            let e = &self.entries[i];
            if e.key.is_undefined() {
                if e.value.is_falsy() {
                    return None;
                }
            } else if eq(e.key) {
                return Some(i);
            }
            i = (i + 1) & (cap - 1);
        }
        None
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

    fn resize(&mut self, cap: usize, hash_of: &impl Fn(Value) -> u32) {
        let old = std::mem::replace(&mut self.entries, vec![EMPTY; cap]);
        self.count = 0;
        for e in old {
            if !e.key.is_undefined() {
                self.place(e.key, e.value, hash_of(e.key));
            }
        }
    }

    /// The first occupied slot at or after `from`.
    pub fn next_occupied(&self, from: usize) -> Option<usize> {
        (from..self.entries.len()).find(|&i| !self.entries[i].key.is_undefined())
    }

    pub fn iter(&self) -> impl Iterator<Item = (Value, Value)> + '_ {
        self.entries
            .iter()
            .filter(|e| !e.key.is_undefined())
            .map(|e| (e.key, e.value))
    }
}
