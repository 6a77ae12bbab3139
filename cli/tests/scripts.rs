//! Runs every Wren script under `test/` as its own test, checking the expectations written in
//! the script's comments (the contract of the reference implementation's `util/test.py`).
//!
//! Each script runs in three modes, each its own test with the same expectations:
//! * `language::class::fields`: `wren test/language/class/fields.wren`;
//! * `...::via_snapshot`: `wren --via-snapshot ...` (compile, save, restore, run);
//! * `...::snapshot_every`: `wren --snapshot-every N ...`, with N = 1 for scripts that run
//!   fewer than [`SMALL_SCRIPT`] instructions (counted in-process first) and 1000 for the
//!   rest. Under `WREN_GC_STRESS` this mode uses N = 1000 throughout. A script may set its
//!   own N with `// snapshot-every: N` (for heaps so large that saving them every 1000
//!   instructions cannot finish within the timeout).
//!
//! Discovery: every `*.wren` file under `<workspace>/test`, recursively, except
//! * files whose first line contains `// nontest` (modules imported by other tests),
//! * anything inside a directory named `snapshot`.
//!
//! A test named `language::class::fields` is the script `test/language/class/fields.wren`.
//! Each script is run as `wren test/<path>.wren` from the workspace root, with the environment
//! passed through unchanged (so `WREN_GC_STRESS=1 cargo test` stresses the collector), and is
//! killed after [`TIMEOUT`].
//!
//! Expectations, one per comment:
//! * `// expect: text` — the next line of stdout is exactly `text`. Stdout must have exactly
//!   these lines, in this order, and nothing else.
//! * `// expect error` — a compile error is reported on this comment's line.
//! * `// expect error line N` — a compile error is reported on line N.
//!   With compile errors expected the exit code must be 65 and the set of lines of the
//!   `[module line N] Error...` lines on stderr must equal the expected set; stderr may hold
//!   nothing else.
//! * `// expect runtime error: message` — the first stderr line (after any compile-error lines,
//!   from an imported module) is exactly `message`, the next line is the innermost stack-trace
//!   line `[<module> line N] in ...` where `<module>` is this script's module (`./test/...`)
//!   and N is this comment's line, and the exit code is 70. Only when the error happened inside
//!   a module imported from `test/` may frames of such modules come before that line.
//! * `// skip: reason` — the test is reported as ignored.
//! * `// gc-stress: skip` — the test is reported as ignored when `WREN_GC_STRESS` is set (to
//!   anything but `0`, as the `wren` command reads it): for scripts that build structures so
//!   large that collecting after every allocation cannot finish within the timeout.
//!
//! Without error expectations the exit code must be 0 and stderr empty.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use libtest_mimic::{Arguments, Failed, Trial};

/// How long one script may run before it is killed and the test fails.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Scripts running fewer instructions than this are snapshotted after every instruction.
const SMALL_SCRIPT: u64 = 20_000;

/// How a script is run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Direct,
    ViaSnapshot,
    SnapshotEvery(u64),
}

impl Mode {
    fn args(self) -> Vec<String> {
        match self {
            Mode::Direct => vec![],
            Mode::ViaSnapshot => vec!["--via-snapshot".into()],
            Mode::SnapshotEvery(n) => vec!["--snapshot-every".into(), n.to_string()],
        }
    }
}

/// Whether `rel_path` finishes within `limit` instructions (imports included), run
/// in-process with its output discarded.
fn runs_within(root: &Path, rel_path: &str, limit: u64) -> bool {
    use wren_vm::{Config, Progress, Vm};
    let Ok(source) = std::fs::read(root.join(rel_path)) else {
        return true;
    };
    let root = root.to_path_buf();
    let config = Config {
        resolve_module: Some(Box::new(|importer, name| {
            if !(name.starts_with("./") || name.starts_with("../")) {
                return Some(name.to_string());
            }
            let dir = importer.rsplit_once('/').map_or(".", |(d, _)| d);
            let joined = format!("{dir}/{name}");
            let mut parts: Vec<&str> = Vec::new();
            for seg in joined.split('/') {
                match seg {
                    "" | "." => {}
                    ".." => {
                        parts.pop();
                    }
                    s => parts.push(s),
                }
            }
            Some(format!("./{}", parts.join("/")))
        })),
        load_module: Some(Box::new(move |name| {
            std::fs::read(root.join(format!("{name}.wren"))).ok()
        })),
        max_heap: Some(256 << 20),
        ..Config::silent()
    };
    let module = format!("./{}", rel_path.strip_suffix(".wren").unwrap_or(rel_path));
    let mut vm = Vm::new(config);
    let Ok(body) = vm.compile_module(&module, &source) else {
        return true;
    };
    vm.start(body).expect("a fresh VM starts a module body");
    vm.run_with_fuel(limit) != Ok(Progress::Paused)
}

