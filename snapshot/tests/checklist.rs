//! SECURITY.md's review checklist is true: every line names a fixture that exists and a test
//! that exists, every rule of every layer has a line, and every `bad*` fixture has one.

use std::collections::BTreeSet;
use std::path::PathBuf;

use wren_snapshot::DecodeRule;
use wren_vm::image::Rule;

const BIND_RULES: [&str; 4] = [
    "unbound-foreign-method",
    "unbound-foreign-class",
    "foreign-data-rejected",
    "heap-limit",
];

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The backticked parts of a table cell.
fn ticked(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

/// Whether `path::name` is a test function that exists.
fn test_exists(reference: &str) -> bool {
    let Some((path, name)) = reference.rsplit_once("::") else {
        return false;
    };
    let Ok(source) = std::fs::read_to_string(root().join(path)) else {
        return false;
    };
    source.contains(&format!("fn {name}("))
}

#[test]
fn checklist_names_existing_fixtures_and_tests_for_every_rule() {
    let text = std::fs::read_to_string(root().join("SECURITY.md")).unwrap();
    let start = text
        .find("<!-- checklist:start -->")
        .expect("checklist start marker");
    let end = text
        .find("<!-- checklist:end -->")
        .expect("checklist end marker");
    let mut problems = Vec::new();
    let mut rules = BTreeSet::new();
    let mut listed = BTreeSet::new();
    let mut lines = 0;
    for line in text[start..end].lines().filter(|l| l.starts_with("| ")) {
        let cells: Vec<&str> = line.split(" | ").collect();
        if cells.len() < 6
            || cells[0]
                .trim_start_matches('|')
                .trim()
                .parse::<u32>()
                .is_err()
        {
            continue;
        }
        lines += 1;
        let rule = ticked(cells[2]).first().copied().unwrap_or("");
        rules.insert(rule.to_string());
        for fixture in ticked(cells[4]) {
            listed.insert(fixture.to_string());
            if !root().join(fixture).is_file() {
                problems.push(format!("{rule}: fixture {fixture} does not exist"));
            }
            let expect = root().join(fixture.replace(".snap", ".expect"));
            match std::fs::read_to_string(&expect) {
                Ok(e) if e.contains(&format!("rule: {rule}\n")) => {}
                Ok(_) => problems.push(format!("{rule}: {fixture} expects another rule")),
                Err(_) => problems.push(format!("{rule}: no {}", expect.display())),
            }
        }
        for test in ticked(cells[5].trim_end_matches('|')) {
            if !test_exists(test) {
                problems.push(format!("{rule}: test {test} does not exist"));
            }
        }
    }
    let all: Vec<&str> = Rule::ALL
        .iter()
        .map(|r| r.name())
        .chain(DecodeRule::ALL.iter().map(|r| r.name()))
        .chain(BIND_RULES)
        .collect();
    for r in &all {
        if !rules.contains(*r) {
            problems.push(format!("rule {r} has no checklist line"));
        }
    }
    for r in &rules {
        if !all.contains(&r.as_str()) {
            problems.push(format!("checklist line for unknown rule {r}"));
        }
    }
    // Every fixture has its line: a check without one is not in the review checklist.
    let dir = root().join("test/snapshot/restore");
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("bad") && name.ends_with(".snap") {
            let path = format!("test/snapshot/restore/{name}");
            if !listed.contains(&path) {
                problems.push(format!("fixture {path} has no checklist line"));
            }
        }
    }
    assert!(lines >= all.len(), "only {lines} checklist lines");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The guarantees table names test files that exist.
#[test]
fn guarantees_name_existing_files() {
    let text = std::fs::read_to_string(root().join("SECURITY.md")).unwrap();
    let mut missing = Vec::new();
    for word in text.split('`') {
        let path = word.split_whitespace().next().unwrap_or("");
        let looks_like_file = (path.starts_with("snapshot/")
            || path.starts_with("vm/")
            || path.starts_with("fuzz/")
            || path.starts_with("cli/"))
            && path.ends_with(".rs");
        if looks_like_file && !root().join(path).is_file() {
            missing.push(path.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "SECURITY.md names missing files: {missing:?}"
    );
}
