//! What the `wren` command gives a VM: output to stdout, errors to stderr, imports resolved
//! relative to the importing module and loaded from `<name>.wren`.

use std::cell::RefCell;
use std::io::{BufWriter, Write};
use std::rc::Rc;

use wren_vm::Config;

/// Buffered stdout, shared by the VM's write callback and the command.
pub type Out = Rc<RefCell<BufWriter<std::io::Stdout>>>;

#[cfg(feature = "compiler")]
/// The module name for a script path: `.wren` stripped, `./` added to a relative path.
pub fn module_name_for_path(path: &str) -> String {
    let stem = path.strip_suffix(".wren").unwrap_or(path);
    if stem.starts_with("./") || stem.starts_with("../") || stem.starts_with('/') {
        stem.to_string()
    } else {
        format!("./{stem}")
    }
}

/// Joins a relative import (`./x`, `../x`) to the importer's directory and normalizes `.`,
/// `..` and empty segments; other names are returned unchanged.
pub fn resolve_import(importer: &str, name: &str) -> String {
    if !(name.starts_with("./") || name.starts_with("../")) {
        return name.to_string();
    }
    let dir = match importer.rfind('/') {
        Some(i) => &importer[..i],
        None => ".",
    };
    let joined = format!("{dir}/{name}");
    let absolute = joined.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    let mut leading_dot = joined.starts_with("./");
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if matches!(parts.last(), Some(p) if *p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                    leading_dot = false;
                }
            }
            s => parts.push(s),
        }
    }
    let body = parts.join("/");
    if absolute {
        format!("/{body}")
    } else if leading_dot && !body.starts_with("..") {
        format!("./{body}")
    } else {
        body
    }
}

/// The host configuration: output through `out`, errors to stderr, imports from files.
pub fn config(out: &Out) -> Config {
    let write_out = out.clone();
    let err_out = out.clone();
    Config {
        write: Box::new(move |s| {
            let _ = write_out.borrow_mut().write_all(s);
        }),
        error: Box::new(move |kind, module, line, msg| {
            let _ = err_out.borrow_mut().flush();
            match kind {
                wren_vm::ErrorKind::Compile => eprintln!("[{module} line {line}] {msg}"),
                wren_vm::ErrorKind::Runtime => eprintln!("{msg}"),
                wren_vm::ErrorKind::StackTrace => eprintln!("[{module} line {line}] in {msg}"),
            }
        }),
        resolve_module: Some(Box::new(|importer, name| {
            Some(resolve_import(importer, name))
        })),
        load_module: Some(Box::new(|name| std::fs::read(format!("{name}.wren")).ok())),
        gc_stress: std::env::var_os("WREN_GC_STRESS").is_some_and(|v| v != "0"),
        // The reference's defaults: first collection at 10 MiB, then at 150% of what survives.
        initial_heap: 10 * 1024 * 1024,
        // A runaway allocation ends in "Out of memory." instead of exhausting the machine.
        max_heap: Some(4 << 30),
        ..Config::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names() {
        assert_eq!(module_name_for_path("test/a/b.wren"), "./test/a/b");
        assert_eq!(module_name_for_path("./x.wren"), "./x");
        assert_eq!(module_name_for_path("../x.wren"), "../x");
    }

    #[test]
    fn imports_resolve_relative_to_importer() {
        assert_eq!(resolve_import("./test/a/b", "./c"), "./test/a/c");
        assert_eq!(resolve_import("./test/a/b", "../c"), "./test/c");
        assert_eq!(resolve_import("./test/a/b", "./d/../e"), "./test/a/e");
        assert_eq!(resolve_import("./b", "../c"), "../c");
        assert_eq!(resolve_import("./test/a/b", "meta"), "meta");
    }
}
