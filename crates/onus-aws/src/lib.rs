//! The live AWS collector. Reads an account with the official aws-sdk-rust
//! crates and produces the same [`onus_model::Inventory`] every other source
//! produces. It only ever reads: every operation it issues is a Describe,
//! Get, List or `GenerateCredentialReport` (a test asserts it).
//!
//! Credentials, regions and endpoints come the AWS way: the standard provider
//! chain (environment, shared files, `--profile`, SSO, web identity, container
//! and instance metadata), `AWS_ENDPOINT_URL` and per-service overrides.
//!
//! A failure to read one service in one region never aborts the scan: it
//! becomes a [`onus_model::CollectionGap`] (a failed listing) or an unknown
//! attribute (a failed per-resource call).

pub mod calls;
pub mod error;
mod services;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use calls::CallLog;
use onus_model::{CollectionGap, Inventory, Resource, ScanMetadata, SourceKind};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Which regions to scan.
#[derive(Clone, Debug, Default)]
pub enum RegionChoice {
    /// The configured region (`AWS_REGION`, the profile's region).
    #[default]
    Configured,
    /// These regions.
    List(Vec<String>),
    /// Every region enabled for the account (`ec2:DescribeRegions`).
    AllEnabled,
}

/// What a scan reports while it runs.
#[derive(Clone, Debug)]
pub enum Progress {
    /// The number of service × region × account collectors that will run.
    Planned {
        /// How many.
        tasks: usize,
    },
    /// One collector finished.
    Finished {
        /// Which, e.g. `111122223333/ec2/eu-west-1`.
        task: String,
        /// Resources it read.
        resources: usize,
        /// Gaps it met.
        gaps: usize,
    },
}

/// A receiver of [`Progress`] events (a progress bar, a log).
#[derive(Clone)]
pub struct ProgressSink(pub Arc<dyn Fn(Progress) + Send + Sync>);

impl std::fmt::Debug for ProgressSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressSink")
    }
}

/// How to scan.
#[derive(Clone, Debug)]
pub struct ScanOptions {
    /// Regions.
    pub regions: RegionChoice,
    /// A named profile from the shared config files.
    pub profile: Option<String>,
    /// How many service × region tasks run at once.
    pub concurrency: usize,
    /// Limit for one HTTP attempt.
    pub attempt_timeout: Duration,
    /// Limit for one operation, retries included.
    pub operation_timeout: Duration,
    /// Scan every active account of the organization by assuming this role
    /// into each (the caller must be in the management or a delegated account).
    pub org_role: Option<String>,
    /// Where to report progress.
    pub progress: Option<ProgressSink>,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            regions: RegionChoice::Configured,
            profile: None,
            concurrency: 16,
            attempt_timeout: Duration::from_secs(20),
            operation_timeout: Duration::from_secs(60),
            org_role: None,
            progress: None,
        }
    }
}

/// What a scan produced.
#[derive(Debug)]
pub struct Collected {
    /// The inventory.
    pub inventory: Inventory,
    /// Every operation issued, with counts.
    pub calls: CallLog,
    /// Wall time of the scan.
    pub elapsed: Duration,
}

/// Why a scan could not start at all.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// No usable credentials, or they were rejected.
    #[error("no usable AWS credentials: {message} (configure them with environment variables, a profile, SSO or an instance role)")]
    NoCredentials {
        /// What the SDK said.
        message: String,
    },
    /// No region was configured and none was given.
    #[error("no AWS region configured: pass --region or set AWS_REGION")]
    NoRegion,
    /// The region list could not be read.
    #[error("cannot list the account's regions: {message}")]
    Regions {
        /// What the SDK said.
        message: String,
    },
    /// `--org` was asked for but the organization's accounts could not be listed.
    #[error("cannot list the organization's accounts (is this the management or a delegated administrator account?): {message}")]
    Organization {
        /// What the SDK said.
        message: String,
    },
}

