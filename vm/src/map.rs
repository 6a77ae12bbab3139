//! The hash table behind Wren's `Map`: open addressing with linear probing and tombstones, sized
//! like C Wren's (capacity a power of two, at least 16, grown by 2x at 75% load). Iteration is in
//! slot order, so an iterator is a slot index, as in the reference.
//!
//! The table stores each key's hash beside it; key equality needs the heap (string contents), so
//! callers pass it in as a closure.

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
    hash: u32,
}

const EMPTY: Entry = Entry {
    key: Value::UNDEFINED,
    value: Value::FALSE,
    hash: 0,
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
            } else if e.hash == hash && eq(e.key) {
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

    /// Inserts a key known to be absent.
    pub fn insert_new(&mut self, key: Value, value: Value, hash: u32) {
        if self.count + 1 > self.entries.len() * LOAD_PERCENT / 100 {
            let cap = (self.entries.len() * GROW_FACTOR).max(MIN_CAPACITY);
            self.resize(cap);
        }
        let cap = self.entries.len();
        let mut i = hash as usize & (cap - 1);
        loop {
            if self.entries[i].key.is_undefined() {
                self.entries[i] = Entry { key, value, hash };
                self.count += 1;
                return;
            }
            i = (i + 1) & (cap - 1);
        }
    }

    /// Removes the entry in slot `i` (which must hold a key) and returns its value.
    pub fn remove_at(&mut self, i: usize) -> Value {
        let v = self.entries[i].value;
        self.entries[i] = Entry {
            key: Value::UNDEFINED,
            value: Value::TRUE,
            hash: 0,
        };
        self.count -= 1;
        if self.count == 0 {
            self.entries = Vec::new();
        } else if self.entries.len() > MIN_CAPACITY
            && self.count < self.entries.len() / GROW_FACTOR * LOAD_PERCENT / 100
        {
            let cap = (self.entries.len() / GROW_FACTOR).max(MIN_CAPACITY);
            self.resize(cap);
        }
        v
    }

    pub fn clear(&mut self) {
        self.entries = Vec::new();
        self.count = 0;
    }

    fn resize(&mut self, cap: usize) {
        let old = std::mem::replace(&mut self.entries, vec![EMPTY; cap]);
        self.count = 0;
        for e in old {
            if !e.key.is_undefined() {
                self.insert_new(e.key, e.value, e.hash);
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
