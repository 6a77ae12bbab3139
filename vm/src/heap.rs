//! The arena heap and its tracing garbage collector.
//!
//! Objects live in a `Vec` of slots; a [`Handle<T>`] is a typed slot index. Freed slots go on a
//! free list and are reused. Collection is mark-and-sweep from explicit roots with an explicit
//! gray stack: nothing here recurses over the object graph, so a 400,000-deep chain of maps is
//! marked, swept and dropped in constant Rust stack.

use std::cell::Cell;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use crate::object::*;
use crate::value::{ObjRef, Value};

/// A typed handle to a heap object of type `T`.
pub struct Handle<T> {
    r: ObjRef,
    _t: PhantomData<fn() -> T>,
}

impl<T> Handle<T> {
    /// Wraps an untyped reference. The heap's accessors check the type on use.
    #[inline]
    pub fn from_ref(r: ObjRef) -> Self {
        Handle { r, _t: PhantomData }
    }
    /// The untyped reference: the same slot, without the type.
    #[inline]
    pub fn erase(self) -> ObjRef {
        self.r
    }
    /// The object as a Wren value ([`Value::obj`]).
    #[inline]
    pub fn value(self) -> Value {
        Value::obj(self.r)
    }
    /// The arena slot index (an object number in an image).
    #[inline]
    pub fn index(self) -> u32 {
        self.r.index()
    }
}
impl<T> Clone for Handle<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Handle<T> {}
impl<T> PartialEq for Handle<T> {
    fn eq(&self, o: &Self) -> bool {
        self.r == o.r
    }
}
impl<T> Eq for Handle<T> {}
impl<T> Hash for Handle<T> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.r.hash(h)
    }
}
impl<T> fmt::Debug for Handle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.r)
    }
}

/// Implemented by each object type so that handles can be checked and unwrapped.
pub trait HeapObj: Sized {
    const KIND: ObjKind;
    fn wrap(self) -> Obj;
    fn peek(o: &Obj) -> Option<&Self>;
    fn peek_mut(o: &mut Obj) -> Option<&mut Self>;
}

/// The arena.
pub struct Heap {
    slots: Vec<Option<Obj>>,
    marks: Vec<bool>,
    free: Vec<u32>,
    gray: Vec<ObjRef>,
    /// Bytes counted at allocation since the last collection plus what survived it.
    pub bytes_allocated: usize,
    /// Collect when `bytes_allocated` passes this.
    pub next_gc: usize,
    /// Lower bound for `next_gc` after a collection.
    pub min_heap: usize,
    /// `next_gc = live * (100 + growth_percent) / 100`.
    pub growth_percent: usize,
    /// Hard limit on live bytes; `None` for no limit.
    pub max_heap: Option<usize>,
    /// Collect at the first safe point after every allocation (the GC stress mode).
    pub stress: bool,
    live: usize,
    /// Objects allocated since the last collection.
    allocated_since_gc: usize,
    /// Work beyond one unit per instruction, in units of fuel (see
    /// `limits::WORK_BYTES_PER_FUEL`): allocation, collection, and the scans, copies and
    /// comparisons of primitives charge it; the interpreter takes it out of the fuel.
    work: Cell<u64>,
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

impl Heap {
    pub fn new() -> Heap {
        Heap {
            slots: Vec::new(),
            marks: Vec::new(),
            free: Vec::new(),
            gray: Vec::new(),
            bytes_allocated: 0,
            next_gc: 10 * 1024 * 1024,
            min_heap: 1024 * 1024,
            growth_percent: 50,
            max_heap: None,
            stress: false,
            work: Cell::new(0),
            live: 0,
            allocated_since_gc: 0,
        }
    }

    /// Number of live objects.
    pub fn live_count(&self) -> usize {
        self.live
    }
    /// Number of slots (live or free): every handle index is below this.
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    pub fn alloc<T: HeapObj>(&mut self, obj: T) -> Handle<T> {
        Handle::from_ref(self.alloc_obj(obj.wrap()))
    }

    /// Charges `units` of work (see [`Heap::take_work`]).
    #[inline]
    pub fn charge(&self, units: usize) {
        self.work.set(self.work.get().saturating_add(units as u64));
    }

    /// Charges the work of touching `bytes` bytes.
    #[inline]
    pub fn charge_bytes(&self, bytes: usize) {
        self.charge(bytes / crate::limits::WORK_BYTES_PER_FUEL);
    }

    /// Whether any work is charged and not yet taken.
    #[inline(always)]
    pub fn has_work(&self) -> bool {
        self.work.get() != 0
    }

    /// The work charged since the last call, in units of fuel.
    #[inline]
    pub fn take_work(&self) -> u64 {
        self.work.replace(0)
    }