fn workspace_root() -> PathBuf {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    root.canonicalize().unwrap_or(root)
}

/// What a script expects, parsed from its comments.
#[derive(Debug, Default)]
struct Expectations {
    /// Expected stdout lines with the source line each came from.
    output: Vec<(String, usize)>,
    /// Lines on which compile errors are expected.
    compile_errors: BTreeSet<usize>,
    /// The expected runtime error message and the line it is expected on.
    runtime_error: Option<(String, usize)>,
    /// `// skip: reason`.
    skip: Option<String>,
    /// `// gc-stress: skip`.
    skip_under_gc_stress: bool,
    /// `// snapshot-every: N`.
    snapshot_every: Option<u64>,
}

impl Expectations {
    fn parse(source: &str) -> Result<Expectations, String> {
        let mut e = Expectations::default();
        for (index, line) in source.lines().enumerate() {
            let line_num = index + 1;
            if let Some(rest) = after(line, "// expect: ") {
                e.output.push((rest.to_string(), line_num));
            } else if let Some(rest) = after(line, "// expect:") {
                // `// expect:` with nothing (or no space) after it.
                e.output.push((rest.to_string(), line_num));
            }
            if let Some(rest) = after(line, "// expect error line ") {
                let n: usize = rest
                    .trim()
                    .parse()
                    .map_err(|_| format!("line {line_num}: bad `// expect error line N`"))?;
                e.compile_errors.insert(n);
            } else if after(line, "// expect error").is_some() {
                e.compile_errors.insert(line_num);
            }
            if let Some(rest) = after(line, "// expect runtime error: ") {
                if e.runtime_error.is_some() {
                    return Err(format!(
                        "line {line_num}: more than one runtime error expected"
                    ));
                }
                e.runtime_error = Some((rest.to_string(), line_num));
            }
            if let Some(rest) = after(line, "// skip: ") {
                e.skip = Some(rest.to_string());
            }
            if line.contains("// gc-stress: skip") {
                e.skip_under_gc_stress = true;
            }
            if let Some(rest) = after(line, "// snapshot-every: ") {
                let n = rest.split_whitespace().next().and_then(|n| n.parse().ok());
                e.snapshot_every =
                    Some(n.ok_or_else(|| format!("line {line_num}: bad `// snapshot-every: N`"))?);
            }
        }
        if !e.compile_errors.is_empty() && e.runtime_error.is_some() {
            return Err("cannot expect both compile and runtime errors".to_string());
        }
        Ok(e)
    }

    fn expected_exit_code(&self) -> i32 {
        if !self.compile_errors.is_empty() {
            65
        } else if self.runtime_error.is_some() {
            70
        } else {
            0
        }
    }
}

/// The text after the first occurrence of `marker` in `line`.
fn after<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    line.find(marker).map(|i| &line[i + marker.len()..])
}

/// Parses `[module line N] rest` into (module, N, rest).
fn parse_location(line: &str) -> Option<(&str, usize, &str)> {
    let inner = line.strip_prefix('[')?;
    let close = inner.find(']')?;
    let (location, rest) = (&inner[..close], &inner[close + 1..]);
    let split = location.rfind(" line ")?;
    let module = &location[..split];
    let n = location[split + " line ".len()..].parse().ok()?;
    Some((module, n, rest))
}

/// A compile error line: `[module line N] Error...`.
fn compile_error_line(line: &str) -> Option<usize> {
    match parse_location(line) {
        Some((_, n, rest)) if rest.starts_with(" Error") => Some(n),
        _ => None,
    }
}

struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    timed_out: bool,
}

