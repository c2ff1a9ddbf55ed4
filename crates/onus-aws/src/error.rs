//! Turning SDK errors into what the inventory records: a collection gap for a
//! failed listing, an unknown value for a failed per-resource call.

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use onus_model::{Attr, CollectionGap, GapReason, ResourceKind, UnknownCause};

/// A failed call, classified.
#[derive(Clone, Debug)]
pub struct CallError {
    /// Why, as a gap reason.
    pub reason: GapReason,
    /// The service's error code, when it sent one.
    pub code: Option<String>,
    /// A one-line message.
    pub message: String,
}

const ACCESS_DENIED: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedAccess",
    "AuthorizationError",
    "Forbidden",
];
const THROTTLED: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "SlowDown",
    "RequestThrottled",
];
const REGION_DISABLED: &[&str] = &["OptInRequired", "InvalidClientTokenId", "UnrecognizedClientException", "AuthFailure"];

impl CallError {
    /// Classifies an SDK error.
    pub fn from_sdk<E>(err: &SdkError<E, HttpResponse>) -> CallError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let message = one_line(&DisplayErrorContext(err).to_string());
        match err {
            SdkError::TimeoutError(_) => CallError { reason: GapReason::Timeout, code: None, message },
            SdkError::ServiceError(se) => {
                let code = se.err().code().map(str::to_owned);
                // Without a code the response could not be read as an AWS error
                // (an emulator's HTML page, a malformed body): keep it short.
                let text = se.err().message().map(str::to_owned).unwrap_or_else(|| {
                    let mut short = message.clone();
                    if let Some(i) = short.find(". This is likely") {
                        short.truncate(i);
                    }
                    let short = short.trim_start_matches("service error: ").trim_start_matches("unhandled error: ");
                    format!("unreadable response ({})", short.chars().take(160).collect::<String>())
                });
                let status = se.raw().status().as_u16();
                let reason = match code.as_deref() {
                    Some(c) if ACCESS_DENIED.contains(&c) => GapReason::AccessDenied,
                    // Some endpoints deny with a bare 403 and no readable code.
                    None if status == 403 => GapReason::AccessDenied,
                    None if status == 429 => GapReason::Throttled,
                    None if status == 501 => GapReason::Unsupported,
                    Some(c) if THROTTLED.contains(&c) => GapReason::Throttled,
                    Some(c) if REGION_DISABLED.contains(&c) => GapReason::RegionDisabled,
                    Some(c) if c.contains("NotImplemented") || c == "UnknownOperationException" || c == "InvalidAction" => {
                        GapReason::Unsupported
                    }
                    _ => GapReason::Error,
                };
                let message = match &code {
                    Some(c) => format!("{c}: {text}"),
                    None => text,
                };
                CallError { reason, code, message }
            }
            SdkError::ResponseError(_) => CallError {
                reason: GapReason::Unsupported,
                code: None,
                message: format!("unreadable response (an endpoint that does not implement this call?): {message}"),
            },
            _ => CallError { reason: GapReason::Error, code: None, message },
        }
    }

    /// Whether the service said the thing does not exist or is not configured
    /// (e.g. `NoSuchBucketPolicy`): an answer, not a failure.
    pub fn is_code(&self, codes: &[&str]) -> bool {
        self.code.as_deref().is_some_and(|c| codes.contains(&c))
    }

    /// An unknown attribute value recording this failure.
    pub fn unknown<T>(&self, operation: &str) -> Attr<T> {
        let cause = if self.reason == GapReason::AccessDenied {
            UnknownCause::AccessDenied
        } else {
            UnknownCause::CallFailed
        };
        Attr::unknown_because(cause, format!("{operation}: {}", self.message))
    }

    /// A collection gap recording this failure.
    pub fn gap(
        &self,
        service: &str,
        account: &str,
        region: Option<&str>,
        kinds: &[ResourceKind],
        operation: &str,
    ) -> CollectionGap {
        CollectionGap {
            service: service.to_owned(),
            account: Some(account.to_owned()),
            region: region.map(str::to_owned),
            kinds: kinds.to_vec(),
            reason: self.reason,
            api_call: Some(operation.to_owned()),
            message: self.message.clone(),
        }
    }
}

fn one_line(s: &str) -> String {
    let mut out: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.len() > 400 {
        let mut cut = 400;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push('…');
    }
    out
}
