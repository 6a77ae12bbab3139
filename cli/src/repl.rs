//! The REPL (`wren` with no arguments), as the reference command's: each line is run in
//! module `repl`; a line that starts like a statement (`class`, `for`, `if`, `import`,
//! `var`, `while`, ...) runs as statements, any other is evaluated as an expression and its
//! value printed. Compile errors are printed as usual; a runtime error prints
//! `Runtime error: <message>`; either way the REPL goes on. Line editing and history come
//! from rustyline; `.help` lists the commands (`.exit`, `.clear`, `.save FILE`).

use std::io::Write;

use rustyline::error::ReadlineError;
use rustyline::DefaultEditor;
use wren_vm::{Config, Error, ErrorKind, Value, Vm};

use crate::host::{config, Out};

/// The first words of a line that the reference REPL runs as statements.
const STATEMENT_KEYWORDS: [&str; 9] = [
    "break", "class", "for", "foreign", "if", "import", "return", "var", "while",
];

const COMMANDS: [(&str, &str); 4] = [
    (".clear", "Clear screen"),
    (".exit", "Exit the repl"),
    (".help", "Print this help message"),
    (
        ".save",
        "Save all evaluated commands in this REPL session to a file",
    ),
];

/// What to do with a line.
#[derive(Debug, PartialEq, Eq)]
enum Input<'a> {
    Nothing,
    Command(&'a str, Option<&'a str>),
    Statements(&'a str),
    Expression(&'a str),
}

fn classify(line: &str) -> Input<'_> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with("//") {
        return Input::Nothing;
    }
    if let Some(command) = trimmed.strip_prefix('.') {
        let mut parts = command.split_whitespace();
        let name = parts.next().unwrap_or("");
        return Input::Command(&trimmed[..name.len() + 1], parts.next());
    }
    let first: String = trimmed
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if STATEMENT_KEYWORDS.contains(&first.as_str()) {
        Input::Statements(line)
    } else {
        Input::Expression(line)
    }
}

/// The REPL's VM configuration: output and compile errors as the `wren` command prints them;
/// runtime errors are reported by the REPL itself (`Runtime error: ...`), so the callback
/// leaves them out.
fn repl_config(out: &Out) -> Config {
    let mut c = config(out);
    let inner = std::mem::replace(&mut c.error, Box::new(|_, _, _, _| {}));
    let mut inner = inner;
    c.error = Box::new(move |kind, module, line, msg| {
        if kind == ErrorKind::Compile {
            inner(kind, module, line, msg);
        }
    });
    c
}

/// Runs one line; returns what to print (a value, or a runtime error), if anything.
fn evaluate(vm: &mut Vm, input: &Input<'_>) -> Option<String> {
    let (source, is_expression) = match input {
        Input::Statements(s) => (*s, false),
        Input::Expression(s) => (*s, true),
        _ => return None,
    };
    let compiled = if is_expression {
        vm.compile_expression("repl", source)
    } else {
        vm.compile_module("repl", source)
    };
    // Compile errors have been printed.
    let closure = compiled.ok()?;
    let held = vm.make_handle(closure);
    let call = vm.make_call_handle("call()");
    let result = vm.call(&call, closure, &[]);
    vm.release_handle(held);
    match result {
        Ok(v) if is_expression => Some(show(vm, v)),
        Ok(_) => None,
        Err(Error::Runtime(e)) => Some(format!("Runtime error: {}", e.message)),
        Err(e) => Some(format!("Runtime error: {e}")),
    }
}

/// A value as `System.print` shows it (its `toString`).
fn show(vm: &mut Vm, v: Value) -> String {
    let held = vm.make_handle(v);
    let to_string = vm.make_call_handle("toString");
    let text = match vm.call(&to_string, v, &[]) {
        Ok(s) => vm
            .string_bytes(s)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default(),
        Err(Error::Runtime(e)) => format!("Runtime error: {}", e.message),
        Err(e) => format!("Runtime error: {e}"),
    };
    vm.release_handle(held);
    text
}

/// Runs the REPL until end of input, Ctrl-C or `.exit`.
pub fn repl(out: &Out) -> u8 {
    let mut vm = Vm::new(repl_config(out));
    let mut editor = match DefaultEditor::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("Could not start the REPL: {e}");
            return 1;
        }
    };
    let mut session: Vec<String> = Vec::new();
    loop {
        let line = match editor.readline("> ") {
            Ok(line) => line,
            Err(ReadlineError::Interrupted | ReadlineError::Eof) => return 0,
            Err(e) => {
                eprintln!("{e}");
                return 1;
            }
        };
        let input = classify(&line);
        if input != Input::Nothing {
            let _ = editor.add_history_entry(line.as_str());
        }
        match input {
            Input::Nothing => {}
            Input::Command(".exit", _) => return 0,
            Input::Command(".clear", _) => {
                print!("\x1b[2J\x1b[H");
            }
            Input::Command(".help", _) => {
                let width = COMMANDS.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
                for (c, what) in COMMANDS {
                    println!("{c:width$}   {what}");
                }
            }
            Input::Command(".save", path) => match path {
                None => println!("Failed to save: missing filename"),
                Some(p) => {
                    let text: String = session.iter().map(|l| format!("{l}\n")).collect();
                    match std::fs::write(p, text) {
                        Ok(()) => println!("Session saved to: {p}"),
                        Err(e) => println!("Failed to save: {e}"),
                    }
                }
            },
            Input::Command(c, _) => println!("Invalid REPL command: {c}"),
            Input::Statements(_) | Input::Expression(_) => {
                session.push(line.clone());
                let shown = evaluate(&mut vm, &input);
                let _ = out.borrow_mut().flush();
                if let Some(text) = shown {
                    println!("{text}");
                }
            }
        }
        let _ = std::io::stdout().flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_classified_like_the_reference_repl() {
        assert_eq!(classify("  "), Input::Nothing);
        assert_eq!(classify("1 + 2"), Input::Expression("1 + 2"));
        assert_eq!(classify("var x = 1"), Input::Statements("var x = 1"));
        assert_eq!(
            classify("  for (i in 1..2) {}"),
            Input::Statements("  for (i in 1..2) {}")
        );
        assert_eq!(classify("variable"), Input::Expression("variable"));
        assert_eq!(
            classify(".save a.wren"),
            Input::Command(".save", Some("a.wren"))
        );
        assert_eq!(classify(".exit"), Input::Command(".exit", None));
    }

    #[test]
    fn expressions_print_their_value_and_errors_do_not_end_the_session() {
        let out: Out = std::rc::Rc::new(std::cell::RefCell::new(std::io::BufWriter::new(
            std::io::stdout(),
        )));
        let mut vm = Vm::new(repl_config(&out));
        assert_eq!(evaluate(&mut vm, &classify("1 + 2")), Some("3".into()));
        assert_eq!(evaluate(&mut vm, &classify("var x = [1, \"a\"]")), None);
        assert_eq!(evaluate(&mut vm, &classify("x")), Some("[1, a]".into()));
        assert_eq!(evaluate(&mut vm, &classify("null")), Some("null".into()));
        assert_eq!(
            evaluate(&mut vm, &classify("x.nope")),
            Some("Runtime error: List does not implement 'nope'.".into())
        );
        assert_eq!(evaluate(&mut vm, &classify("1 +")), None);
        assert_eq!(evaluate(&mut vm, &classify("x.count")), Some("2".into()));
    }
}