fn run_script(root: &Path, rel_path: &str, mode: Mode) -> Result<Outcome, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wren"))
        .args(mode.args())
        .arg(rel_path)
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", env!("CARGO_BIN_EXE_wren")))?;

    // Drain both pipes on their own threads so a chatty script cannot block on a full pipe.
    let mut out_pipe = child.stdout.take().expect("piped stdout");
    let mut err_pipe = child.stderr.take().expect("piped stderr");
    let out_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out_pipe.read_to_end(&mut buf);
        buf
    });
    let err_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err_pipe.read_to_end(&mut buf);
        buf
    });

    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {
                if start.elapsed() > TIMEOUT {
                    timed_out = true;
                    let _ = child.kill();
                    break child.wait().map_err(|e| e.to_string())?;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => return Err(format!("waiting for the script: {e}")),
        }
    };
    let stdout = out_thread.join().unwrap_or_default();
    let stderr = err_thread.join().unwrap_or_default();
    Ok(Outcome {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout).replace("\r\n", "\n"),
        stderr: String::from_utf8_lossy(&stderr).replace("\r\n", "\n"),
        timed_out,
    })
}

/// Splits output into lines, dropping the empty string after a final newline.
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.split('\n').collect();
    if lines.last() == Some(&"") {
        lines.pop();
    }
    lines
}

fn check(root: &Path, rel_path: &str, expect: &Expectations, mode: Mode) -> Result<(), Failed> {
    let mode = match mode {
        // Decided when the test runs, so that listing tests stays fast.
        Mode::SnapshotEvery(0) => {
            if let Some(n) = expect.snapshot_every {
                Mode::SnapshotEvery(n)
            } else if !gc_stress() && runs_within(root, rel_path, SMALL_SCRIPT) {
                Mode::SnapshotEvery(1)
            } else {
                Mode::SnapshotEvery(1000)
            }
        }
        m => m,
    };
    let outcome = run_script(root, rel_path, mode)?;
    let mut failures: Vec<String> = Vec::new();

    if outcome.timed_out {
        failures.push(format!(
            "Timed out after {} s and was killed.",
            TIMEOUT.as_secs()
        ));
    }

    // The module the script runs as: `./test/x/y` for `test/x/y.wren`.
    let module = format!("./{}", rel_path.strip_suffix(".wren").unwrap_or(rel_path));
    let err_lines = split_lines(&outcome.stderr);

    if let Some((message, line)) = &expect.runtime_error {
        // Skip compile errors from imported modules, as the reference runner does.
        let mut i = 0;
        while i < err_lines.len() && compile_error_line(err_lines[i]).is_some() {
            i += 1;
        }
        match err_lines.get(i) {
            None => failures.push(format!(
                "Expected runtime error \"{message}\" and got none."
            )),
            Some(actual) if actual != message => failures.push(format!(
                "Expected runtime error \"{message}\" and got \"{actual}\"."
            )),
            Some(_) => {}
        }
        // The innermost stack-trace line must be in this script's module. Frames of other
        // test modules (an error inside an imported module) may come first; anything else,
        // such as a frame of the core module, may not.
        let mut j = i + 1;
        while let Some((m, _, rest)) = err_lines.get(j).and_then(|l| parse_location(l)) {
            if m != module && m.starts_with("./test/") && rest.starts_with(" in ") {
                j += 1;
            } else {
                break;
            }
        }
        match err_lines.get(j).map(|l| (l, parse_location(l))) {
            Some((_, Some((m, n, rest)))) if m == module && rest.starts_with(" in ") => {
                if n != *line {
                    failures.push(format!(
                        "Expected runtime error on line {line} but the innermost stack-trace line of this module was on line {n}."
                    ));
                }
            }
            Some((actual, _)) => failures.push(format!(
                "Expected stack trace line \"[{module} line {line}] in ...\" and got \"{actual}\"."
            )),
            None => failures.push(format!(
                "Expected stack trace line \"[{module} line {line}] in ...\" and got none."
            )),
        }
    } else {
        let mut found = BTreeSet::new();
        for l in &err_lines {
            match compile_error_line(l) {
                Some(n) if expect.compile_errors.contains(&n) => {
                    found.insert(n);
                }
                Some(_) => failures.push(format!("Unexpected error: {l}")),
                None if l.is_empty() => {}
                None => failures.push(format!("Unexpected output on stderr: {l}")),
            }
        }
        for n in expect.compile_errors.difference(&found) {
            failures.push(format!("Missing expected compile error on line {n}."));
        }
    }

    let expected_code = expect.expected_exit_code();
    if !outcome.timed_out && outcome.code != Some(expected_code) {
        let actual = match outcome.code {
            Some(c) => c.to_string(),
            None => "none (killed by a signal)".to_string(),
        };
        failures.push(format!(
            "Expected exit code {expected_code} and got {actual}."
        ));
    }

    let out_lines = split_lines(&outcome.stdout);
    for (i, actual) in out_lines.iter().enumerate() {
        match expect.output.get(i) {
            None => failures.push(format!("Got output \"{actual}\" when none was expected.")),
            Some((expected, line)) if expected != actual => failures.push(format!(
                "Expected output \"{expected}\" (from line {line}) and got \"{actual}\"."
            )),
            Some(_) => {}
        }
    }
    for (expected, line) in expect.output.iter().skip(out_lines.len()) {
        failures.push(format!(
            "Missing expected output \"{expected}\" (from line {line})."
        ));
    }

    if failures.is_empty() {
        return Ok(());
    }

    let mut report = String::new();
    let _ = writeln!(report, "{rel_path} failed ({mode:?}):");
    for f in &failures {
        let _ = writeln!(report, "  - {f}");
    }
    let _ = writeln!(report, "--- stdout: expected vs actual ---");
    let n = expect.output.len().max(out_lines.len());
    for i in 0..n {
        let e = expect.output.get(i).map(|(s, _)| s.as_str());
        let a = out_lines.get(i).copied();
        let mark = if e == a { ' ' } else { '!' };
        let _ = writeln!(
            report,
            "{mark} {:<40} | {}",
            e.map(|s| format!("{s:?}"))
                .unwrap_or_else(|| "<none>".to_string()),
            a.map(|s| format!("{s:?}"))
                .unwrap_or_else(|| "<none>".to_string())
        );
    }
    let _ = writeln!(report, "--- stderr (exit code {:?}) ---", outcome.code);
    const MAX_STDERR_LINES: usize = 40;
    for l in err_lines.iter().take(MAX_STDERR_LINES) {
        let _ = writeln!(report, "  {l}");
    }
    if err_lines.len() > MAX_STDERR_LINES {
        let _ = writeln!(
            report,
            "  ... ({} more lines)",
            err_lines.len() - MAX_STDERR_LINES
        );
    }
    Err(report.into())
}

