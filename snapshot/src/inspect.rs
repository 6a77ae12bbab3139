//! A readable dump of an image: header, census, roots, every object, disassembled bytecode.
//! It works on decoded images that have not been verified, so it never assumes a reference
//! is in range or of the right kind.

use std::fmt::Write;

use wren_vm::image::ObjKind;
use wren_vm::image::*;
use wren_vm::{Value, ValueKind};

use crate::decode::Decoded;
use crate::format::SECTIONS;

/// The census as one line: `1234 objects: 700 strings, 3 ranges, ...`.
pub fn census_line(image: &Image) -> String {
    let census = image.census();
    let total: usize = census.iter().sum();
    let parts: Vec<String> = KINDS
        .iter()
        .zip(census)
        .map(|(k, n)| format!("{n} {}", k.name()))
        .collect();
    format!("{total} objects: {}", parts.join(", "))
}

struct Names<'a> {
    image: &'a Image,
    layout: Layout,
}

impl Names<'_> {
    fn string(&self, id: ObjId) -> Option<String> {
        if !self.layout.is(id, ObjKind::String) {
            return None;
        }
        let s = &self.image.strings[self.layout.index(id, ObjKind::String)];
        let text = String::from_utf8_lossy(&s.bytes);
        let short: String = text.chars().take(60).collect();
        Some(if short.len() < text.len() {
            format!("{short:?}...")
        } else {
            format!("{short:?}")
        })
    }
    fn obj(&self, id: ObjId) -> String {
        match self.layout.locate(id) {
            None => format!("#{id}?"),
            Some((ObjKind::String, _)) => format!("#{id} {}", self.string(id).unwrap_or_default()),
            Some((ObjKind::Class, i)) => {
                let name = self
                    .string(self.image.classes[i].name)
                    .unwrap_or_else(|| "?".into());
                format!("#{id} class {name}")
            }
            Some((ObjKind::Fn, i)) => match &self.image.fns[i].debug {
                Some(d) => format!("#{id} fn {}", d.name),
                None => format!("#{id} fn"),
            },
            Some((k, _)) => format!("#{id} {}", k.name().to_lowercase()),
        }
    }
    fn value(&self, v: Value) -> String {
        match v.kind() {
            ValueKind::Obj(r) => self.obj(r.index()),
            ValueKind::Num(n) => wren_vm::value::format_num(n),
            _ => format!("{v:?}"),
        }
    }
    fn values(&self, vs: &[Value]) -> String {
        const SHOWN: usize = 16;
        let mut parts: Vec<String> = vs.iter().take(SHOWN).map(|v| self.value(*v)).collect();
        if vs.len() > SHOWN {
            parts.push(format!("... {} more", vs.len() - SHOWN));
        }
        format!("[{}]", parts.join(", "))
    }
}

