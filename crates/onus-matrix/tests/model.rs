//! The built-in responsibility model is complete and consistent.

use onus_matrix::model::{Owner, builtin};
use onus_model::Domain;

#[test]
fn builtin_model_loads_and_is_consistent() {
    let model = match builtin() {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    };
    let problems = onus_matrix::validate::problems(model, onus_checks::CHECKS);
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn covers_at_least_forty_services() {
    let model = builtin().unwrap_or_else(|e| panic!("{e}"));
    assert!(model.services.len() >= 40, "{} services", model.services.len());
    for required in [
        "ec2", "ebs", "vpc", "elb", "s3", "efs", "rds", "aurora", "dynamodb", "elasticache", "redshift",
        "lambda", "ecs", "eks", "ecr", "fargate", "apigateway", "cloudfront", "route53", "sqs", "sns",
        "kinesis", "glue", "athena", "emr", "codepipeline", "codebuild", "sagemaker", "secretsmanager",
        "kms", "cloudhsm", "iam", "organizations", "cloudtrail", "cloudwatch", "config", "guardduty",
        "securityhub", "waf", "shield", "backup", "ssm", "cognito",
    ] {
        assert!(model.service(required).is_some(), "model lacks {required}");
    }
}

#[test]
fn checks_sit_in_their_own_domain() {
    let model = builtin().unwrap_or_else(|e| panic!("{e}"));
    for s in &model.services {
        for (domain, duty) in &s.domains {
            for id in &duty.checks {
                let Some(check) = onus_checks::selection::find(id) else { continue };
                assert_eq!(check.meta().domain, *domain, "{}/{domain}: {id} evidences {}", s.id, check.meta().domain);
            }
        }
    }
}

#[test]
fn the_line_moves_with_the_tier() {
    // Infrastructure services leave the guest OS to the customer; managed ones never do.
    let model = builtin().unwrap_or_else(|e| panic!("{e}"));
    let owner = |svc: &str, d: Domain| model.service(svc).and_then(|s| s.domains.get(&d)).map(|d| d.owner);
    assert_eq!(owner("ec2", Domain::ComputeOs), Some(Owner::Customer));
    assert_eq!(owner("s3", Domain::ComputeOs), Some(Owner::Aws));
    assert_eq!(owner("rds", Domain::ComputeOs), Some(Owner::Aws));
    assert_eq!(owner("rds", Domain::ManagedServiceSoftware), Some(Owner::Shared));
}

#[test]
fn a_data_file_error_names_file_line_and_column() {
    let bad = "- id: s3\n  name: Amazon S3\n  category: serverless\n";
    let err = onus_matrix::model::parse_services("data/services/x.yaml", bad).err();
    let Some(err) = err else { panic!("accepted a bad category") };
    assert_eq!((err.file.as_str(), err.line), ("data/services/x.yaml", 3));
    assert!(err.to_string().starts_with("data/services/x.yaml:3:"), "{err}");
}