    pub fn alloc_obj(&mut self, obj: Obj) -> ObjRef {
        self.charge_bytes(obj.size());
        self.bytes_allocated += obj.size();
        self.live += 1;
        self.allocated_since_gc += 1;
        if let Some(i) = self.free.pop() {
            self.slots[i as usize] = Some(obj);
            ObjRef::from_index(i)
        } else {
            let i = self.slots.len() as u32;
            self.slots.push(Some(obj));
            self.marks.push(false);
            ObjRef::from_index(i)
        }
    }

    /// Whether a collection is due at the next safe point.
    #[inline]
    pub fn should_collect(&self) -> bool {
        (self.stress && self.allocated_since_gc > 0) || self.bytes_allocated > self.next_gc
    }

    /// Records `bytes` of growth inside an existing object (list or map growth, string building).
    #[inline]
    pub fn note_growth(&mut self, bytes: usize) {
        // Not charged as work: growth is geometric, so its copying is amortized over the
        // instructions that grew the object.
        self.bytes_allocated += bytes;
    }

    /// Whether allocating `bytes` more would pass the heap limit.
    pub fn would_exceed(&self, bytes: usize) -> bool {
        match self.max_heap {
            Some(max) => self.bytes_allocated.saturating_add(bytes) > max,
            None => false,
        }
    }

    /// Whether the live heap is over the host's limit.
    pub fn over_limit(&self) -> bool {
        self.max_heap.is_some_and(|m| self.bytes_allocated > m)
    }

    #[inline]
    pub fn try_obj(&self, r: ObjRef) -> Option<&Obj> {
        self.slots.get(r.index() as usize).and_then(|s| s.as_ref())
    }

    /// The object behind `r`. Panics if `r` names a free slot: a dangling handle is a bug in the
    /// VM or the verifier, never a property of input.
    #[inline(always)]
    pub fn obj(&self, r: ObjRef) -> &Obj {
        match self.slots.get(r.index() as usize) {
            Some(Some(o)) => o,
            _ => dangling(r),
        }
    }
    #[inline(always)]
    pub fn obj_mut(&mut self, r: ObjRef) -> &mut Obj {
        match self.slots.get_mut(r.index() as usize) {
            Some(Some(o)) => o,
            _ => dangling(r),
        }
    }

    #[inline(always)]
    pub fn get<T: HeapObj>(&self, h: Handle<T>) -> &T {
        match T::peek(self.obj(h.erase())) {
            Some(x) => x,
            None => wrong_kind(h.erase(), T::KIND),
        }
    }
    #[inline(always)]
    pub fn get_mut<T: HeapObj>(&mut self, h: Handle<T>) -> &mut T {
        let r = h.erase();
        match T::peek_mut(self.obj_mut(r)) {
            Some(x) => x,
            None => wrong_kind(r, T::KIND),
        }
    }

    /// The typed handle for `v` if it is an object of type `T`.
    #[inline(always)]
    pub fn cast<T: HeapObj>(&self, v: Value) -> Option<Handle<T>> {
        let r = v.as_obj()?;
        T::peek(self.try_obj(r)?)?;
        Some(Handle::from_ref(r))
    }
    /// The object of type `T` behind `v`, if any.
    #[inline(always)]
    pub fn peek<T: HeapObj>(&self, v: Value) -> Option<&T> {
        T::peek(self.try_obj(v.as_obj()?)?)
    }

    pub fn kind_of(&self, v: Value) -> Option<ObjKind> {
        Some(self.try_obj(v.as_obj()?)?.kind())
    }

