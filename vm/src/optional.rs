//! The optional modules built into the VM: `meta` and `random`.
//!
//! Their Wren halves are written for this VM; their foreign methods are bound by
//! `(module, class, signature)` exactly like a host's, so a snapshot re-binds them by name.

use std::rc::Rc;

#[cfg(feature = "compiler")]
use crate::object::ObjClosure;
use crate::object::ObjList;
use crate::value::Value;
use crate::vm::{ForeignClassMethods, ForeignMethodFn, Vm};

#[cfg(feature = "compiler")]
const META_SOURCE: &str = r#"
class Meta {
  static getModuleVariables(module) {
    if (!(module is String)) Fiber.abort("Module name must be a string.")
    var names = variableNames_(module)
    if (names == null) Fiber.abort("Could not find a module named '%(module)'.")
    return names
  }

  static eval(source) {
    if (!(source is String)) Fiber.abort("Source code must be a string.")
    var fn = compile_(source, false, false)
    if (fn == null) Fiber.abort("Could not compile source code.")
    fn.call()
  }

  static compileExpression(source) {
    if (!(source is String)) Fiber.abort("Source code must be a string.")
    return compile_(source, true, true)
  }

  static compile(source) {
    if (!(source is String)) Fiber.abort("Source code must be a string.")
    return compile_(source, false, true)
  }

  foreign static compile_(source, isExpression, printErrors)
  foreign static variableNames_(module)
}
"#;

#[cfg(feature = "compiler")]
const RANDOM_SOURCE: &str = r#"
foreign class Random {
  construct new() {
    seed_()
  }

  construct new(seed) {
    if (seed is Num) {
      seed_(seed)
    } else if (seed is Sequence) {
      if (seed.isEmpty) Fiber.abort("Sequence cannot be empty.")
      var seeds = []
      for (value in seed) {
        if (!(value is Num)) Fiber.abort("Sequence elements must all be numbers.")
        seeds.add(value)
        if (seeds.count == 16) break
      }
      var next = 0
      while (seeds.count < 16) {
        seeds.add(seeds[next])
        next = next + 1
      }
      seedAll_(seeds)
    } else {
      Fiber.abort("Seed must be a number or a sequence of numbers.")
    }
  }

  foreign seed_()
  foreign seed_(seed)
  foreign seedAll_(seeds)

  foreign float()
  float(end) { float() * end }
  float(start, end) { float() * (end - start) + start }

  foreign int()
  int(end) { (float() * end).floor }
  int(start, end) { (float() * (end - start)).floor + start }

  sample(list) {
    if (list.isEmpty) Fiber.abort("Not enough elements to sample.")
    return list[int(list.count)]
  }

  sample(list, count) {
    if (count > list.count) Fiber.abort("Not enough elements to sample.")
    if (count * count * 5 < list.count) {
      // Few samples from a big list: draw indexes, redrawing repeats.
      var taken = {}
      var picked = []
      while (picked.count < count) {
        var index = int(list.count)
        if (!taken.containsKey(index)) {
          taken[index] = true
          picked.add(list[index])
        }
      }
      return picked
    }
    // Reservoir sampling over the whole list, in random order.
    var picked = list[0...count]
    shuffle(picked)
    for (i in count...list.count) {
      var slot = int(0, i + 1)
      if (slot < count) picked[slot] = list[i]
    }
    return picked
  }

  shuffle(list) {
    if (list.isEmpty) return
    // Fisher-Yates.
    for (i in 0...list.count - 1) {
      var other = int(i, list.count)
      var held = list[other]
      list[other] = list[i]
      list[i] = held
    }
  }
}
"#;

#[cfg(feature = "compiler")]
/// The source of a built-in module.
pub fn module_source(name: &str) -> Option<&'static str> {
    match name {
        "meta" => Some(META_SOURCE),
        "random" => Some(RANDOM_SOURCE),
        _ => None,
    }
}

