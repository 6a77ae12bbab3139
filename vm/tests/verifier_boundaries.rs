//! The verifier's checks at their edges, where mutation testing (`scripts/mutants.sh`) found
//! the fixtures silent: every limit admits exactly its value, and each check reached one way
//! by its fixture is also reached the other ways.

use wren_vm::image::{verify, verify_with, Image, Limits, Rule};
use wren_vm::opcode::{self, op};
use wren_vm::{Config, Vm};

/// The image of a VM that ran `src` to its end.
fn image_after(src: &str) -> Image {
    let mut vm = Vm::new(Config::silent());
    vm.interpret("main", src).expect("runs");
    vm.to_image().expect("saves")
}

/// The image of a VM paused before the first instruction of `src`.
fn image_before(src: &str) -> Image {
    let mut vm = Vm::new(Config::silent());
    let body = vm.compile_module("main", src).expect("compiles");
    vm.start(body).expect("starts");
    vm.to_image().expect("saves")
}

/// `image` verifies under `limits`, and fails `rule` under `tighter`.
fn admits_exactly(image: &Image, limits: Limits, tighter: Limits, rule: Rule) {
    if let Err(e) = verify_with(image.clone(), &limits) {
        panic!("rejected at the limit: {e}");
    }
    match verify_with(image.clone(), &tighter) {
        Ok(_) => panic!("accepted over the limit ({rule})"),
        Err(e) => assert_eq!(e.rule, rule, "{e}"),
    }
}

#[test]
fn every_limit_admits_exactly_its_value() {
    let image = image_after(
        r#"
import "random" for Random
var S = "x" * 5000
var L = List.filled(3000, 0)
var M = {}
for (i in 0...2000) M[i] = i
var R = Random.new(1)
"#,
    );
    let d = Limits::default;
    let longest_string = image.strings.iter().map(|s| s.bytes.len()).max().unwrap();
    admits_exactly(
        &image,
        Limits {
            max_string_bytes: longest_string,
            ..d()
        },
        Limits {
            max_string_bytes: longest_string - 1,
            ..d()
        },
        Rule::StringTooLong,
    );
    let longest_list = image.lists.iter().map(|l| l.elements.len()).max().unwrap();
    admits_exactly(
        &image,
        Limits {
            max_list_elements: longest_list,
            ..d()
        },
        Limits {
            max_list_elements: longest_list - 1,
            ..d()
        },
        Rule::ListTooLong,
    );
    let largest_map = image.maps.iter().map(|m| m.entries.len()).max().unwrap();
    assert!(largest_map >= 2000);
    admits_exactly(
        &image,
        Limits {
            max_map_entries: largest_map,
            ..d()
        },
        Limits {
            max_map_entries: largest_map - 1,
            ..d()
        },
        Rule::MapTooLarge,
    );
    let largest_foreign = image.foreigns.iter().map(|f| f.data.len()).max().unwrap();
    admits_exactly(
        &image,
        Limits {
            max_foreign_bytes: largest_foreign,
            ..d()
        },
        Limits {
            max_foreign_bytes: largest_foreign - 1,
            ..d()
        },
        Rule::ForeignTooLarge,
    );
    let longest_code = image.fns.iter().map(|f| f.code.len()).max().unwrap();
    admits_exactly(
        &image,
        Limits {
            max_code_bytes: longest_code,
            ..d()
        },
        Limits {
            max_code_bytes: longest_code - 1,
            ..d()
        },
        Rule::FnShape,
    );
    let most_slots = image
        .fns
        .iter()
        .map(|f| f.max_slots as usize)
        .max()
        .unwrap();
    admits_exactly(
        &image,
        Limits {
            max_fn_slots: most_slots,
            ..d()
        },
        Limits {
            max_fn_slots: most_slots - 1,
            ..d()
        },
        Rule::FnShape,
    );
    let most_variables = image.modules.iter().map(|m| m.names.len()).max().unwrap();
    admits_exactly(
        &image,
        Limits {
            max_module_variables: most_variables,
            ..d()
        },
        Limits {
            max_module_variables: most_variables - 1,
            ..d()
        },
        Rule::ModuleVariables,
    );
    let symbols = image.symbols.len();
    admits_exactly(
        &image,
        Limits {
            max_symbols: symbols,
            ..d()
        },
        Limits {
            max_symbols: symbols - 1,
            ..d()
        },
        Rule::TooManySymbols,
    );
    let objects = image.len();
    admits_exactly(
        &image,
        Limits {
            max_objects: objects,
            ..d()
        },
        Limits {
            max_objects: objects - 1,
            ..d()
        },
        Rule::TooManyObjects,
    );
}