    /// For [`crate::opcode::decode`]: the upvalue count of the function in constant `k` of
    /// `constants`, if that constant is a function.
    pub fn upvalue_counts<'a>(
        &'a self,
        constants: &'a [Value],
    ) -> impl Fn(u16) -> Option<usize> + 'a {
        move |k| {
            self.peek::<ObjFn>(*constants.get(k as usize)?)
                .map(|f| f.num_upvalues as usize)
        }
    }

    // ---- Strings -----------------------------------------------------------------------------

    pub fn new_string(&mut self, bytes: impl Into<std::rc::Rc<[u8]>>) -> Handle<ObjString> {
        self.alloc(ObjString::new(bytes.into()))
    }
    pub fn str_value(&mut self, s: &str) -> Value {
        self.new_string(s.as_bytes()).value()
    }
    /// The bytes of `v` if it is a string.
    pub fn str_bytes(&self, v: Value) -> Option<&[u8]> {
        self.peek::<ObjString>(v).map(|s| &s.bytes[..])
    }

    // ---- Equality and hashing (C Wren's wrenValuesEqual / hashValue) --------------------------

    /// `wrenValuesEqual`: identity, or equal strings, or equal ranges.
    pub fn values_equal(&self, a: Value, b: Value) -> bool {
        if Value::same(a, b) {
            return true;
        }
        let (Some(ra), Some(rb)) = (a.as_obj(), b.as_obj()) else {
            return false;
        };
        match (self.obj(ra), self.obj(rb)) {
            (Obj::String(x), Obj::String(y)) => {
                if x.hash != y.hash || x.bytes.len() != y.bytes.len() {
                    return false;
                }
                self.charge_bytes(x.bytes.len());
                x.bytes == y.bytes
            }
            (Obj::Range(x), Obj::Range(y)) => {
                x.from == y.from && x.to == y.to && x.inclusive == y.inclusive
            }
            _ => false,
        }
    }

    /// Hash of a valid map key (C Wren's `hashValue`).
    pub fn hash_value(&self, v: Value) -> u32 {
        use crate::utf8::hash_bits;
        match v.as_obj() {
            None => hash_bits(v.hash_bits()),
            Some(r) => match self.obj(r) {
                Obj::String(s) => s.hash,
                Obj::Class(c) => self.get(c.name).hash,
                Obj::Range(rg) => hash_bits(rg.from.to_bits()) ^ hash_bits(rg.to.to_bits()),
                Obj::Fn(f) => hash_bits(f.arity as u64) ^ hash_bits(f.code.len() as u64),
                _ => hash_bits(r.index() as u64),
            },
        }
    }

    // ---- Maps --------------------------------------------------------------------------------

    /// The slot of `key` in `map`'s table, if present, with the probes charged as work
    /// (crafted keys whose hashes collide, or runs of tombstones, make long probe sequences).
    fn map_find(&self, map: Handle<ObjMap>, key: Value, hash: u32) -> Option<usize> {
        let (found, probes) = self
            .get(map)
            .table
            .find(hash, |k| self.values_equal(k, key));
        self.charge(probes);
        found
    }

    pub fn map_get(&self, map: Handle<ObjMap>, key: Value) -> Option<Value> {
        let hash = self.hash_value(key);
        self.map_find(map, key, hash)
            .map(|i| self.get(map).table.value_at(i))
    }

    pub fn map_set(&mut self, map: Handle<ObjMap>, key: Value, value: Value) {
        let hash = self.hash_value(key);
        match self.map_find(map, key, hash) {
            Some(i) => self.get_mut(map).table.set_value_at(i, value),
            None => {
                // The table leaves its object while it may rehash: hashing reads the heap.
                let mut table = std::mem::take(&mut self.get_mut(map).table);
                let (before, capacity) = (table.heap_size(), table.capacity());
                table.insert_new(key, value, hash, |k| self.hash_value(k));
                let grown = table.heap_size().saturating_sub(before);
                self.charge_rehash(capacity, table.capacity());
                self.get_mut(map).table = table;
                self.note_growth(grown);
            }
        }
    }

    pub fn map_remove(&mut self, map: Handle<ObjMap>, key: Value) -> Option<Value> {
        let hash = self.hash_value(key);
        let found = self.map_find(map, key, hash)?;
        let mut table = std::mem::take(&mut self.get_mut(map).table);
        let capacity = table.capacity();
        let v = table.remove_at(found, |k| self.hash_value(k));
        self.charge_rehash(capacity, table.capacity());
        self.get_mut(map).table = table;
        Some(v)
    }

    /// Charges a rehash from `old` to `new` slots as work (amortized over the insertions or
    /// removals since the last one, as growth and shrinking have hysteresis).
    fn charge_rehash(&self, old: usize, new: usize) {
        if old != new {
            self.charge(old + new);
        }
    }

    // ---- Garbage collection ------------------------------------------------------------------

    /// Marks everything reachable from `roots`, frees everything else and returns the number of
    /// objects freed. Foreign objects being freed are reported to `on_free` first.
    pub fn collect(
        &mut self,
        roots: impl IntoIterator<Item = Value>,
        mut on_free: impl FnMut(ObjRef, &Obj),
    ) -> usize {
        let mut live_bytes = 0usize;
        for v in roots {
            self.gray_value(v);
        }
        while let Some(r) = self.gray.pop() {
            let Some(obj) = self.slots[r.index() as usize].as_ref() else {
                continue;
            };
            live_bytes += obj.size();
            // Children are pushed onto `gray`, never visited recursively.
            let gray = &mut self.gray;
            let marks = &mut self.marks;
            let mut push = |r: ObjRef| {
                let m = &mut marks[r.index() as usize];
                if !*m {
                    *m = true;
                    gray.push(r);
                }
            };
            let mut val = |v: Value| {
                if let Some(r) = v.as_obj() {
                    push(r)
                }
            };
            obj.for_each_ref(&mut val);
        }
        let mut freed = 0;
        for (i, slot) in self.slots.iter_mut().enumerate() {
            if self.marks[i] {
                self.marks[i] = false;
            } else if let Some(obj) = slot {
                on_free(ObjRef::from_index(i as u32), obj);
                *slot = None;
                self.free.push(i as u32);
                freed += 1;
            }
        }
        self.live -= freed;
        // Tracing touched every live byte, and sweeping every slot.
        self.charge_bytes(live_bytes);
        self.charge(self.slots.len() / crate::limits::WORK_BYTES_PER_FUEL);
        self.allocated_since_gc = 0;
        self.bytes_allocated = live_bytes;
        self.next_gc =
            (live_bytes.saturating_mul(100 + self.growth_percent) / 100).max(self.min_heap);
        if let Some(max) = self.max_heap {
            self.next_gc = self.next_gc.min(max);
        }
        freed
    }

    fn gray_value(&mut self, v: Value) {
        if let Some(r) = v.as_obj() {
            let i = r.index() as usize;
            if i < self.marks.len() && !self.marks[i] && self.slots[i].is_some() {
                self.marks[i] = true;
                self.gray.push(r);
            }
        }
    }

    /// Replaces an empty heap's contents with `slots` (object `i` in slot `i`, none free), as
    /// a restored image fills it; the accounting starts from their sizes.
    pub(crate) fn install(&mut self, slots: Vec<Option<Obj>>) {
        debug_assert!(self.slots.is_empty());
        let bytes: usize = slots.iter().flatten().map(Obj::size).sum();
        self.live = slots.len();
        self.marks = vec![false; slots.len()];
        self.slots = slots;
        self.free.clear();
        self.bytes_allocated = bytes;
        self.allocated_since_gc = 0;
        self.next_gc = (bytes.saturating_mul(100 + self.growth_percent) / 100)
            .max(self.next_gc)
            .max(self.min_heap);
        if let Some(max) = self.max_heap {
            self.next_gc = self.next_gc.min(max);
        }
    }

    /// Iterates over all live objects (for the fuzz harness and white-box tests).
    #[cfg_attr(not(feature = "internals"), allow(dead_code))]
    pub fn iter(&self) -> impl Iterator<Item = (ObjRef, &Obj)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref().map(|o| (ObjRef::from_index(i as u32), o)))
    }
}

