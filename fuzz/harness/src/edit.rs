//! Edits to an image model, chosen by `arbitrary`: the vocabulary of the `structured` target
//! and of the custom mutator. Each edit changes one thing the format can express — a
//! reference, a value, a count, an opcode or operand, a frame's ip or base, a method entry, a
//! class's shape, a map slot, a fiber's state, a name, a root — so that mutated images stay
//! decodable and exercise the verifier's rules rather than the decoder's.

use std::rc::Rc;

use arbitrary::{Result, Unstructured};
use wren_vm::image::*;
use wren_vm::value::ObjRef;
use wren_vm::Value;

/// An object number: usually an existing object, sometimes just past the end.
fn obj_id(img: &Image, u: &mut Unstructured) -> Result<ObjId> {
    let total = img.len() as u32;
    Ok(if u.ratio(1, 16)? {
        total + u.int_in_range(0..=3)?
    } else {
        u.int_in_range(0..=total.saturating_sub(1))?
    })
}

/// An object number of `kind` when there is one (and sometimes any object).
fn id_of(img: &Image, kind: ObjKind, u: &mut Unstructured) -> Result<ObjId> {
    let l = img.layout();
    let n = l.count(kind);
    if n == 0 || u.ratio(1, 8)? {
        return obj_id(img, u);
    }
    Ok(l.id(kind, u.int_in_range(0..=n - 1)?))
}

fn value(img: &Image, u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0..=5)? {
        0 => Value::NULL,
        1 => Value::bool(u.arbitrary()?),
        2 => Value::num(u.int_in_range(-3..=300)? as f64),
        3 => Value::num(f64::from_bits(u.arbitrary()?)),
        _ => Value::obj(ObjRef::from_index(obj_id(img, u)?)),
    })
}

fn pick<T>(items: &mut [T], u: &mut Unstructured) -> Result<Option<usize>> {
    if items.is_empty() {
        return Ok(None);
    }
    Ok(Some(u.int_in_range(0..=items.len() - 1)?))
}

/// A small change to a count-like number.
fn nudge(n: u32, u: &mut Unstructured) -> Result<u32> {
    Ok(match u.int_in_range(0..=5)? {
        0 => n.wrapping_add(1),
        1 => n.wrapping_sub(1),
        2 => 0,
        3 => n.wrapping_mul(2),
        4 => u.int_in_range(0..=300)?,
        _ => u.arbitrary()?,
    })
}

fn edit_values(img: &Image, vs: &mut Vec<Value>, u: &mut Unstructured) -> Result<()> {
    match u.int_in_range(0..=3)? {
        0 => vs.push(value(img, u)?),
        1 => {
            vs.pop();
        }
        _ => {
            if let Some(i) = pick(vs, u)? {
                vs[i] = value(img, u)?;
            }
        }
    }
    Ok(())
}

fn edit_code(f: &mut FnObj, u: &mut Unstructured) -> Result<()> {
    let mut code = f.code.to_vec();
    match u.int_in_range(0..=5)? {
        // An opcode or operand byte changed.
        0 | 1 => {
            if let Some(i) = pick(&mut code, u)? {
                code[i] = if u.ratio(1, 2)? {
                    u.int_in_range(0..=80)?
                } else {
                    u.arbitrary()?
                };
            }
        }
        // A byte inserted or removed (lines kept in step).
        2 => {
            let i = u.int_in_range(0..=code.len())?;
            code.insert(i, u.arbitrary()?);
        }
        3 => {
            if let Some(i) = pick(&mut code, u)? {
                code.remove(i);
            }
        }
        // A jump offset (the byte after a jump) changed.
        4 => {
            let jumps: Vec<usize> = code
                .iter()
                .enumerate()
                .filter(|(_, &b)| (58..=62).contains(&b))
                .map(|(i, _)| i)
                .collect();
            if let Some(&i) = jumps.get(u.int_in_range(0..=jumps.len().max(1) - 1)?) {
                if i + 2 < code.len() {
                    code[i + 2] = u.arbitrary()?;
                }
            }
        }
        _ => {
            f.max_slots = nudge(f.max_slots, u)?;
        }
    }
    if let Some(d) = &mut f.debug {
        let mut lines = d.lines.per_byte();
        lines.resize(code.len(), lines.last().copied().unwrap_or(1));
        d.lines = wren_vm::image::LineTable::from_per_byte(&lines).into();
    }
    f.code = code.into();
    Ok(())
}

