"""Seeds a moto server at scale for the live-scan benchmark.

Usage: python seed_scale.py ENDPOINT USERS BUCKETS SECURITY_GROUPS

One thread (moto is not thread-safe). Every tenth resource is misconfigured,
so both tools have findings to report.
"""
import json
import sys
import time

import boto3
from botocore.config import Config

endpoint, users, buckets, groups = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
cfg = Config(retries={"max_attempts": 3})


def client(service):
    return boto3.client(
        service,
        region_name="eu-west-1",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=cfg,
    )


started = time.time()
iam, s3, ec2 = client("iam"), client("s3"), client("ec2")
iam.update_account_password_policy(MinimumPasswordLength=8)
for i in range(users):
    name = f"user-{i:05d}"
    iam.create_user(UserName=name)
    if i % 10 == 0:
        iam.create_login_profile(UserName=name, Password="Summer2026!!")
        iam.create_access_key(UserName=name)
for i in range(buckets):
    name = f"bench-bucket-{i:05d}"
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    if i % 10 != 0:
        s3.put_public_access_block(
            Bucket=name,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )
vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
for i in range(groups):
    gid = ec2.create_security_group(GroupName=f"sg-{i:05d}", Description="bench", VpcId=vpc)["GroupId"]
    if i % 10 == 0:
        ec2.authorize_security_group_ingress(
            GroupId=gid,
            IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
        )
print(json.dumps({"users": users, "buckets": buckets, "security_groups": groups, "seconds": round(time.time() - started, 1)}))
