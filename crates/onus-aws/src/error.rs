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
                    Some(c) => format!("{c}: {}", one_line(&text)),
                    None => one_line(&text),
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

#[cfg(test)]
mod tests {
    //! Classification of the errors real AWS sends, which an emulator cannot
    //! produce on demand (throttling, opt-in regions, bare 403s).

    use super::*;
    use aws_sdk_kms::operation::list_keys::ListKeysError;
    use aws_smithy_types::body::SdkBody;
    use aws_smithy_types::error::ErrorMetadata;

    fn service_error(status: u16, code: Option<&str>, message: &str) -> SdkError<ListKeysError, HttpResponse> {
        let mut meta = ErrorMetadata::builder().message(message);
        if let Some(code) = code {
            meta = meta.code(code);
        }
        let status = aws_smithy_runtime_api::http::StatusCode::try_from(status).unwrap_or_else(|e| panic!("{e}"));
        SdkError::service_error(ListKeysError::generic(meta.build()), HttpResponse::new(status, SdkBody::empty()))
    }

    #[test]
    fn codes_map_to_gap_reasons() {
        let cases = [
            (400, Some("AccessDeniedException"), GapReason::AccessDenied),
            (403, Some("UnauthorizedOperation"), GapReason::AccessDenied),
            (403, None, GapReason::AccessDenied),
            (400, Some("ThrottlingException"), GapReason::Throttled),
            (503, Some("SlowDown"), GapReason::Throttled),
            (429, None, GapReason::Throttled),
            (401, Some("OptInRequired"), GapReason::RegionDisabled),
            (400, Some("UnrecognizedClientException"), GapReason::RegionDisabled),
            (501, None, GapReason::Unsupported),
            (400, Some("InvalidAction"), GapReason::Unsupported),
            (500, Some("InternalFailure"), GapReason::Error),
        ];
        for (status, code, want) in cases {
            let err = CallError::from_sdk(&service_error(status, code, "denied by policy"));
            assert_eq!(err.reason, want, "{status} {code:?}");
            assert_eq!(err.code.as_deref(), code);
        }
    }

    #[test]
    fn messages_name_the_code_and_stay_on_one_line() {
        let err = CallError::from_sdk(&service_error(400, Some("AccessDenied"), "User: arn:aws:iam::1:user/x\nis not authorized"));
        assert!(err.message.starts_with("AccessDenied: "), "{}", err.message);
        assert!(!err.message.contains('\n'), "{}", err.message);
        let gap = err.gap("kms", "111122223333", Some("eu-west-1"), &[ResourceKind::KmsKey], "kms:ListKeys");
        assert_eq!(gap.reason, GapReason::AccessDenied);
        assert_eq!(gap.api_call.as_deref(), Some("kms:ListKeys"));
        let unknown: Attr<bool> = err.unknown("kms:GetKeyRotationStatus");
        assert_eq!(unknown.get().map_err(|u| u.cause), Err(UnknownCause::AccessDenied));
        let timeout: SdkError<ListKeysError, HttpResponse> = SdkError::timeout_error("operation timed out");
        assert_eq!(CallError::from_sdk(&timeout).reason, GapReason::Timeout);
    }

    #[test]
    fn not_found_answers_are_recognised() {
        let err = CallError::from_sdk(&service_error(404, Some("NoSuchBucketPolicy"), "none"));
        assert!(err.is_code(&["NoSuchBucketPolicy"]));
        assert!(!err.is_code(&["NoSuchEntity"]));
    }

    #[test]
    fn read_operations() {
        for op in ["DescribeInstances", "GetBucketPolicy", "ListUsers", "GenerateCredentialReport", "HeadBucket"] {
            assert!(crate::calls::is_read_operation(op), "{op}");
        }
        for op in ["PutBucketPolicy", "CreateUser", "DeleteTrail", "UpdateTrail", "StartLogging", "GenerateDataKey"] {
            assert!(!crate::calls::is_read_operation(op), "{op}");
        }
    }
}
