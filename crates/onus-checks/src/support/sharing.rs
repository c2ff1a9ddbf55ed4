//! Wording for resources shared with specific accounts (snapshots…).

use onus_model::Attr;

/// "; it is shared with 1 account (…)" when the snapshot is shared with specific accounts.
pub fn shared_note(accounts: &Attr<Vec<String>>) -> String {
    match accounts.get() {
        Ok(accounts) if !accounts.is_empty() => {
            let noun = if accounts.len() == 1 { "account" } else { "accounts" };
            format!("; it is shared with {} {noun} ({})", accounts.len(), accounts.join(", "))
        }
        _ => String::new(),
    }
}