/// What the service collectors share.
#[derive(Clone, Debug)]
pub(crate) struct Ctx {
    pub sdk: SdkConfig,
    pub account: String,
    pub partition: String,
    pub calls: CallLog,
    /// A custom endpoint is configured (an emulator): use S3 path-style
    /// addressing and undo S3 Control's account host prefix.
    pub custom_endpoint: bool,
    pub per_resource_concurrency: usize,
    /// Interceptors every client also gets (tests answer calls with recorded responses).
    pub extra_interceptors: Vec<aws_smithy_runtime_api::client::interceptors::SharedInterceptor>,
}

/// One collector's output.
#[derive(Debug, Default)]
pub(crate) struct Part {
    pub resources: Vec<Resource>,
    pub gaps: Vec<CollectionGap>,
}

async fn load_config(options: &ScanOptions) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::adaptive().with_max_attempts(3))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .operation_attempt_timeout(options.attempt_timeout)
                .operation_timeout(options.operation_timeout)
                .build(),
        );
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    loader.load().await
}

fn custom_endpoint_configured() -> bool {
    std::env::vars_os().any(|(k, _)| k.to_string_lossy().starts_with("AWS_ENDPOINT_URL"))
}

/// Credentials for `account` by assuming `role` there, checked with one call.
async fn assume_into(
    sdk: &SdkConfig,
    calls: &CallLog,
    partition: &str,
    account: &str,
    role: &str,
) -> Result<SdkConfig, error::CallError> {
    let role_arn = format!("arn:{partition}:iam::{account}:role/{role}");
    let provider = aws_config::sts::AssumeRoleProvider::builder(role_arn)
        .session_name("onus-scan")
        .configure(sdk)
        .build()
        .await;
    let conf = sdk
        .to_builder()
        .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(provider))
        .build();
    let sts_conf = aws_sdk_sts::config::Builder::from(&conf)
        .region(conf.region().cloned().or_else(|| Some(Region::new("us-east-1"))))
        .interceptor(calls.clone())
        .build();
    let who = aws_sdk_sts::Client::from_conf(sts_conf)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| error::CallError::from_sdk(&e))?;
    if who.account() != Some(account) {
        return Err(error::CallError {
            reason: onus_model::GapReason::Error,
            code: None,
            message: format!("assumed role answers as account {:?}, not {account}", who.account()),
        });
    }
    Ok(conf)
}