/// The whole dump.
pub fn inspect(d: &Decoded) -> String {
    let image = &d.image;
    let n = Names {
        image,
        layout: image.layout(),
    };
    let mut out = String::new();
    let h = &d.header;
    let _ = writeln!(out, "== header");
    let _ = writeln!(out, "version {}", h.version);
    let _ = writeln!(
        out,
        "saved by a {} build, debug information {}",
        if h.nan_tagged() {
            "NaN-tagged"
        } else {
            "enum-value"
        },
        if h.debug_info() { "kept" } else { "stripped" }
    );
    let _ = writeln!(
        out,
        "fingerprints: primitives {:#018x}, opcodes {:#018x}",
        h.primitives_fingerprint, h.opcodes_fingerprint
    );
    let _ = writeln!(out, "checksum {:#010x}", h.checksum);
    for ((_, name), (off, len)) in SECTIONS.iter().zip(d.offsets.sections) {
        let _ = writeln!(out, "section {name:<10} at {off:>8}, {len:>8} bytes");
    }
    let _ = writeln!(out, "\n== census\n{}", census_line(image));

    let r = &image.roots;
    let _ = writeln!(out, "\n== roots");
    for (name, c) in r.core.named() {
        let _ = writeln!(out, "core {name:<7} {}", n.obj(c));
    }
    let _ = writeln!(out, "modules      {}", n.obj(r.modules));
    let _ = writeln!(
        out,
        "fiber        {}",
        r.fiber.map_or("none".into(), |f| n.obj(f))
    );
    let _ = writeln!(
        out,
        "last module  {}",
        r.last_module.map_or("none".into(), |m| n.obj(m))
    );
    for (i, h) in r.handles.iter().enumerate() {
        let _ = writeln!(
            out,
            "handle {i}     {}",
            h.map_or("released".into(), |v| n.value(v))
        );
    }
    let _ = writeln!(out, "\n== symbols ({})", image.symbols.len());
    for (i, s) in image.symbols.iter().enumerate() {
        let _ = writeln!(out, "{i:5} {s}");
    }
    let _ = writeln!(out, "\n== primitives ({})", image.primitives.len());
    for (i, p) in image.primitives.iter().enumerate() {
        let _ = writeln!(out, "{i:5} {p}");
    }
    let _ = writeln!(
        out,
        "\n== foreign methods ({})",
        image.foreign_methods.len()
    );
    for (i, f) in image.foreign_methods.iter().enumerate() {
        let _ = writeln!(out, "{i:5} {f}");
    }

    let _ = writeln!(out, "\n== objects");
    let l = n.layout;
    let at = |id: ObjId| d.offsets.object(id).unwrap_or(0);
    for (i, s) in image.strings.iter().enumerate() {
        let id = l.id(ObjKind::String, i);
        let _ = writeln!(
            out,
            "#{id} @{} String {} ({} bytes)",
            at(id),
            n.string(id).unwrap_or_default(),
            s.bytes.len()
        );
    }
    for (i, x) in image.ranges.iter().enumerate() {
        let id = l.id(ObjKind::Range, i);
        let dots = if x.inclusive { ".." } else { "..." };
        let _ = writeln!(out, "#{id} @{} Range {}{dots}{}", at(id), x.from, x.to);
    }
    for (i, x) in image.lists.iter().enumerate() {
        let id = l.id(ObjKind::List, i);
        let _ = writeln!(out, "#{id} @{} List {}", at(id), n.values(&x.elements));
    }
    for (i, x) in image.maps.iter().enumerate() {
        let id = l.id(ObjKind::Map, i);
        let _ = writeln!(
            out,
            "#{id} @{} Map capacity {}, {} entries",
            at(id),
            x.capacity,
            x.entries.len()
        );
        for e in x.entries.iter().take(32) {
            let _ = writeln!(
                out,
                "    [{}] {} => {}",
                e.slot,
                n.value(e.key),
                n.value(e.value)
            );
        }
    }
    for (i, x) in image.modules.iter().enumerate() {
        let id = l.id(ObjKind::Module, i);
        let name = x.name.map_or("core".into(), |m| n.obj(m));
        let _ = writeln!(
            out,
            "#{id} @{} Module {name}, {} variables",
            at(id),
            x.values.len()
        );
        for (name, v) in x.names.iter().zip(&x.values) {
            let _ = writeln!(out, "    {name} = {}", n.value(*v));
        }
    }
    for (i, f) in image.fns.iter().enumerate() {
        let id = l.id(ObjKind::Fn, i);
        let name = f
            .debug
            .as_ref()
            .map_or("<stripped>".into(), |d| d.name.to_string());
        let _ = writeln!(
            out,
            "#{id} @{} Fn `{name}` arity {}, {} upvalues, max_slots {}, module {}, {} bytes of code, {} constants",
            at(id),
            f.arity,
            f.num_upvalues,
            f.max_slots,
            f.module.map_or("none".into(), |m| n.obj(m)),
            f.code.len(),
            f.constants.len()
        );
        let constant = |k: u16| {
            f.constants
                .get(k as usize)
                .map_or("?".into(), |v| n.value(*v))
        };
        let symbol = |s: u16| {
            image
                .symbols
                .get(s as usize)
                .map_or("?".to_string(), |s| s.to_string())
        };
        let upvalues_of = |k: u16| {
            let v = f.constants.get(k as usize)?;
            match l.locate(wren_vm::image::value_ref(*v)?) {
                Some((ObjKind::Fn, j)) => Some(image.fns[j].num_upvalues as usize),
                _ => None,
            }
        };
        let line_of = |ip: usize| {
            f.debug
                .as_ref()
                .and_then(|d| d.lines.line_at(ip))
                .unwrap_or(0)
        };
        let _ = wren_vm::opcode::disassemble(
            &mut out,
            &f.code,
            &line_of,
            upvalues_of,
            &constant,
            &symbol,
        );
    }
    for (i, c) in image.closures.iter().enumerate() {
        let id = l.id(ObjKind::Closure, i);
        let ups: Vec<String> = c.upvalues.iter().map(|u| n.obj(*u)).collect();
        let _ = writeln!(
            out,
            "#{id} @{} Closure of {} upvalues [{}]",
            at(id),
            n.obj(c.func),
            ups.join(", ")
        );
    }
    for (i, u) in image.upvalues.iter().enumerate() {
        let id = l.id(ObjKind::Upvalue, i);
        let s = match u {
            UpvalueObj::Open { fiber, slot } => format!("open on {} slot {slot}", n.obj(*fiber)),
            UpvalueObj::Closed(v) => format!("closed {}", n.value(*v)),
        };
        let _ = writeln!(out, "#{id} @{} Upvalue {s}", at(id));
    }
    for (i, c) in image.classes.iter().enumerate() {
        let id = l.id(ObjKind::Class, i);
        let _ = writeln!(
            out,
            "#{id} @{} Class {} class {}, superclass {}, {} fields{}, {} methods",
            at(id),
            n.string(c.name).unwrap_or_else(|| "?".into()),
            n.obj(c.metaclass),
            c.superclass.map_or("none".into(), |s| n.obj(s)),
            c.num_fields,
            c.foreign_module
                .as_ref()
                .map_or(String::new(), |m| format!(", foreign from module '{m}'")),
            c.methods.len()
        );
        for (s, m) in &c.methods {
            let sig = image.symbols.get(*s as usize).map_or("?", |s| &**s);
            let what = match m {
                MethodRef::Primitive(p) => format!(
                    "primitive {}",
                    image.primitives.get(*p as usize).map_or("?", |p| &**p)
                ),
                MethodRef::FnCall => "Fn.call".into(),
                MethodRef::Foreign(p) => format!(
                    "foreign {}",
                    image
                        .foreign_methods
                        .get(*p as usize)
                        .map_or("?".into(), |f| f.to_string())
                ),
                MethodRef::Block(b) => n.obj(*b),
            };
            let _ = writeln!(out, "    {sig} => {what}");
        }
    }
    for (i, x) in image.instances.iter().enumerate() {
        let id = l.id(ObjKind::Instance, i);
        let _ = writeln!(
            out,
            "#{id} @{} Instance of {} {}",
            at(id),
            n.obj(x.class),
            n.values(&x.fields)
        );
    }
    for (i, x) in image.foreigns.iter().enumerate() {
        let id = l.id(ObjKind::Foreign, i);
        let _ = writeln!(
            out,
            "#{id} @{} Foreign of {} ({} bytes)",
            at(id),
            n.obj(x.class),
            x.data.len()
        );
    }
    for (i, f) in image.fibers.iter().enumerate() {
        let id = l.id(ObjKind::Fiber, i);
        let _ = writeln!(
            out,
            "#{id} @{} Fiber {:?}, error {}, caller {}, {} stack slots {}",
            at(id),
            f.state,
            n.value(f.error),
            f.caller.map_or("none".into(), |c| n.obj(c)),
            f.stack.len(),
            n.values(&f.stack)
        );
        for fr in &f.frames {
            let _ = writeln!(
                out,
                "    frame {} ip {} base {}",
                n.obj(fr.closure),
                fr.ip,
                fr.base
            );
        }
        if !f.open_upvalues.is_empty() {
            let ups: Vec<String> = f.open_upvalues.iter().map(|u| n.obj(*u)).collect();
            let _ = writeln!(out, "    open upvalues [{}]", ups.join(", "));
        }
    }
    out
}