#[cold]
#[inline(never)]
fn dangling(r: ObjRef) -> ! {
    panic!("dangling object handle {r:?}")
}

#[cold]
#[inline(never)]
fn wrong_kind(r: ObjRef, want: ObjKind) -> ! {
    panic!("object {r:?} is not a {}", want.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collect_frees_unreachable_and_reuses_slots() {
        let mut h = Heap::new();
        let a = h.alloc(ObjList::default());
        let b = h.new_string(&b"x"[..]);
        h.get_mut(a).elements.push(b.value());
        let c = h.new_string(&b"garbage"[..]);
        assert_eq!(h.live_count(), 3);
        let freed = h.collect([a.value()], |_, _| {});
        assert_eq!(freed, 1);
        assert_eq!(h.live_count(), 2);
        assert!(h.try_obj(c.erase()).is_none());
        let d = h.new_string(&b"reuse"[..]);
        assert_eq!(d.index(), c.index());
        assert_eq!(h.str_bytes(b.value()), Some(&b"x"[..]));
    }

    #[test]
    fn deep_chain_marks_and_drops_without_recursion() {
        let mut h = Heap::new();
        let mut prev = Value::NULL;
        for _ in 0..1_000_000 {
            let l = h.alloc(ObjList::default());
            h.get_mut(l).elements.push(prev);
            prev = l.value();
        }
        assert_eq!(h.collect([prev], |_, _| {}), 0);
        assert_eq!(h.collect([], |_, _| {}), 1_000_000);
        assert_eq!(h.live_count(), 0);
    }

    #[test]
    fn cycles_are_collected() {
        let mut h = Heap::new();
        let a = h.alloc(ObjList::default());
        let b = h.alloc(ObjList::default());
        h.get_mut(a).elements.push(b.value());
        h.get_mut(b).elements.push(a.value());
        assert_eq!(h.collect([a.value()], |_, _| {}), 0);
        assert_eq!(h.collect([], |_, _| {}), 2);
    }

    #[test]
    fn maps_hash_strings_by_content() {
        let mut h = Heap::new();
        let m = h.alloc(ObjMap::default());
        for i in 0..100 {
            let k = h.str_value(&format!("k{i}"));
            h.map_set(m, k, Value::num(i as f64));
        }
        let k = h.str_value("k42");
        assert_eq!(h.map_get(m, k).and_then(|v| v.as_num()), Some(42.0));
        assert!(h.map_remove(m, k).is_some());
        assert!(h.map_get(m, k).is_none());
        assert_eq!(h.get(m).table.count(), 99);
    }
}