/// A built-in foreign method, by `(module, class, static?, signature)`.
pub fn foreign_method(
    module: &str,
    class: &str,
    is_static: bool,
    sig: &str,
) -> Option<ForeignMethodFn> {
    let f: ForeignMethodFn = match (module, class, is_static, sig) {
        ("meta", "Meta", true, "compile_(_,_,_)") => Rc::new(meta_compile),
        ("meta", "Meta", true, "variableNames_(_)") => Rc::new(meta_variable_names),
        ("random", "Random", false, "seed_()") => Rc::new(|vm: &mut Vm| {
            let seed = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as u32)
                .unwrap_or(0);
            seed_from(vm, seed)
        }),
        ("random", "Random", false, "seed_(_)") => Rc::new(|vm: &mut Vm| {
            // C's (uint32_t) conversion of the seed.
            let seed = vm.api_num(1).unwrap_or(0.0) as i64 as u32;
            seed_from(vm, seed)
        }),
        ("random", "Random", false, "seedAll_(_)") => Rc::new(random_seed_all),
        ("random", "Random", false, "float()") => Rc::new(|vm: &mut Vm| {
            let f = with_well(vm, |w| {
                // 53 random bits: 32 shifted left by 21, plus 21 more.
                let hi = w.next() as f64 * (1u64 << 21) as f64;
                let lo = (w.next() & ((1 << 21) - 1)) as f64;
                (hi + lo) / 9007199254740992.0
            });
            vm.set_api_slot(0, Value::num(f));
        }),
        ("random", "Random", false, "int()") => Rc::new(|vm: &mut Vm| {
            let n = with_well(vm, |w| w.next() as f64);
            vm.set_api_slot(0, Value::num(n));
        }),
        _ => return None,
    };
    Some(f)
}

/// A built-in foreign class.
pub fn foreign_class(module: &str, class: &str) -> Option<ForeignClassMethods> {
    match (module, class) {
        ("random", "Random") => Some(ForeignClassMethods {
            allocate: Rc::new(|vm: &mut Vm| {
                vm.set_slot_new_foreign(0, Well512::default().to_bytes());
            }),
            finalize: None,
            validate: Some(Rc::new(|bytes: &[u8]| {
                if bytes.len() == 68 {
                    Ok(())
                } else {
                    Err(format!(
                        "a Random holds 68 bytes of generator state, not {}",
                        bytes.len()
                    ))
                }
            })),
        }),
        _ => None,
    }
}

/// `Meta.compile_(source, isExpression, printErrors)`: compiles in the module of the code that
/// called the `Meta` method.
fn meta_compile(vm: &mut Vm) {
    let source = vm.api_str(1).unwrap_or_default();
    // Compiling costs far more than copying: a unit of fuel per source byte.
    vm.heap.charge(source.len());
    let is_expression = vm.api_slot(2).as_bool() == Some(true);
    let report = vm.api_slot(3).as_bool() == Some(true);
    // The frame below the Meta method's own frame is the caller's.
    let module = vm
        .frames
        .len()
        .checked_sub(2)
        .map(|i| vm.frames[i].closure)
        .and_then(|c| vm.heap.get(vm.heap.get(c).func).module);
    let Some(module) = module else {
        vm.set_api_slot(0, Value::NULL);
        return;
    };
    #[cfg(feature = "compiler")]
    let result = match crate::compiler::compile(vm, module, &source, is_expression, report) {
        Ok(func) => vm
            .heap
            .alloc(ObjClosure {
                func,
                upvalues: Box::new([]),
            })
            .value(),
        Err(_) => Value::NULL,
    };
    #[cfg(feature = "compiler")]
    vm.set_api_slot(0, result);
    #[cfg(not(feature = "compiler"))]
    {
        let _ = (source, is_expression, report, module);
        let error = vm.str("Meta.compile and Meta.eval need the compiler, which this VM lacks.");
        vm.abort_fiber(error);
    }
}

/// `Meta.variableNames_(module)`: the names of a module's variables, or null.
fn meta_variable_names(vm: &mut Vm) {
    let name = vm.api_str(1).unwrap_or_default();
    let Some(module) = vm.find_module(Some(&name)) else {
        vm.set_api_slot(0, Value::NULL);
        return;
    };
    let names = vm.heap.get(module).variable_names.clone();
    let elements = names.iter().map(|n| vm.str(n)).collect();
    let list = vm.heap.alloc(ObjList { elements });
    vm.set_api_slot(0, list.value());
}

/// WELL512a state: sixteen words and an index.
#[derive(Default, Clone)]
struct Well512 {
    state: [u32; 16],
    index: u32,
}

