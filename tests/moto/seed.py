"""Seeds a moto server with a small, deliberately mixed account in two regions.

Usage: python seed.py ENDPOINT_URL

Every planted misconfiguration is named in PLANTED below; the live-scan test
reads that list (printed as JSON on stdout) and expects onus to find each one.
Each step runs on its own: a step moto cannot serve is reported on stderr and
the rest goes on.
"""
import json
import sys

import boto3
from botocore.config import Config

ENDPOINT = sys.argv[1]
CFG = Config(retries={"max_attempts": 1})
PRIMARY, SECONDARY = "eu-west-1", "us-east-1"

# check id -> names of resources that must fail it
PLANTED = {}
# check id -> names of resources moto answers wrongly for, so that onus must
# report `unknown` rather than guess: moto answers GetBucketVersioning with a
# <GetBucketVersioningResponse> root where AWS sends <VersioningConfiguration>.
UNKNOWN_ON_MOTO = {}
FAILED_STEPS = []


def plant(check, name):
    PLANTED.setdefault(check, []).append(name)


def client(service, region=PRIMARY):
    return boto3.client(
        service,
        region_name=region,
        endpoint_url=ENDPOINT,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=CFG,
    )


def step(name):
    def wrap(fn):
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - record and go on
            FAILED_STEPS.append(name)
            print(f"seed step {name} failed: {e}", file=sys.stderr)
        return fn

    return wrap


@step("iam")
def _():
    iam = client("iam")
    iam.update_account_password_policy(MinimumPasswordLength=8, RequireSymbols=False)
    plant("iam-password-policy-weak", "account password policy")
    # moto has no root user: the account summary reports no MFA.
    plant("iam-root-user-without-mfa", "root user")

    iam.create_user(UserName="alice.admin")
    iam.create_login_profile(UserName="alice.admin", Password="Corr3ct-Horse-Battery!")
    mfa = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice.admin")
    iam.enable_mfa_device(
        UserName="alice.admin",
        SerialNumber=mfa["VirtualMFADevice"]["SerialNumber"],
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )
    iam.create_user(UserName="bob.analyst")
    iam.create_login_profile(UserName="bob.analyst", Password="Summer2026!!")
    plant("iam-console-user-without-mfa", "bob.analyst")

    iam.create_user(UserName="svc-deploy")
    iam.create_access_key(UserName="svc-deploy")
    iam.put_user_policy(
        UserName="svc-deploy",
        PolicyName="deploy",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}
        ),
    )