/// Applies one edit.
pub fn apply(img: &mut Image, u: &mut Unstructured) -> Result<()> {
    let choice = u.int_in_range(0..=17)?;
    match choice {
        0 => {
            // A list element, or the list's length.
            if let Some(i) = pick(&mut img.lists, u)? {
                let mut vs = std::mem::take(&mut img.lists[i].elements);
                edit_values(img, &mut vs, u)?;
                img.lists[i].elements = vs;
            }
        }
        1 => {
            // A map: capacity, a slot, a key or a value.
            if let Some(i) = pick(&mut img.maps, u)? {
                let v = value(img, u)?;
                let m = &mut img.maps[i];
                match u.int_in_range(0..=3)? {
                    0 => m.capacity = nudge(m.capacity, u)?,
                    1 => {
                        if let Some(j) = pick(&mut m.entries, u)? {
                            m.entries[j].slot = nudge(m.entries[j].slot, u)?;
                        }
                    }
                    2 => {
                        if let Some(j) = pick(&mut m.entries, u)? {
                            m.entries[j].key = v;
                        }
                    }
                    _ => {
                        if let Some(j) = pick(&mut m.entries, u)? {
                            m.entries[j].value = v;
                        }
                    }
                }
            }
        }
        2 => {
            // A module: its name, a variable's value or name, or its size.
            if let Some(i) = pick(&mut img.modules, u)? {
                let v = value(img, u)?;
                let s = id_of(img, ObjKind::String, u)?;
                let m = &mut img.modules[i];
                match u.int_in_range(0..=3)? {
                    0 => m.name = Some(s),
                    1 => {
                        if let Some(j) = pick(&mut m.values, u)? {
                            m.values[j] = v;
                        }
                    }
                    2 => {
                        if let Some(j) = pick(&mut m.names, u)? {
                            let other = m.names[u.int_in_range(0..=m.names.len() - 1)?].clone();
                            m.names[j] = other;
                        }
                    }
                    _ => {
                        m.names
                            .push(Rc::from(format!("v{}", m.names.len()).as_str()));
                        m.values.push(v);
                    }
                }
            }
        }
        3 | 4 => {
            // A function's code.
            if let Some(i) = pick(&mut img.fns, u)? {
                edit_code(&mut img.fns[i], u)?;
            }
        }
        5 => {
            // A function's shape or constants.
            if let Some(i) = pick(&mut img.fns, u)? {
                let v = value(img, u)?;
                let m = id_of(img, ObjKind::Module, u)?;
                let f = &mut img.fns[i];
                match u.int_in_range(0..=4)? {
                    0 => f.arity = nudge(f.arity, u)?,
                    1 => f.num_upvalues = nudge(f.num_upvalues, u)?,
                    2 => f.module = if u.ratio(1, 3)? { None } else { Some(m) },
                    3 => {
                        if let Some(j) = pick(&mut f.constants, u)? {
                            f.constants[j] = v;
                        }
                    }
                    _ => f.constants.push(v),
                }
            }
        }
        6 => {
            // A closure's function or upvalues.
            if let Some(i) = pick(&mut img.closures, u)? {
                let func = id_of(img, ObjKind::Fn, u)?;
                let up = id_of(img, ObjKind::Upvalue, u)?;
                let c = &mut img.closures[i];
                match u.int_in_range(0..=2)? {
                    0 => c.func = func,
                    1 => c.upvalues.push(up),
                    _ => {
                        c.upvalues.pop();
                    }
                }
            }
        }
        7 => {
            // An upvalue: open on some fiber and slot, or closed over a value.
            if let Some(i) = pick(&mut img.upvalues, u)? {
                let fiber = id_of(img, ObjKind::Fiber, u)?;
                let v = value(img, u)?;
                img.upvalues[i] = if u.arbitrary()? {
                    UpvalueObj::Open {
                        fiber,
                        slot: u.int_in_range(0..=12)?,
                    }
                } else {
                    UpvalueObj::Closed(v)
                };
            }
        }
        8 | 9 => {
            // A class's shape.
            if let Some(i) = pick(&mut img.classes, u)? {
                let other = id_of(img, ObjKind::Class, u)?;
                let name = id_of(img, ObjKind::String, u)?;
                let c = &mut img.classes[i];
                match u.int_in_range(0..=5)? {
                    0 => c.superclass = if u.ratio(1, 8)? { None } else { Some(other) },
                    1 => c.metaclass = other,
                    2 => c.num_fields = nudge(c.num_fields, u)?,
                    3 => c.name = name,
                    4 => {
                        c.foreign_module = match c.foreign_module {
                            Some(_) => None,
                            None => Some("main".into()),
                        }
                    }
                    _ => c.attributes = Value::obj(ObjRef::from_index(other)),
                }
            }
        }
        10 => {
            // A method table entry: its symbol, or what it binds.
            if let Some(i) = pick(&mut img.classes, u)? {
                let closure = id_of(img, ObjKind::Closure, u)?;
                let symbols = img.symbols.len() as u32;
                let prims = img.primitives.len() as u32;
                let foreign = img.foreign_methods.len() as u32;
                let c = &mut img.classes[i];
                let method = match u.int_in_range(0..=3)? {
                    0 => MethodRef::Primitive(u.int_in_range(0..=prims)?),
                    1 => MethodRef::FnCall,
                    2 => MethodRef::Foreign(u.int_in_range(0..=foreign)?),
                    _ => MethodRef::Block(closure),
                };
                match pick(&mut c.methods, u)? {
                    Some(j) if u.arbitrary()? => c.methods[j].1 = method,
                    Some(j) => c.methods[j].0 = u.int_in_range(0..=symbols)?,
                    None => c.methods.push((u.int_in_range(0..=symbols)?, method)),
                }
                c.methods.sort_by_key(|m| m.0);
                c.methods.dedup_by_key(|m| m.0);
            }
        }
        11 => {
            // An instance's class or fields.
            if let Some(i) = pick(&mut img.instances, u)? {
                let class = id_of(img, ObjKind::Class, u)?;
                if u.arbitrary()? {
                    img.instances[i].class = class;
                } else {
                    let mut vs = std::mem::take(&mut img.instances[i].fields);
                    edit_values(img, &mut vs, u)?;
                    img.instances[i].fields = vs;
                }
            }
        }
        12 => {
            // A foreign object's class or bytes.
            if let Some(i) = pick(&mut img.foreigns, u)? {
                let class = id_of(img, ObjKind::Class, u)?;
                let f = &mut img.foreigns[i];
                if u.arbitrary()? {
                    f.class = class;
                } else if let Some(j) = pick(&mut f.data, u)? {
                    f.data[j] = u.arbitrary()?;
                } else {
                    f.data.push(u.arbitrary()?);
                }
            }
        }
        13 | 14 => {
            // A fiber: a frame's ip, base or closure, its stack, state, caller or error.
            if let Some(i) = pick(&mut img.fibers, u)? {
                let closure = id_of(img, ObjKind::Closure, u)?;
                let caller = id_of(img, ObjKind::Fiber, u)?;
                let upvalue = id_of(img, ObjKind::Upvalue, u)?;
                let v = value(img, u)?;
                let mut stack = std::mem::take(&mut img.fibers[i].stack);
                let f = &mut img.fibers[i];
                match u.int_in_range(0..=8)? {
                    0 => {
                        if let Some(j) = pick(&mut f.frames, u)? {
                            f.frames[j].ip = nudge(f.frames[j].ip, u)?;
                        }
                    }
                    1 => {
                        if let Some(j) = pick(&mut f.frames, u)? {
                            f.frames[j].base = nudge(f.frames[j].base, u)?;
                        }
                    }
                    2 => {
                        if let Some(j) = pick(&mut f.frames, u)? {
                            f.frames[j].closure = closure;
                        }
                    }
                    3 => {
                        let base = stack.len() as u32;
                        f.frames.push(FrameObj {
                            ip: 0,
                            closure,
                            base,
                        });
                        stack.push(v);
                    }
                    4 => {
                        f.frames.pop();
                    }
                    5 => {
                        f.state = match u.int_in_range(0..=2)? {
                            0 => FiberState::Other,
                            1 => FiberState::Root,
                            _ => FiberState::Try,
                        }
                    }
                    6 => f.caller = if u.arbitrary()? { None } else { Some(caller) },
                    7 => {
                        if u.arbitrary()? {
                            f.open_upvalues.push(upvalue);
                        } else {
                            f.open_upvalues.pop();
                        }
                    }
                    _ => f.error = v,
                }
                if u.ratio(1, 2)? {
                    let mut s = std::mem::take(&mut stack);
                    let img_view = &*img;
                    edit_values(img_view, &mut s, u)?;
                    stack = s;
                }
                img.fibers[i].stack = stack;
            }
        }
        15 => {
            // A name: a symbol, a primitive, or a foreign method's.
            match u.int_in_range(0..=2)? {
                0 => {
                    if let Some(i) = pick(&mut img.symbols, u)? {
                        let j = u.int_in_range(0..=img.symbols.len() - 1)?;
                        img.symbols.swap(i, j);
                    }
                }
                1 => {
                    if let Some(i) = pick(&mut img.primitives, u)? {
                        let j = u.int_in_range(0..=img.primitives.len() - 1)?;
                        img.primitives.swap(i, j);
                    }
                }
                _ => {
                    if let Some(i) = pick(&mut img.foreign_methods, u)? {
                        let f = &mut img.foreign_methods[i];
                        f.is_static = !f.is_static;
                    }
                }
            }
        }
        16 => {
            // A root.
            let fiber = id_of(img, ObjKind::Fiber, u)?;
            let module = id_of(img, ObjKind::Module, u)?;
            let class = id_of(img, ObjKind::Class, u)?;
            let v = value(img, u)?;
            let r = &mut img.roots;
            match u.int_in_range(0..=3)? {
                0 => r.fiber = if u.arbitrary()? { None } else { Some(fiber) },
                1 => r.last_module = Some(module),
                2 => r.handles.push(Some(v)),
                _ => {
                    let mut core = r.core.named().map(|(_, c)| c);
                    let k = u.int_in_range(0..=core.len() - 1)?;
                    core[k] = class;
                    r.core = CoreRoots::from_array(core);
                }
            }
        }
        _ => {
            // A string's bytes, or a range.
            if u.arbitrary()? {
                if let Some(i) = pick(&mut img.strings, u)? {
                    let mut b = img.strings[i].bytes.to_vec();
                    b.push(u.arbitrary()?);
                    img.strings[i].bytes = b.into();
                }
            } else if let Some(i) = pick(&mut img.ranges, u)? {
                img.ranges[i].from = f64::from_bits(u.arbitrary()?);
            }
        }
    }
    Ok(())
}