/// The ip of the first `byte` instruction in `code`, if any.
fn try_find_op(code: &[u8], byte: u8) -> Option<usize> {
    let mut ip = 0;
    while ip < code.len() {
        let ins = opcode::decode(code, ip, |_| Some(0)).expect("decodes");
        if code[ip] == byte {
            return Some(ip);
        }
        ip = ins.next();
    }
    None
}

/// The ip of the first `byte` instruction in `code`.
fn find_op(code: &[u8], byte: u8) -> usize {
    try_find_op(code, byte).unwrap_or_else(|| panic!("no {byte} in the code"))
}

/// The function named `name`.
fn function<'a>(image: &'a mut Image, name: &str) -> &'a mut wren_vm::image::FnObj {
    image
        .fns
        .iter_mut()
        .find(|f| f.debug.as_ref().is_some_and(|d| &*d.name == name))
        .expect("the function")
}

/// The fixture for `constant-kind` puts a string under `CLOSURE`; this puts a function under
/// `CONSTANT` (which would push a bare function, a value that must never exist).
#[test]
fn constant_may_not_push_a_function() {
    let src = "var f = Fn.new { 1 }\nSystem.print(\"s\")\n";
    let image = image_before(src);
    assert!(verify(image.clone()).is_ok());
    let mut image = image;
    let script = function(&mut image, "(script)");
    let mut code = script.code.to_vec();
    let closure = find_op(&code, op::CLOSURE);
    let constant = find_op(&code, op::CONSTANT);
    // CONSTANT takes the function constant CLOSURE names.
    code[constant + 1] = code[closure + 1];
    code[constant + 2] = code[closure + 2];
    script.code = code.into();
    let e = verify(image).expect_err("a function under CONSTANT");
    assert_eq!(e.rule, Rule::ConstantKind, "{e}");
}

/// `FOREIGN_CONSTRUCT` belongs only in a constructor of a foreign class.
#[test]
fn foreign_construct_outside_a_foreign_class_is_rejected() {
    let src = "class A {\n  construct new() {}\n}\nSystem.print(A.new())\n";
    // Paused after the class is defined: the method tables hold the constructor.
    let mut vm = Vm::new(Config::silent());
    let body = vm.compile_module("main", src).expect("compiles");
    vm.start(body).expect("starts");
    let mut steps = 0;
    let mut image = loop {
        let _ = vm.run_with_fuel(1).expect("runs");
        steps += 1;
        let image = vm.to_image().expect("saves");
        if image.classes.len() > image_before("").classes.len() || steps > 200 {
            break image;
        }
    };
    assert!(verify(image.clone()).is_ok());
    // Every function holding CONSTRUCT (the constructor, and any copy binding made).
    let mut edited = 0;
    for f in image.fns.iter_mut() {
        let mut code = f.code.to_vec();
        if let Some(at) = try_find_op(&code, op::CONSTRUCT) {
            code[at] = op::FOREIGN_CONSTRUCT;
            f.code = code.into();
            edited += 1;
        }
    }
    assert!(edited > 0);
    let e = verify(image).expect_err("FOREIGN_CONSTRUCT in a class that is not foreign");
    assert_eq!(e.rule, Rule::ConstructPlacement, "{e}");
}

/// A signature may have exactly `MAX_PARAMETERS` parameters, and a name of exactly
/// `MAX_METHOD_NAME` bytes.
#[test]
fn signatures_at_their_limits() {
    use wren_vm::image::signature_arity;
    use wren_vm::limits::{MAX_METHOD_NAME, MAX_PARAMETERS};
    let params = vec!["_"; MAX_PARAMETERS].join(",");
    assert_eq!(
        signature_arity(&format!("f({params})")),
        Some(MAX_PARAMETERS)
    );
    assert_eq!(signature_arity(&format!("f({params},_)")), None);
    let long = "x".repeat(MAX_METHOD_NAME);
    assert_eq!(signature_arity(&format!("{long}(_)")), Some(1));
    assert_eq!(signature_arity(&format!("{long}x(_)")), None);
}

/// A class may have exactly `MAX_FIELDS` fields.
#[test]
fn a_class_with_the_most_fields_verifies() {
    let fields: String = (0..wren_vm::limits::MAX_FIELDS)
        .map(|i| format!("    _f{i} = {i}\n"))
        .collect();
    let src = format!("class A {{\n  construct new() {{\n{fields}  }}\n}}\nvar a = A.new()\n");
    let image = image_after(&src);
    assert!(image
        .classes
        .iter()
        .any(|c| c.num_fields as usize == wren_vm::limits::MAX_FIELDS));
    if let Err(e) = verify(image) {
        panic!("{e}");
    }
}
