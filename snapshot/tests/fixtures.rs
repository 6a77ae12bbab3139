//! The `test/snapshot/restore/bad*` fixtures: each image breaks one rule, and restoring it
//! must fail with that rule, in that layer, at that object and byte offset, with that message
//! (recorded in the `.expect` file beside it).
//!
//! `BLESS=1 cargo test -p wren-snapshot --test fixtures` regenerates every fixture from its
//! recipe below (needed after a change to the format, the primitives or the instruction set,
//! which changes every image's fingerprint). Without it, the test only reads the committed
//! files, and checks that every rule of every layer has a fixture.

use std::collections::BTreeSet;

use wren_snapshot::format::{self, DecodeRule};
use wren_snapshot::{encode, Options, RestoreError};
use wren_vm::image::*;
use wren_vm::object::ObjKind;
use wren_vm::opcode::op;
use wren_vm::value::ObjRef;
use wren_vm::{Config, Value, Vm};

mod common;
use common::{base, core, dir};

/// How a fixture is restored.
#[derive(Clone, Default)]
struct Setup {
    /// Options in the form `key=value` (see [`apply`]).
    options: Vec<(&'static str, usize)>,
}

fn apply(setup: &Setup) -> (Options, Option<usize>) {
    let mut o = Options::default();
    let mut max_heap = None;
    for &(k, v) in &setup.options {
        match k {
            "max_image_bytes" => o.max_image_bytes = v,
            "max_objects" => o.limits.max_objects = v,
            "max_string_bytes" => o.limits.max_string_bytes = v,
            "max_list_elements" => o.limits.max_list_elements = v,
            "max_map_entries" => o.limits.max_map_entries = v,
            "max_code_bytes" => o.limits.max_code_bytes = v,
            "max_fn_slots" => o.limits.max_fn_slots = v,
            "max_foreign_bytes" => o.limits.max_foreign_bytes = v,
            "max_handles" => o.limits.max_handles = v,
            "max_call_frames" => o.limits.max_call_frames = v,
            "max_stack_slots" => o.limits.max_stack_slots = v,
            "verify_work_factor" => o.limits.verify_work_factor = v,
            "max_symbols" => o.limits.max_symbols = v,
            "max_module_variables" => o.limits.max_module_variables = v,
            "max_heap" => max_heap = Some(v),
            other => panic!("unknown fixture option {other}"),
        }
    }
    (o, max_heap)
}

fn restore(bytes: &[u8], setup: &Setup) -> Result<Vm, RestoreError> {
    let (options, max_heap) = apply(setup);
    let config = Config {
        max_heap,
        ..Config::silent()
    };
    wren_snapshot::restore_with(bytes, config, &options)
}

/// The expectation file's text for an error.
fn describe(e: &RestoreError, setup: &Setup) -> String {
    let mut s = String::new();
    s.push_str(&format!("layer: {}\nrule: {}\n", e.layer(), e.rule()));
    if let Some(o) = e.object() {
        s.push_str(&format!("object: {o}\n"));
    }
    if let Some(o) = e.offset() {
        s.push_str(&format!("offset: {o}\n"));
    }
    for (k, v) in &setup.options {
        s.push_str(&format!("option: {k}={v}\n"));
    }
    s.push_str(&format!("error: {e}\n"));
    s
}

fn parse_setup(expect: &str) -> Setup {
    let mut setup = Setup::default();
    for line in expect.lines() {
        if let Some(opt) = line.strip_prefix("option: ") {
            let (k, v) = opt.split_once('=').expect("option: key=value");
            let k: &'static str = Box::leak(k.to_string().into_boxed_str());
            setup.options.push((k, v.parse().expect("a number")));
        }
    }
    setup
}

// ---- Base images ------------------------------------------------------------------------------

fn enc(image: &Image) -> Vec<u8> {
    encode(image, Default::default()).unwrap()
}

fn class_index(img: &Image, name: &str) -> usize {
    let l = img.layout();
    img.classes
        .iter()
        .position(|c| &*img.strings[l.index(c.name, ObjKind::String)].bytes == name.as_bytes())
        .unwrap_or_else(|| panic!("no class {name}"))
}

fn class_id(img: &Image, name: &str) -> ObjId {
    img.layout().id(ObjKind::Class, class_index(img, name))
}

fn fn_index(img: &Image, name: &str) -> usize {
    img.fns
        .iter()
        .position(|f| f.debug.as_ref().is_some_and(|d| &*d.name == name))
        .unwrap_or_else(|| panic!("no function {name}"))
}

fn symbol(img: &Image, sig: &str) -> u32 {
    img.symbols
        .iter()
        .position(|s| &**s == sig)
        .unwrap_or_else(|| panic!("no symbol {sig}")) as u32
}

fn obj(id: ObjId) -> Value {
    Value::obj(ObjRef::from_index(id))
}

fn module_index(img: &Image, name: &str) -> usize {
    let l = img.layout();
    img.modules
        .iter()
        .position(|m| {
            m.name.is_some_and(|n| {
                &*img.strings[l.index(n, ObjKind::String)].bytes == name.as_bytes()
            })
        })
        .unwrap()
}

fn var(img: &Image, module: &str, name: &str) -> Value {
    let m = &img.modules[module_index(img, module)];
    m.values[m.names.iter().position(|n| &**n == name).unwrap()]
}

fn var_id(img: &Image, module: &str, name: &str) -> ObjId {
    value_ref(var(img, module, name)).unwrap()
}

/// Replaces function `name`'s code (with a line per byte) and optionally its constants.
fn set_code(img: &mut Image, name: &str, code: Vec<u8>, constants: Option<Vec<Value>>) {
    let i = fn_index(img, name);
    let f = &mut img.fns[i];
    f.debug.as_mut().unwrap().lines = LineTable::uniform(1, code.len()).into();
    f.code = code.into();
    if let Some(c) = constants {
        f.constants = c;
    }
}

/// The fiber `Busy` (the current one), `Worker` (suspended) and `Guard` (aborted).
fn fiber_index(img: &Image, module_var: &str) -> usize {
    let id = var_id(img, "main", module_var);
    img.layout().index(id, ObjKind::Fiber)
}

/// The image's sections as separate byte vectors.
fn split(bytes: &[u8]) -> Vec<Vec<u8>> {
    let (_, sections) = wren_snapshot::decode::read_header(bytes).unwrap();
    sections
        .iter()
        .map(|&(o, l)| bytes[o..o + l].to_vec())
        .collect()
}

/// An image with `sections` under `bytes`'s header, its table of contents and checksum
/// recomputed.
fn join(bytes: &[u8], sections: &[Vec<u8>]) -> Vec<u8> {
    let mut out = bytes[..format::HEADER_LEN].to_vec();
    let mut offset = format::BODY_START;
    for ((tag, _), s) in format::SECTIONS.iter().zip(sections) {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&(offset as u32).to_le_bytes());
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        offset += s.len();
    }
    for s in sections {
        out.extend_from_slice(s);
    }
    encode::seal(&mut out);
    out
}