/// Scans the account the credentials belong to (and, with `org_role`, every
/// account of its organization).
pub async fn scan(options: &ScanOptions) -> Result<Collected, ScanError> {
    let started = Instant::now();
    let calls = CallLog::default();
    let sdk = load_config(options).await;
    let home_region = sdk.region().map(|r| r.to_string());

    // Who are we? Fails fast, with one attempt, when there are no credentials.
    let sts_conf = aws_sdk_sts::config::Builder::from(&sdk)
        .retry_config(RetryConfig::standard().with_max_attempts(1))
        .region(sdk.region().cloned().or_else(|| Some(Region::new("us-east-1"))))
        .interceptor(calls.clone())
        .build();
    let identity = aws_sdk_sts::Client::from_conf(sts_conf)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| ScanError::NoCredentials { message: error::CallError::from_sdk(&e).message })?;
    let account = identity.account().unwrap_or_default().to_owned();
    let partition = identity
        .arn()
        .and_then(|arn| arn.split(':').nth(1))
        .unwrap_or("aws")
        .to_owned();
    tracing::info!(account, arn = identity.arn().unwrap_or_default(), "authenticated");

    let regions: Vec<String> = match &options.regions {
        RegionChoice::List(list) if !list.is_empty() => list.clone(),
        RegionChoice::AllEnabled => {
            let region = home_region.clone().unwrap_or_else(|| "us-east-1".to_owned());
            let conf = aws_sdk_ec2::config::Builder::from(&sdk)
                .region(Region::new(region))
                .interceptor(calls.clone())
                .build();
            let out = aws_sdk_ec2::Client::from_conf(conf)
                .describe_regions()
                .send()
                .await
                .map_err(|e| ScanError::Regions { message: error::CallError::from_sdk(&e).message })?;
            let mut names: Vec<String> =
                out.regions().iter().filter_map(|r| r.region_name().map(str::to_owned)).collect();
            names.sort();
            names
        }
        _ => vec![home_region.clone().ok_or(ScanError::NoRegion)?],
    };
    let global_region = home_region.clone().or_else(|| regions.first().cloned()).unwrap_or_else(|| "us-east-1".to_owned());

    let custom_endpoint = custom_endpoint_configured();
    let per_resource_concurrency = options.concurrency.clamp(1, 64);
    let mut gaps = Vec::new();

    // The accounts to scan, each with the configuration that reaches it.
    let mut targets: Vec<(String, SdkConfig)> = vec![(account.clone(), sdk.clone())];
    if let Some(role) = &options.org_role {
        let org_conf = aws_sdk_organizations::config::Builder::from(&sdk)
            .region(Region::new(global_region.clone()))
            .interceptor(calls.clone())
            .build();
        let org = aws_sdk_organizations::Client::from_conf(org_conf);
        let mut members = Vec::new();
        let mut pages = org.list_accounts().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| ScanError::Organization { message: error::CallError::from_sdk(&e).message })?;
            members.extend(page.accounts().iter().cloned());
        }
        for member in members {
            let (Some(id), true) = (member.id(), member.status().is_none_or(|s| s.as_str() == "ACTIVE")) else { continue };
            if id == account {
                continue;
            }
            match assume_into(&sdk, &calls, &partition, id, role).await {
                Ok(conf) => targets.push((id.to_owned(), conf)),
                Err(err) => gaps.push(err.gap("sts", id, None, onus_model::ResourceKind::ALL, "sts:AssumeRole")),
            }
        }
        tracing::info!(accounts = targets.len(), failed = gaps.len(), "organization accounts");
    }

    // Global services once per account, regional ones per region; a bounded
    // pool runs them all.
    let limit = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let mut tasks: JoinSet<(String, Part)> = JoinSet::new();
    let progress = options.progress.clone();
    let mut spawn = |label: String, fut: std::pin::Pin<Box<dyn std::future::Future<Output = Part> + Send>>| {
        let limit = limit.clone();
        let progress = progress.clone();
        tasks.spawn(async move {
            let _permit = limit.acquire_owned().await;
            let t = Instant::now();
            let part = fut.await;
            tracing::debug!(task = %label, resources = part.resources.len(), gaps = part.gaps.len(), ms = t.elapsed().as_millis() as u64, "collected");
            if let Some(sink) = &progress {
                (sink.0)(Progress::Finished { task: label.clone(), resources: part.resources.len(), gaps: part.gaps.len() });
            }
            (label, part)
        });
    };
    let mut accounts = Vec::new();
    let primary = account.clone();
    for (acct, conf) in targets {
        accounts.push(acct.clone());
        let ctx = Arc::new(Ctx {
            sdk: conf,
            account: acct.clone(),
            partition: partition.clone(),
            calls: calls.clone(),
            custom_endpoint,
            per_resource_concurrency,
            extra_interceptors: Vec::new(),
        });
        spawn(format!("{acct}/iam"), Box::pin(services::iam::collect(ctx.clone(), global_region.clone())));
        spawn(format!("{acct}/s3"), Box::pin(services::s3::collect(ctx.clone(), global_region.clone())));
        spawn(format!("{acct}/s3control"), Box::pin(services::s3::collect_account_block(ctx.clone(), global_region.clone())));
        spawn(format!("{acct}/waf/cloudfront"), Box::pin(services::wafv2::collect_cloudfront(ctx.clone())));
        if acct == primary {
            // The organization is the same from every account; read it once, from the caller's.
            spawn(format!("{acct}/organizations"), Box::pin(services::organizations::collect(ctx.clone(), global_region.clone())));
        }
        for region in &regions {
            spawn(format!("{acct}/ec2/{region}"), Box::pin(services::ec2::collect(ctx.clone(), region.clone())));
            spawn(format!("{acct}/rds/{region}"), Box::pin(services::rds::collect(ctx.clone(), region.clone())));
            spawn(format!("{acct}/cloudtrail/{region}"), Box::pin(services::cloudtrail::collect(ctx.clone(), region.clone())));
            spawn(format!("{acct}/kms/{region}"), Box::pin(services::kms::collect(ctx.clone(), region.clone())));
            spawn(format!("{acct}/lambda/{region}"), Box::pin(services::lambda::collect(ctx.clone(), region.clone())));
            spawn(format!("{acct}/dynamodb/{region}"), Box::pin(services::dynamodb::collect(ctx.clone(), region.clone())));
            spawn(format!("{acct}/guardduty/{region}"), Box::pin(services::guardduty::collect(ctx.clone(), region.clone())));
            spawn(format!("{acct}/elb/{region}"), Box::pin(services::elbv2::collect(ctx.clone(), region.clone())));
            spawn(format!("{acct}/ec2-images/{region}"), Box::pin(services::ec2::collect_images(ctx.clone(), region.clone())));
            spawn(format!("{acct}/vpc/{region}"), Box::pin(services::vpc::collect(ctx.clone(), region.clone())));
            spawn(format!("{acct}/logs/{region}"), Box::pin(services::logs::collect(ctx.clone(), region.clone())));
            spawn(format!("{acct}/cloudwatch/{region}"), Box::pin(services::logs::collect_alarms(ctx.clone(), region.clone())));
            spawn(format!("{acct}/config/{region}"), Box::pin(services::config::collect(ctx.clone(), region.clone())));
            spawn(format!("{acct}/acm/{region}"), Box::pin(services::acm::collect(ctx.clone(), region.clone())));
            spawn(format!("{acct}/backup/{region}"), Box::pin(services::backup::collect(ctx.clone(), region.clone())));
            spawn(format!("{acct}/ssm/{region}"), Box::pin(services::ssm::collect(ctx.clone(), region.clone())));
            spawn(format!("{acct}/waf/{region}"), Box::pin(services::wafv2::collect(ctx.clone(), region.clone())));
            spawn(format!("{acct}/secretsmanager/{region}"), Box::pin(services::secretsmanager::collect(ctx.clone(), region.clone())));
            spawn(format!("{acct}/sns/{region}"), Box::pin(services::messaging::collect_topics(ctx.clone(), region.clone())));
            spawn(format!("{acct}/sqs/{region}"), Box::pin(services::messaging::collect_queues(ctx.clone(), region.clone())));
            spawn(format!("{acct}/eks/{region}"), Box::pin(services::containers::collect_eks(ctx.clone(), region.clone())));
            spawn(format!("{acct}/ecr/{region}"), Box::pin(services::containers::collect_ecr(ctx.clone(), region.clone())));
            spawn(format!("{acct}/efs/{region}"), Box::pin(services::efs::collect(ctx.clone(), region.clone())));
            spawn(format!("{acct}/securityhub/{region}"), Box::pin(services::securityhub::collect_hub(ctx.clone(), region.clone())));
            spawn(format!("{acct}/access-analyzer/{region}"), Box::pin(services::securityhub::collect_analyzers(ctx.clone(), region.clone())));
        }
    }

    if let Some(sink) = &options.progress {
        (sink.0)(Progress::Planned { tasks: tasks.len() });
    }
    let mut inventory = Inventory::new(ScanMetadata {
        source: SourceKind::Live,
        accounts,
        regions: regions.clone(),
        collected_at: chrono::Utc::now(),
        onus_version: env!("CARGO_PKG_VERSION").to_owned(),
        inputs: Vec::new(),
        description: None,
    });
    inventory.gaps.extend(gaps);
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((_, part)) => {
                inventory.resources.extend(part.resources);
                inventory.gaps.extend(part.gaps);
            }
            Err(e) => {
                // A collector panicked: record it rather than lose the scan.
                inventory.gaps.push(CollectionGap {
                    service: "onus".to_owned(),
                    account: None,
                    region: None,
                    kinds: Vec::new(),
                    reason: onus_model::GapReason::Error,
                    api_call: None,
                    message: format!("a collector task failed: {e}"),
                });
            }
        }
    }
    // Deterministic order regardless of which task finished first.
    inventory.resources.sort_by(|a, b| a.id.cmp(&b.id));
    inventory.resources.dedup_by(|a, b| a.id == b.id);
    inventory.gaps.sort_by(|a, b| (&a.service, &a.region, &a.api_call).cmp(&(&b.service, &b.region, &b.api_call)));
    inventory.metadata.collected_at = chrono::Utc::now();
    Ok(Collected { inventory, calls, elapsed: started.elapsed() })
}
