//! Counting and recording the API operations a scan makes: `-v` prints the
//! counts, and a test asserts that every recorded operation is a read.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextMut,
    BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Counts per operation: how many operations were executed, and how many
/// HTTP attempts they took (retries included).
#[derive(Clone, Debug, Default)]
pub struct CallLog {
    inner: Arc<Mutex<BTreeMap<String, OperationCount>>>,
}

/// Counts for one operation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OperationCount {
    /// Executions (one per SDK call).
    pub calls: u64,
    /// HTTP attempts (calls plus retries).
    pub attempts: u64,
}

fn operation_name(cfg: &ConfigBag) -> String {
    match cfg.load::<Metadata>() {
        Some(m) => format!("{}:{}", m.service(), m.name()),
        None => "unknown:unknown".to_owned(),
    }
}

impl CallLog {
    /// A snapshot of the counts, keyed by `Service:Operation`.
    pub fn counts(&self) -> BTreeMap<String, OperationCount> {
        self.inner.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// Total executions.
    pub fn total_calls(&self) -> u64 {
        self.counts().values().map(|c| c.calls).sum()
    }

    fn bump(&self, op: String, attempt: bool) {
        if let Ok(mut m) = self.inner.lock() {
            let e = m.entry(op).or_default();
            if attempt {
                e.attempts += 1;
            } else {
                e.calls += 1;
            }
        }
    }
}

impl Intercept for CallLog {
    fn name(&self) -> &'static str {
        "OnusCallLog"
    }

    // Counted before serialization rather than at the start of execution:
    // the operation's metadata is in the config bag only from here on.
    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.bump(operation_name(cfg), false);
        Ok(())
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.bump(operation_name(cfg), true);
        Ok(())
    }
}

/// Whether an operation name is a read: the collector may only make these.
pub fn is_read_operation(operation: &str) -> bool {
    const READ_PREFIXES: &[&str] = &["Describe", "Get", "List", "Head", "Lookup"];
    // GenerateCredentialReport writes nothing to the account; it asks IAM to
    // build the report that GetCredentialReport then reads.
    operation == "GenerateCredentialReport" || READ_PREFIXES.iter().any(|p| operation.starts_with(p))
}

/// With a custom endpoint (an emulator, LocalStack), S3 Control's endpoint
/// rules still put `{AccountId}.` in front of the host. This strips it again.
#[derive(Debug)]
pub struct StripAccountHostPrefix {
    /// The account id prefix to remove.
    pub account: String,
}

impl Intercept for StripAccountHostPrefix {
    fn name(&self) -> &'static str {
        "OnusStripAccountHostPrefix"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request_mut();
        let uri = request.uri().to_owned();
        let prefix = format!("://{}.", self.account);
        if let Some(i) = uri.find(&prefix) {
            let fixed = format!("{}://{}", &uri[..i], &uri[i + prefix.len()..]);
            request.set_uri(fixed)?;
        }
        Ok(())
    }
}