/// Changes the first byte of object `id`'s record.
fn poke_object(bytes: &[u8], id: ObjId, delta: usize, value: u8) -> Vec<u8> {
    let d = wren_snapshot::decode(bytes).unwrap();
    let mut out = bytes.to_vec();
    out[d.offsets.object(id).unwrap() + delta] = value;
    encode::seal(&mut out);
    out
}

/// Replaces the first occurrence of `what` in the objects section.
fn replace_in_objects(bytes: &[u8], what: &[u8], with: &[u8]) -> Vec<u8> {
    let mut sections = split(bytes);
    let s = &mut sections[format::OBJECTS];
    let at = s
        .windows(what.len())
        .position(|w| w == what)
        .expect("bytes to replace");
    s.splice(at..at + what.len(), with.iter().copied());
    join(bytes, &sections)
}

fn varint(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
    out
}

// ---- Recipes ------------------------------------------------------------------------------------

type Recipe = (&'static str, Setup, fn() -> Vec<u8>);

fn opts(o: &[(&'static str, usize)]) -> Setup {
    Setup {
        options: o.to_vec(),
    }
}

fn recipes() -> Vec<Recipe> {
    let none = Setup::default;
    vec![
        // -- decode -------------------------------------------------------------------------------
        ("truncated", none(), || enc(&core())[..20].to_vec()),
        ("trailing-bytes", none(), || {
            let mut b = enc(&core());
            b.push(0);
            b
        }),
        (
            "image-too-large",
            opts(&[("max_image_bytes", 1000)]),
            || enc(&core()),
        ),
        ("bad-magic", none(), || {
            let mut b = enc(&core());
            b[0] = b'X';
            b
        }),
        ("bad-version", none(), || {
            let mut b = enc(&core());
            b[8] = 2;
            b
        }),
        ("bad-flags", none(), || {
            let mut b = enc(&core());
            b[11] = 0x80;
            b
        }),
        ("fingerprint-mismatch", none(), || {
            let mut b = enc(&core());
            b[12] ^= 1;
            b
        }),
        ("checksum-mismatch", none(), || {
            let mut b = enc(&core());
            let last = b.len() - 1;
            b[last] ^= 1;
            b
        }),
        ("bad-table-of-contents", none(), || {
            let mut b = enc(&core());
            // The second section's offset, one byte late.
            let at = format::HEADER_LEN + format::TOC_ENTRY_LEN + 4;
            b[at] = b[at].wrapping_add(1);
            b
        }),
        ("bad-varint", none(), || {
            let b = enc(&core());
            let mut s = split(&b);
            // The symbol count, written with a needless trailing zero group.
            let (n, len) = read_varint(&s[format::SYMBOLS]);
            let mut overlong = varint(n);
            let last = overlong.len() - 1;
            overlong[last] |= 0x80;
            overlong.push(0);
            s[format::SYMBOLS].splice(0..len, overlong);
            join(&b, &s)
        }),
        ("integer-out-of-range", none(), || {
            let mut img = base();
            // A map capacity of 2^31: its log is over 30.
            let m = img.maps.iter().position(|m| !m.entries.is_empty()).unwrap();
            img.maps[m].capacity = 1 << 31;
            enc(&img)
        }),
        ("count-over-input", none(), || {
            let b = enc(&core());
            let mut s = split(&b);
            let (_, len) = read_varint(&s[format::SYMBOLS]);
            s[format::SYMBOLS].splice(0..len, varint(1_000_000));
            join(&b, &s)
        }),
        ("census-over-limit", none(), || {
            let b = enc(&core());
            let mut s = split(&b);
            let (_, len) = read_varint(&s[format::CENSUS]);
            s[format::CENSUS].splice(0..len, varint(1 << 40));
            join(&b, &s)
        }),
        ("name-index", none(), || {
            let b = enc(&core());
            let mut s = split(&b);
            // The first symbol names name 200000.
            let (_, count_len) = read_varint(&s[format::SYMBOLS]);
            let (_, first_len) = read_varint(&s[format::SYMBOLS][count_len..]);
            s[format::SYMBOLS].splice(count_len..count_len + first_len, varint(200_000));
            join(&b, &s)
        }),
        ("invalid-utf8", none(), || {
            let b = enc(&core());
            let mut s = split(&b);
            // The name of the first symbol (the first name written) gets an invalid byte.
            let (_, count_len) = read_varint(&s[format::NAMES]);
            let (_, len_len) = read_varint(&s[format::NAMES][count_len..]);
            s[format::NAMES][count_len + len_len] = 0xff;
            join(&b, &s)
        }),
        ("bad-tag", none(), || {
            let img = base();
            let point = class_id(&img, "Point");
            // A class's flags byte.
            poke_object(&enc(&img), point, 0, 2)
        }),
        ("non-canonical-nan", none(), || {
            let img = base();
            replace_in_objects(
                &enc(&img),
                &2.5f64.to_bits().to_le_bytes(),
                &0x7ff8_0000_0000_0001u64.to_le_bytes(),
            )
        }),
        ("non-canonical-number", none(), || {
            let img = base();
            replace_in_objects(
                &enc(&img),
                &2.5f64.to_bits().to_le_bytes(),
                &3.0f64.to_bits().to_le_bytes(),
            )
        }),
        ("memory-budget", none(), || {
            let mut img = base();
            let m = img.maps.iter().position(|m| !m.entries.is_empty()).unwrap();
            img.maps[m].capacity = 1 << 30;
            enc(&img)
        }),
        // -- verify: tables -----------------------------------------------------------------------
        ("too-many-symbols", opts(&[("max_symbols", 100)]), || {
            enc(&core())
        }),
        ("symbol-not-signature", none(), || {
            let mut img = core();
            img.symbols[0] = "not a signature".into();
            enc(&img)
        }),
        ("duplicate-symbol", none(), || {
            let mut img = core();
            img.symbols[1] = img.symbols[0].clone();
            enc(&img)
        }),
        ("unknown-primitive", none(), || {
            let mut img = core();
            img.primitives[0] = "List.fly(_)".into();
            enc(&img)
        }),
        ("duplicate-primitive", none(), || {
            let mut img = core();
            img.primitives[1] = img.primitives[0].clone();
            enc(&img)
        }),
        ("bad-foreign-name", none(), || {
            let mut img = base();
            img.foreign_methods[0].signature = "bad signature".into();
            enc(&img)
        }),
        ("duplicate-foreign-method", none(), || {
            let mut img = base();
            let f = img.foreign_methods[0].clone();
            img.foreign_methods.push(f);
            enc(&img)
        }),
        ("too-many-objects", opts(&[("max_objects", 20)]), || {
            enc(&core())
        }),
        // -- verify: references -------------------------------------------------------------------
        ("reference-out-of-range", none(), || {
            let mut img = base();
            let total = img.len() as u32;
            img.lists[0].elements[0] = obj(total + 5);
            enc(&img)
        }),
        ("reference-wrong-kind", none(), || {
            let mut img = base();
            img.closures[0].func = 0;
            enc(&img)
        }),
        ("value-wrong-kind", none(), || {
            let mut img = base();
            let f = img.layout().id(ObjKind::Fn, 0);
            img.lists[0].elements[0] = obj(f);
            enc(&img)
        }),
        ("string-too-long", opts(&[("max_string_bytes", 8)]), || {
            enc(&core())
        }),
        ("list-too-long", opts(&[("max_list_elements", 3)]), || {
            enc(&base())
        }),
        (
            "foreign-too-large",
            opts(&[("max_foreign_bytes", 16)]),
            || enc(&base()),
        ),
        ("too-many-handles", opts(&[("max_handles", 1)]), || {
            let mut img = core();
            img.roots.handles = vec![Some(Value::NULL), None];
            enc(&img)
        }),
        // -- verify: classes ----------------------------------------------------------------------
        ("core-class", none(), || {
            let mut img = core();
            img.roots.core.list = img.roots.core.map;
            enc(&img)
        }),
        ("core-class-variable", none(), || {
            let mut img = core();
            // The core module's `List` no longer holds the class.
            let core_module = img.modules.iter().position(|m| m.name.is_none()).unwrap();
            let m = &mut img.modules[core_module];
            let i = m.names.iter().position(|n| &**n == "List").unwrap();
            m.values[i] = Value::NULL;
            enc(&img)
        }),
        ("metaclass-structure", none(), || {
            let mut img = base();
            let (p, p3) = (class_index(&img, "Point"), class_index(&img, "Point3"));
            img.classes[p].metaclass = img.classes[p3].metaclass;
            enc(&img)
        }),
        ("superclass-cycle", none(), || {
            let mut img = base();
            // Point and Point3 inherit from each other (with equal field counts, so that only
            // the cycle is wrong).
            let p = class_index(&img, "Point");
            img.classes[p].superclass = Some(class_id(&img, "Point3"));
            img.classes[p].num_fields = 3;
            enc(&img)
        }),
        ("superclass-chain", none(), || {
            let mut img = base();
            let p = class_index(&img, "Point");
            img.classes[p].superclass = None;
            enc(&img)
        }),
        ("superclass-forbidden", none(), || {
            let mut img = base();
            let p = class_index(&img, "Point");
            img.classes[p].superclass = Some(img.roots.core.list);
            enc(&img)
        }),
        ("superclass-forbidden-metaclass", none(), || {
            let mut img = base();
            let p = class_index(&img, "Point");
            let bar = class_index(&img, "Point3");
            img.classes[p].superclass = Some(img.classes[bar].metaclass);
            enc(&img)
        }),
        ("field-count", none(), || {
            let mut img = base();
            let p3 = class_index(&img, "Point3");
            img.classes[p3].num_fields = 1;
            enc(&img)
        }),
        // -- verify: modules ----------------------------------------------------------------------
        (
            "module-variable-count",
            opts(&[("max_module_variables", 10)]),
            || enc(&base()),
        ),
        ("module-variable-name", none(), || {
            let mut img = base();
            let m = module_index(&img, "main");
            img.modules[m].names[0] = "".into();
            enc(&img)
        }),
        ("duplicate-module-variable", none(), || {
            let mut img = base();
            let m = module_index(&img, "main");
            img.modules[m].names[1] = img.modules[m].names[0].clone();
            enc(&img)
        }),
        ("module-registry", none(), || {
            let mut img = base();
            let l = img.layout();
            let reg = l.index(img.roots.modules, ObjKind::Map);
            // A registry value that is a string, not a module.
            img.maps[reg].entries[0].value = obj(l.id(ObjKind::String, 0));
            enc(&img)
        }),
        ("module-registry-reachable", none(), || {
            let mut img = base();
            // A module variable holding the registry: the program could rewrite it.
            let main = module_index(&img, "main");
            let m = &mut img.modules[main];
            let i = m.names.iter().position(|n| &**n == "Items").unwrap();
            m.values[i] = obj(img.roots.modules);
            enc(&img)
        }),
        ("module-registry-name", none(), || {
            let mut img = base();
            let l = img.layout();
            let reg = l.index(img.roots.modules, ObjKind::Map);
            // "main" registered under another name.
            let main = l.id(ObjKind::Module, module_index(&img, "main"));
            let other = obj(class_name_string(&img, "Point"));
            let e = img.maps[reg]
                .entries
                .iter_mut()
                .find(|e| value_ref(e.value) == Some(main))
                .unwrap();
            e.key = other;
            enc(&img)
        }),
        // -- verify: maps -------------------------------------------------------------------------
        ("map-too-large", opts(&[("max_map_entries", 1)]), || {
            enc(&base())
        }),
        ("map-capacity", none(), || {
            let mut img = base();
            let m = items_map(&img);
            img.maps[m].capacity = 1024;
            enc(&img)
        }),
        ("map-slot", none(), || {
            let mut img = base();
            let m = items_map(&img);
            let cap = img.maps[m].capacity;
            img.maps[m].entries.last_mut().unwrap().slot = cap + 3;
            enc(&img)
        }),
        ("map-key-type", none(), || {
            let mut img = base();
            let m = items_map(&img);
            let list = img.layout().id(ObjKind::List, 0);
            img.maps[m].entries[0].key = obj(list);
            enc(&img)
        }),
        ("map-duplicate-key", none(), || {
            let mut img = base();
            let m = items_map(&img);
            img.maps[m].entries[1].key = img.maps[m].entries[0].key;
            enc(&img)
        }),
        // -- verify: functions and bytecode -------------------------------------------------------
        ("function-shape", none(), || {
            let mut img = base();
            let f = fn_index(&img, "x");
            img.fns[f].arity = 17;
            enc(&img)
        }),
        ("line-table", none(), || {
            let mut img = base();
            let f = fn_index(&img, "x");
            let d = img.fns[f].debug.as_mut().unwrap();
            d.lines = LineTable::from_per_byte(&d.lines.per_byte()[1..]).into();
            enc(&img)
        }),
        ("function-name", none(), || {
            let mut img = base();
            let f = fn_index(&img, "x");
            img.fns[f].debug.as_mut().unwrap().name = "n".repeat(300).into();
            enc(&img)
        }),
        ("unknown-opcode", none(), || {
            let mut img = base();
            set_code(&mut img, "x", vec![200, op::RETURN, op::END], None);
            enc(&img)
        }),
        ("truncated-operands", none(), || {
            let mut img = base();
            set_code(&mut img, "x", vec![op::NULL, op::CONSTANT, 0], None);
            enc(&img)
        }),
        ("missing-end", none(), || {
            let mut img = base();
            set_code(&mut img, "x", vec![op::NULL, op::RETURN], None);
            enc(&img)
        }),
        ("constant-index", none(), || {
            let mut img = base();
            set_code(
                &mut img,
                "x",
                vec![op::CONSTANT, 0, 99, op::RETURN, op::END],
                None,
            );
            enc(&img)
        }),
        ("constant-kind", none(), || {
            let mut img = base();
            let s = obj(img.layout().id(ObjKind::String, 0));
            set_code(
                &mut img,
                "x",
                vec![op::CLOSURE, 0, 0, op::RETURN, op::END],
                Some(vec![s]),
            );
            enc(&img)
        }),
        ("local-slot", none(), || {
            let mut img = base();
            set_code(
                &mut img,
                "x",
                vec![op::LOAD_LOCAL, 9, op::RETURN, op::END],
                None,
            );
            enc(&img)
        }),
        ("upvalue-index", none(), || {
            let mut img = base();
            set_code(
                &mut img,
                "x",
                vec![op::LOAD_UPVALUE, 5, op::RETURN, op::END],
                None,
            );
            enc(&img)
        }),
        ("field-index", none(), || {
            let mut img = base();
            set_code(
                &mut img,
                "x",
                vec![op::LOAD_FIELD_THIS, 7, op::RETURN, op::END],
                None,
            );
            enc(&img)
        }),
        ("field-index-limit", none(), || {
            let mut img = base();
            set_code(
                &mut img,
                "x",
                vec![op::LOAD_FIELD_THIS, 255, op::RETURN, op::END],
                None,
            );
            enc(&img)
        }),
        ("module-variable-index", none(), || {
            let mut img = base();
            set_code(
                &mut img,
                "x",
                vec![op::LOAD_MODULE_VAR, 0xea, 0x60, op::RETURN, op::END],
                None,
            );
            enc(&img)
        }),
        ("no-module", none(), || {
            let mut img = base();
            set_code(
                &mut img,
                "x",
                vec![op::LOAD_MODULE_VAR, 0, 0, op::RETURN, op::END],
                None,
            );
            let f = fn_index(&img, "x");
            img.fns[f].module = None;
            enc(&img)
        }),
        ("symbol-index", none(), || {
            let mut img = base();
            set_code(
                &mut img,
                "x",
                vec![
                    op::LOAD_LOCAL_0,
                    op::CALL_0,
                    0xfd,
                    0xe8,
                    op::RETURN,
                    op::END,
                ],
                None,
            );
            enc(&img)
        }),
        ("call-arity", none(), || {
            let mut img = base();
            let [hi, lo] = (symbol(&img, "+(_)") as u16).to_be_bytes();
            set_code(
                &mut img,
                "x",
                vec![op::LOAD_LOCAL_0, op::CALL_0, hi, lo, op::RETURN, op::END],
                None,
            );
            enc(&img)
        }),
        ("jump-target", none(), || {
            let mut img = base();
            set_code(
                &mut img,
                "x",
                vec![op::JUMP, 0, 200, op::NULL, op::RETURN, op::END],
                None,
            );
            enc(&img)
        }),
        ("jump-target-inside", none(), || {
            let mut img = base();
            // A jump into the middle of the LOAD_MODULE_VAR instruction.
            set_code(
                &mut img,
                "x",
                vec![
                    op::JUMP,
                    0,
                    1,
                    op::LOAD_MODULE_VAR,
                    0,
                    0,
                    op::RETURN,
                    op::END,
                ],
                None,
            );
            enc(&img)
        }),
        ("falls-off-end", none(), || {
            let mut img = base();
            set_code(&mut img, "x", vec![op::NULL, op::POP, op::END], None);
            enc(&img)
        }),
        ("stack-underflow", none(), || {
            let mut img = base();
            set_code(
                &mut img,
                "x",
                vec![op::POP, op::NULL, op::RETURN, op::END],
                None,
            );
            enc(&img)
        }),
        ("stack-mismatch", none(), || {
            let mut img = base();
            set_code(
                &mut img,
                "x",
                vec![op::TRUE, op::JUMP_IF, 0, 1, op::NULL, op::RETURN, op::END],
                None,
            );
            enc(&img)
        }),
        ("stack-overflow", none(), || {
            let mut img = base();
            set_code(
                &mut img,
                "x",
                vec![op::NULL, op::NULL, op::NULL, op::RETURN, op::END],
                None,
            );
            let f = fn_index(&img, "x");
            img.fns[f].max_slots = 2;
            enc(&img)
        }),
        (
            "function-shape-max-slots",
            opts(&[("max_fn_slots", 2)]),
            || enc(&base()),
        ),
        ("captured-slot-popped", none(), || {
            let mut img = base();
            // A function of one upvalue (Counter's inner function) captures slot 1, which is
            // then popped without CLOSE_UPVALUE.
            let inner = img
                .fns
                .iter()
                .position(|f| f.num_upvalues == 1 && f.arity == 0)
                .unwrap();
            let inner = obj(img.layout().id(ObjKind::Fn, inner));
            set_code(
                &mut img,
                "x",
                vec![
                    op::NULL,
                    op::CLOSURE,
                    0,
                    0,
                    1,
                    1,
                    op::POP,
                    op::POP,
                    op::NULL,
                    op::RETURN,
                    op::END,
                ],
                Some(vec![inner]),
            );
            let f = fn_index(&img, "x");
            img.fns[f].max_slots = 4;
            enc(&img)
        }),
        (
            "code-too-complex",
            opts(&[("verify_work_factor", 1)]),
            || enc(&base()),
        ),
        (
            "function-shape-code-length",
            opts(&[("max_code_bytes", 8)]),
            || enc(&base()),
        ),
        // -- verify: closures and method tables ---------------------------------------------------
        ("closure-upvalue-count", none(), || {
            let mut img = base();
            let c = img
                .closures
                .iter()
                .position(|c| c.upvalues.len() == 1)
                .unwrap();
            img.closures[c].upvalues.clear();
            enc(&img)
        }),
        ("method-symbol", none(), || {
            let mut img = base();
            let p = class_index(&img, "Point");
            let n = img.symbols.len() as u32;
            let m = img.classes[p].methods[0].1;
            img.classes[p].methods.push((n + 3, m));
            enc(&img)
        }),
        ("primitive-placement", none(), || {
            let mut img = base();
            let p = class_index(&img, "Point");
            let add = symbol(&img, "add(_)");
            let prim = img
                .primitives
                .iter()
                .position(|n| &**n == "List.add(_)")
                .unwrap() as u32;
            let methods = &mut img.classes[p].methods;
            methods.push((add, MethodRef::Primitive(prim)));
            methods.sort_by_key(|m| m.0);
            enc(&img)
        }),
        ("primitive-signature", none(), || {
            let mut img = base();
            let list = class_index(&img, "List");
            let add = symbol(&img, "add(_)");
            let clear = img
                .primitives
                .iter()
                .position(|n| &**n == "List.clear()")
                .unwrap() as u32;
            let e = img.classes[list]
                .methods
                .iter_mut()
                .find(|m| m.0 == add)
                .unwrap();
            e.1 = MethodRef::Primitive(clear);
            enc(&img)
        }),
        ("fn-call-placement", none(), || {
            let mut img = base();
            let p = class_index(&img, "Point");
            let call = symbol(&img, "call()");
            let methods = &mut img.classes[p].methods;
            methods.push((call, MethodRef::FnCall));
            methods.sort_by_key(|m| m.0);
            enc(&img)
        }),
        ("foreign-method-placement", none(), || {
            let mut img = base();
            let random = class_index(&img, "Random");
            let p = class_index(&img, "Point");
            let m = *img.classes[random]
                .methods
                .iter()
                .find(|m| matches!(m.1, MethodRef::Foreign(_)))
                .unwrap();
            let methods = &mut img.classes[p].methods;
            methods.push(m);
            methods.sort_by_key(|m| m.0);
            methods.dedup_by_key(|m| m.0);
            enc(&img)
        }),
        ("method-arity", none(), || {
            let mut img = base();
            let p = class_index(&img, "Point");
            let (x, plus) = (symbol(&img, "x"), symbol(&img, "+(_)"));
            let body = img.classes[p]
                .methods
                .iter()
                .find(|m| m.0 == plus)
                .unwrap()
                .1;
            img.classes[p]
                .methods
                .iter_mut()
                .find(|m| m.0 == x)
                .unwrap()
                .1 = body;
            enc(&img)
        }),
        ("construct-placement", none(), || {
            let mut img = base();
            let p = class_index(&img, "Point");
            let meta = img.layout().index(img.classes[p].metaclass, ObjKind::Class);
            let new = symbol(&img, "new(_,_)");
            let ctor = *img.classes[meta]
                .methods
                .iter()
                .find(|m| m.0 == new)
                .unwrap();
            let methods = &mut img.classes[p].methods;
            methods.push(ctor);
            methods.sort_by_key(|m| m.0);
            enc(&img)
        }),
        // -- verify: instances --------------------------------------------------------------------
        ("instance-class", none(), || {
            let mut img = base();
            img.instances[0].class = img.roots.core.list;
            enc(&img)
        }),
        ("instance-fields", none(), || {
            let mut img = base();
            img.instances[0].fields.pop();
            enc(&img)
        }),
        ("foreign-object-class", none(), || {
            let mut img = base();
            img.foreigns[0].class = class_id(&img, "Point");
            enc(&img)
        }),
        // -- verify: fibers -----------------------------------------------------------------------
        ("open-upvalue", none(), || {
            let mut img = base();
            let u = img
                .upvalues
                .iter()
                .position(|u| matches!(u, UpvalueObj::Open { .. }))
                .unwrap();
            if let UpvalueObj::Open { slot, .. } = &mut img.upvalues[u] {
                *slot = 9999;
            }
            enc(&img)
        }),
        ("open-upvalue-unlisted", none(), || {
            let mut img = base();
            let w = fiber_index(&img, "Worker");
            img.fibers[w].open_upvalues.clear();
            enc(&img)
        }),
        ("open-upvalue-not-captured", none(), || {
            let mut img = base();
            // The upvalue moves to slot 1 (the parameter `n`), which the code never captured.
            let u = img
                .upvalues
                .iter()
                .position(|u| matches!(u, UpvalueObj::Open { .. }))
                .unwrap();
            if let UpvalueObj::Open { slot, .. } = &mut img.upvalues[u] {
                *slot = 1;
            }
            enc(&img)
        }),
        ("frame-ip", none(), || {
            let mut img = base();
            let w = fiber_index(&img, "Worker");
            // Inside the first instruction that has operands.
            let l = img.layout();
            let closure = img.fibers[w].frames[0].closure;
            let f = &img.fns[l.index(
                img.closures[l.index(closure, ObjKind::Closure)].func,
                ObjKind::Fn,
            )];
            let mut ip = 0;
            loop {
                let ins = wren_vm::opcode::decode(&f.code, ip, |_| Some(0)).unwrap();
                if ins.next() > ip + 1 {
                    break;
                }
                ip = ins.next();
            }
            img.fibers[w].frames[0].ip = ip as u32 + 1;
            enc(&img)
        }),
        ("frame-ip-not-after-call", none(), || {
            let mut img = base();
            // The main fiber waits for Busy. A frame is pushed on it, so its first frame waits
            // for a call, and that frame moves to an instruction that does not follow a call.
            let l = img.layout();
            let busy = l.index(img.roots.fiber.unwrap(), ObjKind::Fiber);
            let main = l.index(img.fibers[busy].caller.unwrap(), ObjKind::Fiber);
            let closure = img.fibers[main].frames[0].closure;
            let f = &img.fns[l.index(
                img.closures[l.index(closure, ObjKind::Closure)].func,
                ObjKind::Fn,
            )];
            let mut ip = 0;
            let mut prev_call = true;
            loop {
                let ins = wren_vm::opcode::decode(&f.code, ip, |_| Some(0)).unwrap();
                if ip > 0 && !prev_call {
                    break;
                }
                prev_call = ins.info.flow == wren_vm::opcode::Flow::Call;
                ip = ins.next();
            }
            img.fibers[main].frames[0].ip = ip as u32;
            let mut callee = img.fibers[main].frames[0];
            callee.ip = 0;
            callee.base = img.fibers[main].stack.len() as u32 - 1;
            img.fibers[main].frames.push(callee);
            enc(&img)
        }),
        ("frame-base", none(), || {
            let mut img = base();
            let main = img.roots.fiber.unwrap();
            let busy = img.layout().index(main, ObjKind::Fiber);
            img.fibers[busy].frames[0].base = 1;
            enc(&img)
        }),
        ("stack-extent", none(), || {
            let mut img = base();
            let w = fiber_index(&img, "Worker");
            img.fibers[w].stack.push(Value::NULL);
            enc(&img)
        }),
        ("fiber-state", none(), || {
            let mut img = base();
            // The running try fiber loses its caller.
            let busy = img.layout().index(img.roots.fiber.unwrap(), ObjKind::Fiber);
            img.fibers[busy].caller = None;
            enc(&img)
        }),
        ("fiber-state-aborted-frames", none(), || {
            let mut img = base();
            let (g, w) = (fiber_index(&img, "Guard"), fiber_index(&img, "Worker"));
            img.fibers[g].frames = img.fibers[w].frames.clone();
            enc(&img)
        }),
        ("caller-cycle", none(), || {
            let mut img = base();
            let l = img.layout();
            let busy = img.roots.fiber.unwrap();
            let main = img.fibers[l.index(busy, ObjKind::Fiber)].caller.unwrap();
            img.fibers[l.index(main, ObjKind::Fiber)].caller = Some(busy);
            enc(&img)
        }),
        ("fiber-too-deep", opts(&[("max_call_frames", 0)]), || {
            enc(&base())
        }),
        ("current-fiber", none(), || {
            let mut img = base();
            img.roots.fiber = Some(var_id(&img, "main", "Guard"));
            enc(&img)
        }),
        // -- bind ---------------------------------------------------------------------------------
        ("unbound-foreign-method", none(), || {
            let mut img = base();
            img.foreign_methods[0].module = "elsewhere".into();
            enc(&img)
        }),
        ("unbound-foreign-class", none(), || {
            let mut img = base();
            let r = class_index(&img, "Random");
            img.classes[r].foreign_module = Some("elsewhere".into());
            enc(&img)
        }),
        ("foreign-data-rejected", none(), || {
            let mut img = base();
            img.foreigns[0].data.truncate(5);
            enc(&img)
        }),
        ("heap-limit", opts(&[("max_heap", 1000)]), || enc(&core())),
    ]
}

/// `text` with every run of digits in `error:` lines replaced by `#`.
fn normalize(text: &str) -> String {
    text.lines()
        .map(|l| {
            if !l.starts_with("error: ") {
                return l.to_string();
            }
            let mut out = String::new();
            let mut in_digits = false;
            for c in l.chars() {
                if c.is_ascii_digit() {
                    if !in_digits {
                        out.push('#');
                    }
                    in_digits = true;
                } else {
                    out.push(c);
                    in_digits = false;
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn class_name_string(img: &Image, class: &str) -> ObjId {
    img.classes[class_index(img, class)].name
}

/// The map in `Items` (`{"a": 1, 2: "b"}`).
fn items_map(img: &Image) -> usize {
    let l = img.layout();
    let items = var_id(img, "main", "Items");
    let list = &img.lists[l.index(items, ObjKind::List)];
    let m = value_ref(list.elements[6]).unwrap();
    l.index(m, ObjKind::Map)
}

fn read_varint(b: &[u8]) -> (u64, usize) {
    let mut v = 0u64;
    for (i, byte) in b.iter().enumerate() {
        v |= ((byte & 0x7f) as u64) << (7 * i);
        if byte & 0x80 == 0 {
            return (v, i + 1);
        }
    }
    panic!("unterminated varint")
}

#[test]
fn fixtures() {
    let bless = std::env::var_os("BLESS").is_some();
    let recipes = recipes();
    let mut failures = Vec::new();
    let mut names = BTreeSet::new();
    for (name, setup, build) in &recipes {
        assert!(names.insert(*name), "two recipes named {name}");
        let snap = dir().join(format!("bad-{name}.snap"));
        let expect_path = dir().join(format!("bad-{name}.expect"));
        if bless {
            let bytes = build();
            let got = match restore(&bytes, setup) {
                Ok(_) => panic!("fixture {name} restores"),
                Err(e) => describe(&e, setup),
            };
            std::fs::write(&snap, &bytes).unwrap();
            std::fs::write(&expect_path, got).unwrap();
        }
        let bytes = std::fs::read(&snap).unwrap_or_else(|_| panic!("missing {}", snap.display()));
        let expect = std::fs::read_to_string(&expect_path)
            .unwrap_or_else(|_| panic!("missing {}", expect_path.display()));
        let setup = parse_setup(&expect);
        let got = match restore(&bytes, &setup) {
            Ok(_) => "restored\n".to_string(),
            Err(e) => describe(&e, &setup),
        };
        // Numbers in messages may depend on the value representation (heap sizes); the
        // layer, rule, object and offset lines are compared exactly.
        let exact = |t: &str| -> Vec<String> {
            t.lines()
                .filter(|l| !l.starts_with("error: "))
                .map(String::from)
                .collect()
        };
        if normalize(&got) != normalize(&expect) || exact(&got) != exact(&expect) {
            failures.push(format!("bad-{name}: expected\n{expect}but got\n{got}"));
        }
        // The recipe's name is the rule it breaks (or starts with it).
        let rule = expect
            .lines()
            .find_map(|l| l.strip_prefix("rule: "))
            .unwrap_or("");
        if !name.starts_with(rule) {
            failures.push(format!("bad-{name} breaks rule {rule}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every rule of every layer has a fixture, and every fixture file has a recipe.
#[test]
fn every_rule_has_a_fixture() {
    let mut covered = BTreeSet::new();
    for entry in std::fs::read_dir(dir()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".expect") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let rule = text.lines().find_map(|l| l.strip_prefix("rule: ")).unwrap();
            covered.insert(rule.to_string());
            assert!(
                recipes().iter().any(|r| format!("bad-{}", r.0) == stem),
                "{name} has no recipe"
            );
        }
    }
    let mut missing = Vec::new();
    for r in Rule::ALL {
        if !covered.contains(r.name()) {
            missing.push(r.name());
        }
    }
    for r in DecodeRule::ALL {
        if !covered.contains(r.name()) {
            missing.push(r.name());
        }
    }
    for r in [
        "unbound-foreign-method",
        "unbound-foreign-class",
        "foreign-data-rejected",
        "heap-limit",
    ] {
        if !covered.contains(r) {
            missing.push(r);
        }
    }
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}