@step("s3")
def _():
    s3 = client("s3")
    s3.create_bucket(Bucket="northwind-public-assets", CreateBucketConfiguration={"LocationConstraint": PRIMARY})
    s3.put_bucket_policy(
        Bucket="northwind-public-assets",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "PublicRead",
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": "arn:aws:s3:::northwind-public-assets/*",
                    }
                ],
            }
        ),
    )
    plant("s3-bucket-policy-allows-public-access", "northwind-public-assets")
    plant("s3-bucket-public-access-block-disabled", "northwind-public-assets")
    plant("s3-bucket-allows-insecure-transport", "northwind-public-assets")
    UNKNOWN_ON_MOTO.setdefault("s3-bucket-versioning-disabled", []).append("northwind-public-assets")

    s3.create_bucket(Bucket="northwind-audit-logs", CreateBucketConfiguration={"LocationConstraint": PRIMARY})
    s3.put_public_access_block(
        Bucket="northwind-audit-logs",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_versioning(Bucket="northwind-audit-logs", VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_policy(
        Bucket="northwind-audit-logs",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "DenyInsecureTransport",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": ["arn:aws:s3:::northwind-audit-logs", "arn:aws:s3:::northwind-audit-logs/*"],
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    },
                    {
                        "Sid": "CloudTrailWrite",
                        "Effect": "Allow",
                        "Principal": {"Service": "cloudtrail.amazonaws.com"},
                        "Action": "s3:PutObject",
                        "Resource": "arn:aws:s3:::northwind-audit-logs/*",
                    },
                ],
            }
        ),
    )

    us = client("s3", SECONDARY)
    us.create_bucket(Bucket="northwind-reporting-exports")
    us.put_bucket_versioning(Bucket="northwind-reporting-exports", VersioningConfiguration={"Status": "Suspended"})
    plant("s3-bucket-allows-insecure-transport", "northwind-reporting-exports")
    UNKNOWN_ON_MOTO.setdefault("s3-bucket-versioning-disabled", []).append("northwind-reporting-exports")
    plant("s3-bucket-public-access-block-disabled", "northwind-reporting-exports")


@step("ec2")
def _():
    for region in (PRIMARY, SECONDARY):
        ec2 = client("ec2", region)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        web = ec2.create_security_group(GroupName="web-alb", Description="HTTPS from the internet", VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(
            GroupId=web,
            IpPermissions=[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
        )
        vol = ec2.create_volume(AvailabilityZone=f"{region}a", Size=20, Encrypted=True)
        ec2.create_tags(Resources=[vol["VolumeId"]], Tags=[{"Key": "Name", "Value": f"app-data-{region}"}])
        vol = ec2.create_volume(AvailabilityZone=f"{region}a", Size=50, Encrypted=False)
        ec2.create_tags(Resources=[vol["VolumeId"]], Tags=[{"Key": "Name", "Value": f"scratch-{region}"}])
        plant("ebs-volume-unencrypted", f"scratch-{region}")

    ec2 = client("ec2", PRIMARY)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.0.0.0/16"]}])["Vpcs"][0]["VpcId"]
    ssh = ec2.create_security_group(GroupName="bastion-ssh", Description="SSH", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=ssh,
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
    )
    plant("ec2-security-group-admin-ports-open", "bastion-ssh")
    ec2.enable_ebs_encryption_by_default()

    ec2 = client("ec2", SECONDARY)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.0.0.0/16"]}])["Vpcs"][0]["VpcId"]
    rdp = ec2.create_security_group(GroupName="reporting-windows", Description="RDP", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=rdp,
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}],
    )
    plant("ec2-security-group-admin-ports-open", "reporting-windows")
    debug = ec2.create_security_group(GroupName="debug-allow-all", Description="temporary", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=debug, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    )
    plant("ec2-security-group-all-traffic-open", "debug-allow-all")
    plant("ec2-security-group-admin-ports-open", "debug-allow-all")
    plant("ebs-encryption-by-default-disabled", f"EBS encryption by default ({SECONDARY})")


@step("cloudtrail")
def _():
    ct = client("cloudtrail", PRIMARY)
    ct.create_trail(
        Name="northwind-org-trail",
        S3BucketName="northwind-audit-logs",
        IsMultiRegionTrail=True,
        EnableLogFileValidation=True,
        IncludeGlobalServiceEvents=True,
    )
    ct.start_logging(Name="northwind-org-trail")
    ct.put_event_selectors(
        TrailName="northwind-org-trail", EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True}]
    )
    us = client("cloudtrail", SECONDARY)
    us.create_trail(Name="reporting-trail", S3BucketName="northwind-reporting-exports")
    plant("cloudtrail-trail-not-multi-region", "reporting-trail")
    plant("cloudtrail-log-file-validation-disabled", "reporting-trail")


@step("kms")
def _():
    kms = client("kms", PRIMARY)
    key = kms.create_key(Description="data lake")["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=key)
    kms.create_alias(AliasName="alias/northwind-datalake", TargetKeyId=key)
    us = client("kms", SECONDARY)
    key = us.create_key(Description="reporting exports")["KeyMetadata"]["KeyId"]
    us.create_alias(AliasName="alias/reporting-exports", TargetKeyId=key)
    plant("kms-key-rotation-disabled", "alias/reporting-exports")


@step("rds")
def _():
    rds = client("rds", PRIMARY)
    rds.create_db_instance(
        DBInstanceIdentifier="prod-postgres",
        Engine="postgres",
        DBInstanceClass="db.t3.medium",
        AllocatedStorage=20,
        MasterUsername="app",
        MasterUserPassword="not-a-real-password-1",
        StorageEncrypted=True,
        PubliclyAccessible=False,
        BackupRetentionPeriod=14,
    )
    us = client("rds", SECONDARY)
    us.create_db_instance(
        DBInstanceIdentifier="reporting-mysql",
        Engine="mysql",
        DBInstanceClass="db.t3.micro",
        AllocatedStorage=20,
        MasterUsername="admin",
        MasterUserPassword="not-a-real-password-2",
        StorageEncrypted=False,
        PubliclyAccessible=True,
        BackupRetentionPeriod=0,
    )
    plant("rds-instance-storage-unencrypted", "reporting-mysql")
    plant("rds-instance-publicly-accessible", "reporting-mysql")
    plant("rds-instance-backups-insufficient", "reporting-mysql")


@step("ec2-instances")
def _():
    for region, tokens, name, encrypted in (
        (PRIMARY, "required", "app-server", True),
        (SECONDARY, "optional", "reporting-etl", False),
    ):
        ec2 = client("ec2", region)
        instance = ec2.run_instances(
            ImageId="ami-12c6146b",
            MinCount=1,
            MaxCount=1,
            InstanceType="t3.micro",
            MetadataOptions={"HttpTokens": tokens, "HttpEndpoint": "enabled"},
            BlockDeviceMappings=[{"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 8, "Encrypted": encrypted}}],
            TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}],
        )["Instances"][0]
        # Name the root volume after its instance, so findings are readable.
        for mapping in instance.get("BlockDeviceMappings", []):
            vol = mapping["Ebs"]["VolumeId"]
            ec2.create_tags(Resources=[vol], Tags=[{"Key": "Name", "Value": f"{name}-root"}])
        if not encrypted:
            plant("ebs-volume-unencrypted", f"{name}-root")
    plant("ec2-instance-imdsv1-allowed", "reporting-etl")


@step("lambda")
def _():
    import io
    import zipfile

    iam = client("iam")
    role = iam.create_role(
        RoleName="lambda-exec",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
                ],
            }
        ),
    )["Role"]["Arn"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("handler.py", "def handler(event, context):\n    return 'ok'\n")
    code = buf.getvalue()
    eu = client("lambda", PRIMARY)
    eu.create_function(FunctionName="ingest-events", Runtime="python3.12", Role=role, Handler="handler.handler", Code={"ZipFile": code})
    eu.create_function_url_config(FunctionName="ingest-events", AuthType="AWS_IAM")
    us = client("lambda", SECONDARY)
    us.create_function(FunctionName="report-webhook", Runtime="python3.8", Role=role, Handler="handler.handler", Code={"ZipFile": code})
    us.create_function_url_config(FunctionName="report-webhook", AuthType="NONE")
    plant("lambda-function-url-unauthenticated", "report-webhook")
    plant("lambda-function-runtime-deprecated", "report-webhook")


@step("dynamodb")
def _():
    for region, name, pitr in ((PRIMARY, "orders", True), (SECONDARY, "report-cache", False)):
        ddb = client("dynamodb", region)
        ddb.create_table(
            TableName=name,
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
        if pitr:
            ddb.update_continuous_backups(
                TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
            )
    plant("dynamodb-table-pitr-disabled", "report-cache")


@step("guardduty")
def _():
    client("guardduty", PRIMARY).create_detector(Enable=True)
    plant("guardduty-not-enabled", f"GuardDuty ({SECONDARY})")


@step("elbv2")
def _():
    ec2 = client("ec2", SECONDARY)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.0.0.0/16"]}])["Vpcs"][0]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az)["Subnet"]["SubnetId"]
        for cidr, az in (("10.0.1.0/24", f"{SECONDARY}a"), ("10.0.2.0/24", f"{SECONDARY}b"))
    ]
    elb = client("elbv2", SECONDARY)
    lb = elb.create_load_balancer(Name="reporting-alb", Subnets=subnets, Scheme="internet-facing", Type="application")
    lb_arn = lb["LoadBalancers"][0]["LoadBalancerArn"]
    tg = elb.create_target_group(Name="reporting", Protocol="HTTP", Port=80, VpcId=vpc)["TargetGroups"][0]["TargetGroupArn"]
    forward = [{"Type": "forward", "TargetGroupArn": tg}]
    elb.create_listener(LoadBalancerArn=lb_arn, Protocol="HTTP", Port=80, DefaultActions=forward)
    plant("elb-listener-plain-http", "reporting-alb:80")
    acm = client("acm", SECONDARY)
    cert = acm.request_certificate(DomainName="reports.northwind.example")["CertificateArn"]
    elb.create_listener(
        LoadBalancerArn=lb_arn,
        Protocol="HTTPS",
        Port=443,
        SslPolicy="ELBSecurityPolicy-2016-08",
        Certificates=[{"CertificateArn": cert}],
        DefaultActions=forward,
    )
    plant("elb-listener-outdated-tls-policy", "reporting-alb:443")


@step("snapshots")
def _():
    us = client("ec2", SECONDARY)
    vol = us.describe_volumes(Filters=[{"Name": "tag:Name", "Values": [f"scratch-{SECONDARY}"]}])["Volumes"][0]["VolumeId"]
    public = us.create_snapshot(VolumeId=vol, Description="reporting extract")["SnapshotId"]
    us.create_tags(Resources=[public], Tags=[{"Key": "Name", "Value": "reporting-extract-snap"}])
    us.modify_snapshot_attribute(
        SnapshotId=public, Attribute="createVolumePermission", OperationType="add", GroupNames=["all"]
    )
    plant("ebs-snapshot-public", "reporting-extract-snap")
    eu = client("ec2", PRIMARY)
    vol = eu.describe_volumes(Filters=[{"Name": "tag:Name", "Values": [f"app-data-{PRIMARY}"]}])["Volumes"][0]["VolumeId"]
    private = eu.create_snapshot(VolumeId=vol, Description="nightly")["SnapshotId"]
    eu.create_tags(Resources=[private], Tags=[{"Key": "Name", "Value": "app-data-nightly"}])

    rds_us = client("rds", SECONDARY)
    rds_us.create_db_snapshot(DBSnapshotIdentifier="reporting-mysql-share", DBInstanceIdentifier="reporting-mysql")
    rds_us.modify_db_snapshot_attribute(
        DBSnapshotIdentifier="reporting-mysql-share", AttributeName="restore", ValuesToAdd=["all"]
    )
    plant("rds-snapshot-public", "reporting-mysql-share")
    client("rds", PRIMARY).create_db_snapshot(DBSnapshotIdentifier="prod-postgres-pre-upgrade", DBInstanceIdentifier="prod-postgres")


MEMBER = {}
# What the access step expects to be judged one way or the other.
ACCESS = {}


@step("organizations")
def _():
    org = client("organizations", SECONDARY)
    org.create_organization(FeatureSet="ALL")
    status = org.create_account(Email="sandbox@northwind.example", AccountName="northwind-sandbox")
    member = status["CreateAccountStatus"]["AccountId"]
    creds = client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole", RoleSessionName="seed"
    )["Credentials"]
    s3 = boto3.client(
        "s3",
        region_name=PRIMARY,
        endpoint_url=ENDPOINT,
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        config=CFG,
    )
    s3.create_bucket(Bucket="sandbox-scratch", CreateBucketConfiguration={"LocationConstraint": PRIMARY})
    MEMBER.update({"account": member, "bucket": "sandbox-scratch"})


# kind -> names of resources the scan must collect (checks aside).
EXPECTED = {}


def expect(kind, name):
    EXPECTED.setdefault(kind, []).append(name)


@step("iam-identities")
def _():
    iam = client("iam")
    # The tests start moto without AWS managed policies (loading them makes it
    # slow), so every managed policy here is the customer's own.
    account = client("sts").get_caller_identity()["Account"]
    admin = iam.create_policy(
        PolicyName="northwind-admin",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
    )["Policy"]["Arn"]
    readonly = iam.create_policy(
        PolicyName="northwind-readonly",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}]}),
    )["Policy"]["Arn"]
    iam.create_group(GroupName="analysts")
    iam.attach_group_policy(GroupName="analysts", PolicyArn=readonly)
    iam.put_group_policy(
        GroupName="analysts",
        PolicyName="athena-results",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::northwind-athena-results/*"}]}
        ),
    )
    iam.add_user_to_group(GroupName="analysts", UserName="bob.analyst")
    expect("AWS::IAM::Group", "analysts")
    iam.create_role(
        RoleName="ci-deployer",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole"}],
            }
        ),
    )
    iam.attach_role_policy(RoleName="ci-deployer", PolicyArn=admin)
    expect("AWS::IAM::Role", "ci-deployer")
    expect("AWS::IAM::ManagedPolicy", "northwind-admin")
    expect("AWS::IAM::ManagedPolicy", "northwind-readonly")
    assert account


@step("vpc")
def _():
    for region in (PRIMARY, SECONDARY):
        ec2 = client("ec2", region)
        vpc = ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.0.0.0/16"]}])["Vpcs"][0]["VpcId"]
        ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": f"northwind-{region}"}])
        expect("AWS::EC2::VPC", f"northwind-{region}")
        if region == PRIMARY:
            made = ec2.create_flow_logs(
                ResourceIds=[vpc],
                ResourceType="VPC",
                TrafficType="ALL",
                LogDestinationType="s3",
                LogDestination="arn:aws:s3:::northwind-audit-logs",
            )
            assert not made["Unsuccessful"], made["Unsuccessful"]
    ec2 = client("ec2", SECONDARY)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.0.0.0/16"]}])["Vpcs"][0]["VpcId"]
    acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    ec2.create_tags(Resources=[acl], Tags=[{"Key": "Name", "Value": "reporting-public-subnets"}])
    ec2.create_network_acl_entry(
        NetworkAclId=acl, RuleNumber=100, Protocol="6", RuleAction="allow", Egress=False, CidrBlock="0.0.0.0/0", PortRange={"From": 22, "To": 22}
    )
    expect("AWS::EC2::NetworkAcl", "reporting-public-subnets")


@step("images")
def _():
    ec2 = client("ec2", SECONDARY)
    instance = ec2.describe_instances(Filters=[{"Name": "tag:Name", "Values": ["reporting-etl"]}])["Reservations"][0]["Instances"][0]
    image = ec2.create_image(InstanceId=instance["InstanceId"], Name="reporting-etl-golden")["ImageId"]
    ec2.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [{"Group": "all"}]})
    expect("AWS::EC2::Image", "reporting-etl-golden")


@step("rds-clusters")
def _():
    rds = client("rds", PRIMARY)
    rds.create_db_cluster(
        DBClusterIdentifier="analytics-aurora",
        Engine="aurora-postgresql",
        MasterUsername="app",
        MasterUserPassword="not-a-real-password-3",
        StorageEncrypted=False,
        BackupRetentionPeriod=7,
    )
    rds.create_db_cluster_snapshot(DBClusterSnapshotIdentifier="analytics-aurora-handover", DBClusterIdentifier="analytics-aurora")
    rds.modify_db_cluster_snapshot_attribute(
        DBClusterSnapshotIdentifier="analytics-aurora-handover", AttributeName="restore", ValuesToAdd=["all"]
    )
    expect("AWS::RDS::DBCluster", "analytics-aurora")
    expect("AWS::RDS::DBClusterSnapshot", "analytics-aurora-handover")


@step("monitoring")
def _():
    logs = client("logs", PRIMARY)
    logs.create_log_group(logGroupName="/northwind/cloudtrail")
    logs.put_retention_policy(logGroupName="/northwind/cloudtrail", retentionInDays=400)
    logs.put_metric_filter(
        logGroupName="/northwind/cloudtrail",
        filterName="unauthorized-api-calls",
        filterPattern='{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
        metricTransformations=[{"metricName": "UnauthorizedAPICalls", "metricNamespace": "CISBenchmark", "metricValue": "1"}],
    )
    logs.create_log_group(logGroupName="/northwind/app")
    logs.put_retention_policy(logGroupName="/northwind/app", retentionInDays=7)
    expect("AWS::Logs::LogGroup", "/northwind/cloudtrail")
    expect("AWS::Logs::LogGroup", "/northwind/app")
    topic = client("sns", PRIMARY).create_topic(Name="security-alerts", Attributes={"KmsMasterKeyId": "alias/aws/sns"})["TopicArn"]
    client("cloudwatch", PRIMARY).put_metric_alarm(
        AlarmName="unauthorized-api-calls",
        MetricName="UnauthorizedAPICalls",
        Namespace="CISBenchmark",
        Statistic="Sum",
        Period=300,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        AlarmActions=[topic],
    )
    expect("AWS::CloudWatch::Alarm", "unauthorized-api-calls")
    expect("AWS::SNS::Topic", "security-alerts")
    client("sns", SECONDARY).create_topic(Name="reporting-events")
    expect("AWS::SNS::Topic", "reporting-events")


@step("config")
def _():
    config = client("config", PRIMARY)
    config.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": "arn:aws:iam::123456789012:role/config-recorder",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
        }
    )
    config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "northwind-audit-logs"})
    config.start_configuration_recorder(ConfigurationRecorderName="default")
    expect("AWS::Config::ConfigurationRecorder", f"AWS Config recorder ({PRIMARY})")
    expect("AWS::Config::ConfigurationRecorder", f"AWS Config recorder ({SECONDARY})")


@step("services")
def _():
    client("acm", PRIMARY).request_certificate(DomainName="api.northwind.example", ValidationMethod="DNS")
    expect("AWS::CertificateManager::Certificate", "api.northwind.example")

    backup = client("backup", PRIMARY)
    backup.create_backup_vault(BackupVaultName="northwind-prod")
    backup.create_backup_plan(
        BackupPlan={
            "BackupPlanName": "daily-35-days",
            "Rules": [
                {
                    "RuleName": "daily",
                    "TargetBackupVaultName": "northwind-prod",
                    "ScheduleExpression": "cron(0 3 * * ? *)",
                    "Lifecycle": {"DeleteAfterDays": 35},
                }
            ],
        }
    )
    expect("AWS::Backup::BackupVault", "northwind-prod")
    expect("AWS::Backup::BackupPlan", "daily-35-days")

    client("wafv2", PRIMARY).create_web_acl(
        Name="public-api",
        Scope="REGIONAL",
        DefaultAction={"Allow": {}},
        VisibilityConfig={"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": "public-api"},
        Rules=[],
    )
    expect("AWS::WAFv2::WebACL", "public-api")

    client("secretsmanager", PRIMARY).create_secret(Name="prod/postgres/app", SecretString="not-a-real-secret")
    expect("AWS::SecretsManager::Secret", "prod/postgres/app")

    client("sqs", PRIMARY).create_queue(QueueName="ingest-events", Attributes={"KmsMasterKeyId": "alias/aws/sqs"})
    client("sqs", SECONDARY).create_queue(QueueName="reporting-jobs")
    expect("AWS::SQS::Queue", "ingest-events")
    expect("AWS::SQS::Queue", "reporting-jobs")

    ecr = client("ecr", PRIMARY)
    ecr.create_repository(repositoryName="ingest-api", imageScanningConfiguration={"scanOnPush": True}, imageTagMutability="IMMUTABLE")
    ecr.create_repository(repositoryName="scratch-images")
    expect("AWS::ECR::Repository", "ingest-api")
    expect("AWS::ECR::Repository", "scratch-images")

    efs = client("efs", SECONDARY)
    efs.create_file_system(CreationToken="reporting-share", Encrypted=False, Tags=[{"Key": "Name", "Value": "reporting-share"}])
    expect("AWS::EFS::FileSystem", "reporting-share")

    client("securityhub", PRIMARY).enable_security_hub()
    expect("AWS::SecurityHub::Hub", f"Security Hub ({PRIMARY})")
    expect("AWS::SecurityHub::Hub", f"Security Hub ({SECONDARY})")


@step("eks")
def _():
    ec2 = client("ec2", PRIMARY)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.0.0.0/16"]}])["Vpcs"][0]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone=f"{PRIMARY}a")["Subnet"]["SubnetId"]
    client("eks", PRIMARY).create_cluster(
        name="ingest",
        roleArn="arn:aws:iam::123456789012:role/eks-cluster",
        resourcesVpcConfig={"subnetIds": [subnet], "endpointPublicAccess": True, "endpointPrivateAccess": False},
    )
    expect("AWS::EKS::Cluster", "ingest")


@step("scp")
def _():
    org = client("organizations", SECONDARY)
    root = org.list_roots()["Roots"][0]["Id"]
    policy = org.create_policy(
        Name="deny-leaving-org",
        Description="members cannot leave",
        Type="SERVICE_CONTROL_POLICY",
        Content=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}),
    )["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=policy, TargetId=root)
    expect("AWS::Organizations::Policy", "deny-leaving-org")
    expect("AWS::Organizations::Organization", "o-")


@step("access")
def _():
    # Who can do what: an administrator, a user who may attach policies to itself,
    # a three-step escalation path through a role and a Lambda function, a queue
    # anyone may write to, and a queue open to the organization only (which must
    # not be reported as public).
    iam = client("iam")
    account = client("sts").get_caller_identity()["Account"]
    admin = f"arn:aws:iam::{account}:policy/northwind-admin"
    plant("iam-principal-admin-equivalent", "ci-deployer")

    iam.create_user(UserName="ops.intern")
    iam.put_user_policy(
        UserName="ops.intern",
        PolicyName="self-service",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Sid": "ManageOwnPolicies", "Effect": "Allow", "Action": ["iam:AttachUserPolicy", "iam:ListAttachedUserPolicies"],
             "Resource": "arn:aws:iam::*:user/${aws:username}"}]}),
    )
    plant("iam-principal-admin-equivalent", "ops.intern")

    iam.create_user(UserName="etl.runner")
    iam.put_user_policy(
        UserName="etl.runner",
        PolicyName="operate-etl",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{account}:role/etl-operator"}]}),
    )
    iam.create_role(
        RoleName="etl-operator",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"}]}),
    )
    iam.put_role_policy(
        RoleName="etl-operator",
        PolicyName="deploy-etl",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "iam:PassRole", "Resource": f"arn:aws:iam::{account}:role/etl-*"},
            {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": f"arn:aws:lambda:*:{account}:function:etl-*"}]}),
    )
    iam.create_role(
        RoleName="etl-lambda-admin",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
    )
    iam.attach_role_policy(RoleName="etl-lambda-admin", PolicyArn=admin)
    plant("iam-principal-admin-equivalent", "etl-lambda-admin")
    plant("iam-privilege-escalation-path", "etl.runner")
    plant("iam-privilege-escalation-path", "etl-operator")

    sqs = client("sqs", SECONDARY)
    inbox = sqs.create_queue(QueueName="reporting-inbox", Attributes={"SqsManagedSseEnabled": "true"})["QueueUrl"]
    inbox_arn = f"arn:aws:sqs:{SECONDARY}:{account}:reporting-inbox"
    sqs.set_queue_attributes(QueueUrl=inbox, Attributes={"Policy": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "AnyoneMaySubmit", "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": inbox_arn}]})})
    plant("sqs-queue-policy-public", "reporting-inbox")
    org_id = client("organizations", SECONDARY).describe_organization()["Organization"]["Id"]
    shared = sqs.create_queue(QueueName="org-events", Attributes={"SqsManagedSseEnabled": "true"})["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=shared, Attributes={"Policy": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "OrganizationOnly", "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage",
         "Resource": f"arn:aws:sqs:{SECONDARY}:{account}:org-events", "Condition": {"StringEquals": {"aws:PrincipalOrgID": org_id}}}]})})
    ACCESS.update({"org_scoped_queue": "org-events"})


@step("plant-coverage")
def _():
    # What the coverage steps above planted, for the checks on those kinds.
    plant("aurora-cluster-storage-unencrypted", "analytics-aurora")
    plant("rds-cluster-snapshot-public", "analytics-aurora-handover")
    plant("ec2-ami-public", "reporting-etl-golden")
    plant("cloudwatch-log-group-retention-short", "/northwind/app")
    plant("config-recorder-disabled", f"AWS Config recorder ({SECONDARY})")
    plant("securityhub-not-enabled", f"Security Hub ({SECONDARY})")
    plant("ecr-repository-scan-on-push-disabled", "scratch-images")
    plant("ecr-repository-tags-mutable", "scratch-images")
    plant("efs-file-system-unencrypted", "reporting-share")
    plant("eks-cluster-secrets-unencrypted", "ingest")
    plant("eks-cluster-endpoint-public", "ingest")
    plant("secretsmanager-secret-rotation-disabled", "prod/postgres/app")
    plant("sns-topic-unencrypted", "reporting-events")
    plant("waf-web-acl-logging-disabled", "public-api")
    plant("vpc-nacl-admin-ports-open", "reporting-public-subnets")
    plant("vpc-flow-logs-disabled", f"northwind-{SECONDARY}")
    # moto answers GetEventSelectors with no selectors at all for a trail
    # nobody configured (AWS returns the default one): onus must say unknown.
    UNKNOWN_ON_MOTO.setdefault("cloudtrail-management-events-not-logged", []).append("reporting-trail")
    for region in (PRIMARY, SECONDARY):
        ec2 = client("ec2", region)
        # Default VPCs have no flow logs, and every default network ACL
        # admits all traffic from anywhere, as on AWS.
        for vpc in ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]:
            plant("vpc-flow-logs-disabled", vpc["VpcId"])
        for acl in ec2.describe_network_acls(Filters=[{"Name": "default", "Values": ["true"]}])["NetworkAcls"]:
            plant("vpc-nacl-admin-ports-open", acl["NetworkAclId"])


print(json.dumps({"member": MEMBER, "access": ACCESS, "planted": PLANTED, "expected": EXPECTED, "unknown_on_moto": UNKNOWN_ON_MOTO, "failed_steps": FAILED_STEPS}))
