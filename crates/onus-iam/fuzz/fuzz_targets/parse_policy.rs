//! Fuzz the span-preserving JSON parser, the policy parser, the validator and the
//! compiler with arbitrary input: none may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = onus_iam::json::parse(text);
        if let Ok(p) = onus_iam::parse_policy(text) {
            let _ = onus_iam::CompiledPolicy::compile("fuzz", p);
        }
        let _ = onus_iam::validate(text, onus_iam::PolicyType::Resource);
    }
});
