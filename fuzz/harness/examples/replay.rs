//! Replays files through a target: `replay TARGET PATH...` (a path may be a directory, read
//! recursively). Prints how many inputs ran and which panicked (the panic is caught, so one
//! crash does not stop a coverage measurement). Exits 1 if any input panicked.
//!
//! `scripts/coverage.sh` runs this under cargo-llvm-cov; `scripts/fuzz.sh` leaves the
//! corpora it grows in fuzz/corpus/<target>.
use std::path::{Path, PathBuf};

fn collect(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            collect(&e, out);
        }
    } else if p.is_file() {
        out.push(p.to_path_buf());
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((target, paths)) = args.split_first() else {
        eprintln!("usage: replay TARGET PATH...");
        std::process::exit(64);
    };
    let Some(f) = wren_fuzz_harness::target(target) else {
        eprintln!("replay: no target {target}");
        std::process::exit(64);
    };
    let mut files = Vec::new();
    for p in paths {
        collect(Path::new(p), &mut files);
    }
    std::panic::set_hook(Box::new(|_| {}));
    let mut panicked = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap_or_default();
        // A thread of its own: a big stack, and a panic stays contained.
        let r = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || f(&bytes))
            .expect("spawn")
            .join();
        if r.is_err() {
            panicked.push(file.display().to_string());
        }
    }
    println!(
        "replay {target}: {} inputs, {} panicked",
        files.len(),
        panicked.len()
    );
    for p in &panicked {
        println!("  panicked: {p}");
    }
    if !panicked.is_empty() {
        std::process::exit(1);
    }
}
