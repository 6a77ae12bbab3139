//! Host-level guarantees: fuel pauses at instruction boundaries with no observable difference,
//! the heap limit ends in a clean runtime error, deep structures and long fiber chains never
//! touch the Rust stack, and primitive names are stable and unique.

use std::cell::RefCell;
use std::rc::Rc;

use wren_vm::{Config, Error, ErrorKind, Progress, Vm};

type Captured<T> = Rc<RefCell<T>>;

/// Runs `f` on a thread with `kib` KiB of stack: any Rust recursion over program data (or
/// deeper than the compile-depth limit) would overflow it.
fn on_small_stack(kib: usize, f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(kib * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap_or_else(|_| panic!("failed on a {kib} KiB stack"));
}

/// A VM whose output and errors are captured.
fn capture_vm(tweak: impl FnOnce(&mut Config)) -> (Vm, Captured<String>, Captured<Vec<String>>) {
    let out = Rc::new(RefCell::new(String::new()));
    let errs = Rc::new(RefCell::new(Vec::new()));
    let (o, e) = (out.clone(), errs.clone());
    let mut config = Config {
        write: Box::new(move |s| o.borrow_mut().push_str(&String::from_utf8_lossy(s))),
        error: Box::new(move |kind, module, line, msg| {
            let text = match kind {
                ErrorKind::Compile => format!("[{module} line {line}] {msg}"),
                ErrorKind::Runtime => msg.to_string(),
                ErrorKind::StackTrace => format!("[{module} line {line}] in {msg}"),
            };
            e.borrow_mut().push(text)
        }),
        ..Config::default()
    };
    tweak(&mut config);
    (Vm::new(config), out, errs)
}

const PROGRAM: &str = r#"
class Counter {
  construct new() { _n = 0 }
  inc() { _n = _n + 1 }
  n { _n }
}
var c = Counter.new()
var fibers = []
for (i in 0...20) {
  fibers.add(Fiber.new {
    for (j in 0...5) {
      c.inc()
      Fiber.yield(j)
    }
  })
}
var total = 0
for (round in 0...6) {
  for (f in fibers) {
    if (!f.isDone) {
      var v = f.call()
      if (v != null) total = total + v
    }
  }
}
var m = {}
for (i in 0...200) m["k%(i)"] = [i, i * 2, "s%(i)"]
System.print("count %(c.n) total %(total) map %(m.count) %(m["k7"])")
"#;

#[test]
fn fuel_pauses_without_observable_difference() {
    let (mut reference, ref_out, _) = capture_vm(|_| {});
    assert_eq!(reference.interpret("main", PROGRAM), Ok(()));
    let expected = ref_out.borrow().clone();
    assert!(expected.starts_with("count 100 total 200 map 200 [7, 14, s7]"));

    for fuel in [1u64, 7, 100, 1000] {
        let (mut vm, out, _) = capture_vm(|_| {});
        let closure = vm.compile_module("main", PROGRAM).expect("compiles");
        vm.start(closure).expect("a fresh VM starts a module body");
        let mut pauses = 0u64;
        loop {
            match vm.run_with_fuel(fuel) {
                Ok(Progress::Paused) => pauses += 1,
                Ok(Progress::Finished(())) => break,
                other => panic!("unexpected {other:?}"),
            }
        }
        assert!(pauses > 0, "fuel {fuel} never paused");
        assert_eq!(*out.borrow(), expected, "fuel {fuel} changed the output");
    }
}

#[test]
fn fuel_pause_survives_collections() {
    let (mut vm, out, _) = capture_vm(|c| c.gc_stress = true);
    let closure = vm.compile_module("main", PROGRAM).unwrap();
    vm.start(closure).expect("a fresh VM starts a module body");
    while vm.run_with_fuel(97) == Ok(Progress::Paused) {
        vm.collect_garbage();
    }
    assert!(out.borrow().starts_with("count 100 total 200"));
}

/// Runs `src` with `fuel` and returns module variable `n`, the loop count it reached.
fn iterations_within_fuel(src: &str, fuel: u64) -> f64 {
    let (mut vm, _, errs) = capture_vm(|c| c.max_heap = Some(512 * 1024 * 1024));
    let closure = vm.compile_module("main", src).expect("compiles");
    vm.start(closure).expect("starts");
    assert_eq!(
        vm.run_with_fuel(fuel),
        Ok(Progress::Paused),
        "{:?}",
        errs.borrow()
    );
    vm.get_variable("main", "n")
        .and_then(|v| v.as_num())
        .unwrap()
}

#[test]
fn fuel_pays_for_the_work_of_primitives() {
    // Each loop runs a handful of instructions; its primitive touches 100,000 values or
    // bytes. Without charging that work, 1,000,000 instructions would run ~100,000 loops.
    let fuel = 1_000_000;
    let loops = [
        // allocation
        "var n = 0\nwhile (true) {\n  List.filled(100000, 0)\n  n = n + 1\n}",
        "var s = \"x\" * 100000\nvar n = 0\nwhile (true) {\n  s + \"y\"\n  n = n + 1\n}",
        // scans and comparisons
        "var l = List.filled(100000, 0)\nvar n = 0\nwhile (true) {\n  l.indexOf(1)\n  n = n + 1\n}",
        "var s = \"x\" * 800000\nvar n = 0\nwhile (true) {\n  s.contains(\"y\")\n  n = n + 1\n}",
        "var s = \"x\" * 800000\nvar t = \"x\" * 800000\nvar n = 0\nwhile (true) {\n  s == t\n  n = n + 1\n}",
        // copies
        "var l = List.filled(100000, 0)\nvar n = 0\nwhile (true) {\n  l.insert(0, 1)\n  l.removeAt(0)\n  n = n + 1\n}",
        // collection of a live heap
        "var keep = List.filled(100000, 0)\nvar n = 0\nwhile (true) {\n  System.gc()\n  n = n + 1\n}",
    ];
    for src in loops {
        let n = iterations_within_fuel(src, fuel);
        assert!(n < 1000.0, "{n} loops within {fuel} fuel: {src}");
    }
    // Cheap loops still run about one instruction per unit of fuel.
    let n = iterations_within_fuel("var n = 0\nwhile (true) n = n + 1", fuel);
    assert!(n > 50_000.0, "only {n} loops of plain instructions");
}

#[test]
fn substring_search_is_linear() {
    // Boyer-Moore-Horspool (the reference's) compares nearly the whole needle at every
    // position of this haystack: 10^11 byte comparisons. A linear search answers at once.
    let (mut vm, out, _) = capture_vm(|_| {});
    let src = "var h = \"a\" * 1000000\nvar needle = \"a\" * 499999 + \"ba\"\nSystem.print(h.indexOf(needle))\nSystem.print(h.contains(\"a\" * 1000))";
    assert_eq!(vm.interpret("main", src), Ok(()));
    assert_eq!(*out.borrow(), "-1\ntrue\n");
}

#[test]
fn heap_limit_is_a_runtime_error() {
    let (mut vm, _, errs) = capture_vm(|c| {
        c.max_heap = Some(4 * 1024 * 1024);
        c.initial_heap = 1024 * 1024;
    });
    let src = "var l = []\nwhile (true) l.add([1, 2, 3, 4, 5, 6, 7, 8])";
    let Err(Error::Runtime(e)) = vm.interpret("main", src) else {
        panic!("not a runtime error")
    };
    assert_eq!(e.message, "Out of memory.");
    assert_eq!(errs.borrow()[0], "Out of memory.");
    assert_eq!(errs.borrow()[1], "[main line 2] in (script)");
}

#[test]
fn deep_structures_do_not_use_the_rust_stack() {
    on_small_stack(256, || {
        let (mut vm, out, _) = capture_vm(|_| {});
        let src = r#"
var m = {}
var head = m
for (i in 0...300000) {
  var next = {}
  m["n"] = next
  m = next
}
var l = []
var lh = l
for (i in 0...300000) {
  var next = [i]
  l.add(next)
  l = next
}
System.gc()
System.print("ok")
"#;
        assert_eq!(vm.interpret("main", src), Ok(()));
        assert_eq!(*out.borrow(), "ok\n");
        drop(vm);
    });
}

#[test]
fn fiber_chains_do_not_use_the_rust_stack() {
    on_small_stack(256, || {
        let (mut vm, out, _) = capture_vm(|_| {});
        let src = r#"
var depth = 0
var make
make = Fn.new {|n|
  return Fiber.new {
    if (n == 0) return 0
    return make.call(n - 1).call() + 1
  }
}
System.print(make.call(100000).call())
var recurse
recurse = Fn.new {|n| n == 0 ? 0 : recurse.call(n - 1) + 1 }
System.print(recurse.call(200000))
"#;
        assert_eq!(vm.interpret("main", src), Ok(()));
        assert_eq!(*out.borrow(), "100000\n200000\n");
    });
}

#[test]
fn primitive_names_are_unique_and_resolvable() {
    let prims = wren_vm::core::primitives();
    assert!(prims.len() > 100, "only {} primitives", prims.len());
    let mut names = std::collections::HashSet::new();
    for (id, p) in prims.iter().enumerate() {
        let name = p.name();
        assert!(names.insert(name), "duplicate primitive {name}");
        assert_eq!(wren_vm::core::primitive_id(name), Some(id as u16));
    }
    assert!(names.contains("List.add(_)"));
    assert!(names.contains("Num metaclass.fromString(_)"));
}

#[test]
fn runtime_error_reports_message_and_trace() {
    let (mut vm, _, errs) = capture_vm(|_| {});
    let src = "class A {\n  static f() { g() }\n  static g() { 1.nope }\n}\nA.f()\n";
    let Err(Error::Runtime(e)) = vm.interpret("m", src) else {
        panic!("not a runtime error")
    };
    // The error comes back typed, and streams through the callback as the reference prints it.
    assert_eq!(e.message, "Num does not implement 'nope'.");
    let trace: Vec<(&str, u32, &str)> = e
        .trace
        .iter()
        .map(|f| (f.module.as_str(), f.line, f.function.as_str()))
        .collect();
    assert_eq!(
        trace,
        [("m", 3, "g()"), ("m", 2, "f()"), ("m", 5, "(script)")]
    );
    assert_eq!(
        e.to_string(),
        "Num does not implement 'nope'.\n[m line 3] in g()\n[m line 2] in f()\n[m line 5] in (script)"
    );
    assert_eq!(
        *errs.borrow(),
        vec![
            "Num does not implement 'nope'.".to_string(),
            "[m line 3] in g()".to_string(),
            "[m line 2] in f()".to_string(),
            "[m line 5] in (script)".to_string(),
        ]
    );
}

#[test]
fn compile_errors_report_lines() {
    let (mut vm, _, errs) = capture_vm(|_| {});
    assert_eq!(
        vm.interpret("m", "var a = 1\nvar b = )\n"),
        Err(Error::Compile(vec![wren_vm::CompileError {
            module: "m".into(),
            line: 2,
            at: Some("')'".into()),
            message: "Expected expression.".into(),
        }]))
    );
    assert_eq!(
        errs.borrow()[0],
        "[m line 2] Error at ')': Expected expression."
    );
}

#[test]
fn interpret_is_refused_while_paused() {
    let (mut vm, out, _) = capture_vm(|_| {});
    let body = vm
        .compile_module(
            "main",
            "var i = 0\nwhile (i < 100) i = i + 1\nSystem.print(i)",
        )
        .unwrap();
    vm.start(body).expect("a fresh VM starts a module body");
    assert_eq!(vm.run_with_fuel(10), Ok(Progress::Paused));
    assert_eq!(vm.interpret("other", "System.print(1)"), Err(Error::Busy));
    assert_eq!(vm.resume(None), Ok(Progress::Finished(())));
    assert_eq!(*out.borrow(), "100\n");
    assert_eq!(vm.interpret("other", "System.print(2)"), Ok(()));
    assert_eq!(*out.borrow(), "100\n2\n");
}

#[test]
fn unbounded_recursion_is_a_runtime_error() {
    let (mut vm, _, errs) = capture_vm(|_| {});
    let src = "var f\nf = Fn.new {|n| f.call(n + 1) }\nf.call(0)\n";
    let Err(Error::Runtime(e)) = vm.interpret("main", src) else {
        panic!("not a runtime error")
    };
    assert_eq!(e.message, "Stack overflow.");
    assert!(e.elided.is_some_and(|(k, n)| k > 0 && n > 0));
    let errs = errs.borrow();
    assert_eq!(errs[0], "Stack overflow.");
    assert_eq!(errs[1], "[main line 2] in new(_) block argument");
    // The trace keeps its innermost and outermost frames and says how many it left out.
    let keep = wren_vm::limits::MAX_TRACE_FRAMES / 2;
    assert_eq!(errs.len(), 1 + 2 * keep + 1);
    let omitted = wren_vm::limits::MAX_CALL_FRAMES - 2 * keep;
    assert_eq!(errs[1 + keep], format!("... {omitted} more frames ..."));
    assert_eq!(errs.last().unwrap(), "[main line 3] in (script)");
}

#[test]
fn deepest_allowed_source_compiles_on_a_one_mebibyte_stack() {
    // Each shape nested to the compile-depth limit and beyond: a compile error, never a stack
    // overflow, on a thread with 1 MiB of stack.
    for shape in ["(", "[", "{\n", "Fn.new {\n", "-", "if (true) "] {
        on_small_stack(1024, move || {
            let mut vm = Vm::new(Config::silent());
            let src = shape.repeat(wren_vm::limits::MAX_COMPILE_DEPTH * 2);
            let compiled = vm.compile_module("deep", &src);
            assert!(compiled.is_err(), "nested {shape:?} compiled");
        });
    }
}
