//! Embeds the check fixtures, so that the documentation `onus checks explain`
//! prints can show each check's passing and failing examples: the fixtures are
//! both the tests and the documented examples.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut entries = Vec::new();
    if let Ok(dirs) = std::fs::read_dir(&root) {
        for dir in dirs.filter_map(Result::ok) {
            let check = dir.file_name().to_string_lossy().into_owned();
            println!("cargo:rerun-if-changed={}", dir.path().display());
            let Ok(files) = std::fs::read_dir(dir.path()) else { continue };
            for file in files.filter_map(Result::ok) {
                let name = file.file_name().to_string_lossy().into_owned();
                if name.ends_with(".json") {
                    entries.push((check.clone(), name, file.path()));
                }
            }
        }
    }
    entries.sort();
    let mut out = String::from("/// Every fixture: (check id, file name, contents).\npub static FIXTURES: &[(&str, &str, &str)] = &[\n");
    for (check, name, path) in entries {
        let _ = writeln!(out, "    ({check:?}, {name:?}, include_str!({:?})),", path.display().to_string());
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".to_owned())).join("fixtures.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        println!("cargo:warning=cannot write {}: {e}", dest.display());
    }
}
