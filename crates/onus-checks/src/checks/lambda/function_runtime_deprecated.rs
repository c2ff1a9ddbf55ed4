use crate::prelude::*;
use onus_model::resources::lambda::Function;

/// A deprecated runtime no longer receives security patches.
pub struct FunctionRuntimeDeprecated;

/// Every Lambda-managed runtime for .zip functions and the date Lambda
/// deprecates (or deprecated) it: after that date AWS no longer applies
/// security patches to the runtime.
///
/// Source: the "Supported runtimes" and "Deprecated runtimes" tables of
/// <https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html>, column
/// "Deprecation date", as published in August 2026 (AWS moves future dates;
/// keep this table current). Container-image-only runtimes (.NET 5, 7 and 9)
/// are left out: image functions report no runtime.
pub const RUNTIME_DEPRECATION_DATES: &[(&str, &str)] = &[
    // Node.js
    ("nodejs24.x", "2028-04-30"),
    ("nodejs22.x", "2027-04-30"),
    ("nodejs20.x", "2026-04-30"),
    ("nodejs18.x", "2025-09-01"),
    ("nodejs16.x", "2024-06-12"),
    ("nodejs14.x", "2023-12-04"),
    ("nodejs12.x", "2023-03-31"),
    ("nodejs10.x", "2021-07-30"),
    ("nodejs8.10", "2020-03-06"),
    ("nodejs6.10", "2019-08-12"),
    ("nodejs4.3", "2020-03-05"),
    ("nodejs4.3-edge", "2020-03-05"),
    ("nodejs", "2016-08-30"),
    // Python
    ("python3.14", "2029-06-30"),
    ("python3.13", "2029-06-30"),
    ("python3.12", "2028-10-31"),
    ("python3.11", "2027-06-30"),
    ("python3.10", "2026-10-31"),
    ("python3.9", "2025-12-15"),
    ("python3.8", "2024-10-14"),
    ("python3.7", "2023-12-04"),
    ("python3.6", "2022-07-18"),
    ("python2.7", "2021-07-15"),
    // Java
    ("java25", "2029-06-30"),
    ("java21", "2029-06-30"),
    ("java17.al2023", "2029-06-30"),
    ("java11.al2023", "2029-06-30"),
    ("java8.al2023", "2029-06-30"),
    ("java17", "2027-06-30"),
    ("java11", "2027-06-30"),
    ("java8.al2", "2027-06-30"),
    ("java8", "2024-01-08"),
    // .NET
    ("dotnet10", "2028-11-14"),
    ("dotnet8", "2026-11-10"),
    ("dotnet6", "2024-12-20"),
    ("dotnetcore3.1", "2023-04-03"),
    ("dotnetcore2.1", "2022-01-05"),
    ("dotnetcore2.0", "2019-05-30"),
    ("dotnetcore1.0", "2019-06-27"),
    // Ruby
    ("ruby4.0", "2029-03-31"),
    ("ruby3.4", "2028-03-31"),
    ("ruby3.3", "2027-03-31"),
    ("ruby3.2", "2026-03-31"),
    ("ruby2.7", "2023-12-07"),
    ("ruby2.5", "2021-07-30"),
    // OS-only runtimes (Go, Rust, custom runtimes)
    ("provided.al2023", "2029-06-30"),
    ("provided.al2", "2026-07-31"),
    ("provided", "2024-01-08"),
    ("go1.x", "2024-01-08"),
];

static META: CheckMeta = CheckMeta {
    id: "lambda-function-runtime-deprecated",
    aliases: &[],
    title: "Lambda function runs on a deprecated runtime",
    service: "lambda",
    severity: Severity::Medium,
    domain: Domain::ManagedServiceSoftware,
    duty: "Move functions to a supported runtime before Lambda deprecates the one they use.",
    kinds: &[ResourceKind::LambdaFunction],
    rationale: "AWS patches managed runtimes only until their deprecation date. After it, the language runtime \
        and its operating system receive no security updates, the function loses technical support, and Lambda \
        later blocks creating and then updating functions on it. Changing the runtime identifier is the \
        customer's part, because AWS cannot guarantee compatibility between major versions (AWS FSBP Lambda.2). \
        Dates come from AWS's published runtime table; functions deployed as container images bring their own \
        runtime and are not evaluated.",
    remediation: Remediation {
        text: "Test the function on the newest runtime of its language, then update the runtime identifier (and \
            any layers built for the old version). For container images, rebuild on a current AWS base image.",
        cli: Some("aws lambda update-function-configuration --function-name <function> --runtime <runtime, e.g. python3.13>"),
        terraform: Some("resource \"aws_lambda_function\" \"this\" {\n  # ...\n  runtime = \"python3.13\"\n}"),
        cloudformation: Some("Function:\n  Type: AWS::Lambda::Function\n  Properties:\n    # ...\n    Runtime: python3.13"),
    },
    references: &[
        "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
        "https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html",
    ],
};

impl ResourceCheck for FunctionRuntimeDeprecated {
    type Kind = Function;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, f: &Function, cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let Some(runtime) = f.runtime.known("runtime")? else {
            return Ok(Verdict::NotApplicable("container image functions bring their own runtime"));
        };
        let Some(&(_, deprecation)) = RUNTIME_DEPRECATION_DATES.iter().find(|(id, _)| *id == runtime.as_str()) else {
            return Err(Undecided::Error {
                attribute: "runtime",
                message: format!("runtime {runtime:?} is not in onus's runtime table, so its deprecation date is unknown"),
            });
        };
        // ISO dates compare correctly as strings.
        let today = cx.now.format("%Y-%m-%d").to_string();
        if deprecation <= today.as_str() {
            Ok(Verdict::fail(
                "runtime",
                format!("{} runs on {runtime}, deprecated since {deprecation}: it no longer receives security patches.", r.name),
            ))
        } else {
            Ok(Verdict::pass(format!("{} runs on {runtime}, supported until {deprecation}.", r.name)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RUNTIME_DEPRECATION_DATES;
    use std::collections::HashSet;

    #[test]
    fn the_runtime_table_holds_real_dates_once_each() {
        let mut seen = HashSet::new();
        for (id, date) in RUNTIME_DEPRECATION_DATES {
            assert!(seen.insert(id), "{id} appears twice");
            assert!(chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(), "{id}: {date} is not a date");
            assert_eq!(date.len(), 10, "{id}: {date} must be YYYY-MM-DD to compare as a string");
        }
    }
}