impl Well512 {
    fn next(&mut self) -> u32 {
        let i = self.index as usize;
        let s = &mut self.state;
        let mut a = s[i];
        let mut c = s[(i + 13) & 15];
        let b = a ^ c ^ (a << 16) ^ (c << 15);
        c = s[(i + 9) & 15];
        c ^= c >> 11;
        s[i] = b ^ c;
        a = s[i];
        let d = a ^ ((a << 5) & 0xda44_2d24);
        let j = (i + 15) & 15;
        self.index = j as u32;
        a = s[j];
        s[j] = a ^ b ^ d ^ (a << 2) ^ (b << 18) ^ (c << 28);
        s[j]
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(68);
        for w in self.state {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out.extend_from_slice(&self.index.to_le_bytes());
        out
    }

    fn from_bytes(b: &[u8]) -> Well512 {
        let mut w = Well512::default();
        if b.len() >= 68 {
            for (i, chunk) in b[..64].chunks_exact(4).enumerate() {
                w.state[i] = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
            }
            w.index = u32::from_le_bytes([b[64], b[65], b[66], b[67]]) & 15;
        }
        w
    }
}

fn with_well<R>(vm: &mut Vm, f: impl FnOnce(&mut Well512) -> R) -> R {
    let Some(data) = vm.api_foreign_mut(0) else {
        return f(&mut Well512::default());
    };
    let mut w = Well512::from_bytes(data);
    let r = f(&mut w);
    *data = w.to_bytes();
    r
}

/// The C library's `rand()` after `srand(seed)`, as glibc implements it (an additive
/// lagged-Fibonacci generator over 31-bit words seeded by a Lehmer sequence). The reference
/// seeds WELL512 with sixteen of its outputs, so matching it makes `Random.new(seed)` produce
/// the reference's sequences.
struct CRand {
    r: Vec<u32>,
}

impl CRand {
    fn new(seed: u32) -> CRand {
        let seed = if seed == 0 { 1 } else { seed };
        let mut r = vec![0u32; 34];
        r[0] = seed;
        for i in 1..31 {
            // 16807 * r[i-1] mod (2^31 - 1), computed on signed 32-bit words as glibc does.
            let prev = r[i - 1] as i32 as i64;
            let mut v = (16807 * prev) % 2147483647;
            if v < 0 {
                v += 2147483647;
            }
            r[i] = v as u32;
        }
        for i in 31..34 {
            r[i] = r[i - 31];
        }
        let mut g = CRand { r };
        // glibc discards the first 310 outputs.
        for _ in 0..310 {
            g.next_raw();
        }
        g
    }

    fn next_raw(&mut self) -> u32 {
        let n = self.r.len();
        let v = self.r[n - 31].wrapping_add(self.r[n - 3]);
        self.r.push(v);
        if self.r.len() > 64 {
            self.r.drain(..self.r.len() - 34);
        }
        v
    }

    /// The next `rand()` result, in `0..2^31`.
    fn next(&mut self) -> u32 {
        self.next_raw() >> 1
    }
}

/// `seed_(seed)`: like the reference, `srand(seed)` then sixteen `rand()` results.
fn seed_from(vm: &mut Vm, seed: u32) {
    let mut c = CRand::new(seed);
    with_well(vm, |w| {
        for s in w.state.iter_mut() {
            *s = c.next();
        }
        w.index = 0;
    });
    vm.set_api_slot(0, Value::NULL);
}

/// `seedAll_(list)`: sixteen numbers become the state directly.
fn random_seed_all(vm: &mut Vm) {
    let list = vm.api_slot(1);
    let seeds: Vec<u32> = match vm.heap.peek::<ObjList>(list) {
        Some(l) => l
            .elements
            .iter()
            .map(|v| v.as_num().unwrap_or(0.0) as i64 as u32)
            .collect(),
        None => Vec::new(),
    };
    with_well(vm, |w| {
        for (i, s) in w.state.iter_mut().enumerate() {
            *s = seeds.get(i).copied().unwrap_or(0);
        }
        w.index = 0;
    });
    vm.set_api_slot(0, Value::NULL);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_rand_matches_glibc() {
        // glibc: srand(1); rand() x3.
        let mut c = CRand::new(1);
        assert_eq!(
            [c.next(), c.next(), c.next()],
            [1804289383, 846930886, 1681692777]
        );
    }
}
