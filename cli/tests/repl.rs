//! The REPL through the `wren` binary, fed on stdin (rustyline reads plain lines when stdin is
//! not a terminal).

use std::io::Write;
use std::process::{Command, Stdio};

fn repl(input: &str) -> (String, String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wren"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs wren");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn evaluates_expressions_runs_statements_and_survives_errors() {
    let (out, err, code) = repl(
        "1 + 2\nvar x = [1, \"a\"]\nx\nx.nope\n1 +\nclass A {\n}\nSystem.print(\"hi\")\nx.count\n",
    );
    assert_eq!(code, 0);
    assert_eq!(
        out,
        // `System.print` returns what it printed: the REPL shows it again, like the reference.
        "3\n[1, a]\nRuntime error: List does not implement 'nope'.\nhi\nhi\n2\n"
    );
    // A class body spanning lines is not complete on its first line: a compile error, as in
    // the reference REPL, and the session goes on.
    assert!(
        err.contains("[repl line 1] Error at end of file: Expected expression."),
        "{err}"
    );
}

#[test]
fn commands() {
    let dir = std::env::temp_dir().join(format!("wren-repl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let saved = dir.join("session.wren");
    let (out, _, code) = repl(&format!(
        "var y = 2\n.help\n.save {}\n.nope\n.exit\n1 + 1\n",
        saved.display()
    ));
    assert_eq!(code, 0);
    assert!(out.contains(".exit    Exit the repl"), "{out}");
    assert!(out.contains("Session saved to:"), "{out}");
    assert!(out.contains("Invalid REPL command: .nope"), "{out}");
    assert!(!out.contains("\n2\n"), ".exit ends the session: {out}");
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), "var y = 2\n");
    let _ = std::fs::remove_dir_all(&dir);
}
