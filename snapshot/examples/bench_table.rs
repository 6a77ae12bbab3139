//! Prints the snapshot benchmark table for the README: save, restore (decode + verify +
//! install) and its parts, on the core image and on a heap of about a million objects, and
//! start-up from the core image against bootstrapping. Best of `RUNS` runs each.
//!
//! `cargo run --release -p wren-snapshot --example bench_table`

use std::time::{Duration, Instant};

use wren_vm::image::Layout;
use wren_vm::{Config, Vm};

const RUNS: usize = 7;

/// The best time of `RUNS` runs of `f`, each repeated until it takes at least 20 ms. What `f`
/// returns is dropped after the clock stops (dropping a VM is not part of restoring it).
fn best<T>(mut f: impl FnMut() -> T) -> Duration {
    let mut reps = 1u32;
    loop {
        let t = Instant::now();
        let kept: Vec<T> = (0..reps).map(|_| f()).collect();
        let elapsed = t.elapsed();
        drop(kept);
        if elapsed >= Duration::from_millis(20) {
            break;
        }
        reps *= 2;
    }
    (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let kept: Vec<T> = (0..reps).map(|_| f()).collect();
            let elapsed = t.elapsed();
            drop(kept);
            elapsed / reps
        })
        .min()
        .unwrap()
}

/// A heap of about a million objects: instances, strings, lists and maps.
const MILLION: &str = r#"
class P {
  construct new(a, b) {
    _a = a
    _b = b
  }
}
var L = []
for (i in 0...250000) {
  L.add(P.new(i, "s%(i)"))
  L.add([i, i + 1])
  L.add({i: i})
}
"#;

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

fn main() {
    let core = Vm::new(Config::silent());
    let mut million = Vm::new(Config::silent());
    million.interpret("main", MILLION).expect("runs");

    println!("| image | bytes | objects | bytes/object* | save (ms) | restore (ms) | MB/s | M objects/s | decode | verify | install | verify share |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (name, vm) in [("core", &core), ("1M objects", &million)] {
        let bytes = wren_snapshot::save(vm, Default::default()).unwrap();
        let image = vm.to_image().unwrap();
        let objects = image.len();
        let string_bytes: usize = {
            // Distinct string contents, as the name table stores them.
            let mut seen = std::collections::HashSet::new();
            image
                .strings
                .iter()
                .filter(|s| seen.insert(s.bytes.clone()))
                .map(|s| s.bytes.len())
                .sum()
        };
        let code_bytes: usize = image.fns.iter().map(|f| f.code.len()).sum();
        let per_object = (bytes.len() - string_bytes - code_bytes) as f64 / objects as f64;
        let _ = Layout::new(image.census());

        let save = best(|| wren_snapshot::save(vm, Default::default()).unwrap());
        let decode = best(|| wren_snapshot::decode(&bytes).unwrap());
        let decoded = wren_snapshot::decode(&bytes).unwrap();
        let verify = best(|| wren_vm::image::verify(decoded.image.clone()).unwrap());
        let clone = best(|| decoded.image.clone());
        let verify = verify.saturating_sub(clone);
        let verified = wren_vm::image::verify(decoded.image.clone()).unwrap();
        let install = best(|| Vm::from_image(Config::silent(), verified.clone()).unwrap());
        let clone_v = best(|| verified.clone());
        let install = install.saturating_sub(clone_v);
        let restore = best(|| wren_snapshot::restore(&bytes, Config::silent()).unwrap());
        let secs = restore.as_secs_f64();
        println!(
            "| {name} | {} | {objects} | {per_object:.1} | {} | {} | {:.0} | {:.1} | {} | {} | {} | {:.0}% |",
            bytes.len(),
            ms(save),
            ms(restore),
            bytes.len() as f64 / secs / 1e6,
            objects as f64 / secs / 1e6,
            ms(decode),
            ms(verify),
            ms(install),
            100.0 * verify.as_secs_f64() / secs,
        );
    }
    println!();
    println!("\\* not counting string bytes and bytecode");
    println!();
    let bootstrap = best(|| Vm::bootstrap(Config::silent()));
    let bytes = wren_snapshot::save(&core, Default::default()).unwrap();
    let restore = best(|| wren_snapshot::restore(&bytes, Config::silent()).unwrap());
    println!("| start-up | time (ms) |");
    println!("|---|---:|");
    println!(
        "| bootstrap (compile the core library) | {} |",
        ms(bootstrap)
    );
    println!("| restore the core image | {} |", ms(restore));
    let new = best(|| Vm::new(Config::silent()));
    println!("| `Vm::new` (the built-in core image) | {} |", ms(new));
    println!(
        "| ratio | {:.1}x faster |",
        bootstrap.as_secs_f64() / restore.as_secs_f64()
    );
}