/// Every `.wren` file under `dir`, recursively, skipping `snapshot` directories; sorted.
fn discover(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if path.file_name().is_some_and(|n| n == "snapshot") {
                continue;
            }
            discover(&path, found);
        } else if path.extension().is_some_and(|e| e == "wren") {
            found.push(path);
        }
    }
}

/// Whether the suite runs with the collector stressed, read as the `wren` command reads it.
fn gc_stress() -> bool {
    std::env::var_os("WREN_GC_STRESS").is_some_and(|v| v != "0")
}

fn main() {
    let args = Arguments::from_args();
    let gc_stress = gc_stress();
    let root = workspace_root();
    let test_dir = root.join("test");

    let mut paths = Vec::new();
    discover(&test_dir, &mut paths);
    paths.sort();

    let mut trials = Vec::new();
    for path in paths {
        let rel = path.strip_prefix(&root).expect("under the workspace root");
        let rel_path = rel.to_string_lossy().replace('\\', "/");
        let inner = rel_path
            .strip_prefix("test/")
            .unwrap_or(&rel_path)
            .strip_suffix(".wren")
            .unwrap_or(&rel_path);
        let name = inner.replace('/', "::");

        let source = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                let msg = format!("cannot read {rel_path}: {e}");
                trials.push(Trial::test(name, move || Err(msg.into())));
                continue;
            }
        };
        if source
            .lines()
            .next()
            .is_some_and(|l| l.contains("// nontest"))
        {
            continue;
        }
        let expect = match Expectations::parse(&source) {
            Ok(e) => e,
            Err(msg) => {
                let msg = format!("{rel_path}: bad test: {msg}");
                trials.push(Trial::test(name, move || Err(msg.into())));
                continue;
            }
        };
        let ignored = expect.skip.is_some() || (gc_stress && expect.skip_under_gc_stress);
        let expect = std::sync::Arc::new(expect);
        for (suffix, mode) in [
            ("", Mode::Direct),
            ("::via_snapshot", Mode::ViaSnapshot),
            ("::snapshot_every", Mode::SnapshotEvery(0)),
        ] {
            let root = root.clone();
            let rel_path = rel_path.clone();
            let expect = expect.clone();
            trials.push(
                Trial::test(format!("{name}{suffix}"), move || {
                    check(&root, &rel_path, &expect, mode)
                })
                .with_ignored_flag(ignored),
            );
        }
    }

    libtest_mimic::run(&args, trials).exit();
}
