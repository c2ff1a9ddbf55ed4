"""Seeds a moto server that enforces IAM (INITIAL_NO_AUTH_ACTION_COUNT) with a
scanning user that may read everything except KMS, and a bucket and a key to
find. Prints the user's access key as JSON.

The server lets the first N requests through unauthenticated; this script
makes exactly N (padding with harmless reads), so every request of the scan
that follows is authorized as the scanning user.
"""
import json
import sys

import boto3
from botocore.config import Config

ENDPOINT = sys.argv[1]
NO_AUTH_REQUESTS = 12
made = 0


def client(service):
    return boto3.client(
        service,
        region_name="eu-west-1",
        endpoint_url=ENDPOINT,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"max_attempts": 1}),
    )


def call(fn, **kwargs):
    global made
    made += 1
    return fn(**kwargs)


iam = client("iam")
s3 = client("s3")
kms = client("kms")
call(s3.create_bucket, Bucket="restricted-data", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
call(kms.create_key, Description="secret key")
call(iam.create_user, UserName="onus-scanner")
policy = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": ["iam:*", "s3:Get*", "s3:List*", "ec2:Describe*", "ec2:Get*", "rds:Describe*",
                                       "cloudtrail:Describe*", "cloudtrail:Get*", "cloudtrail:List*", "sts:GetCallerIdentity"],
         "Resource": "*"},
        {"Effect": "Deny", "Action": "kms:*", "Resource": "*"},
    ],
}
call(iam.put_user_policy, UserName="onus-scanner", PolicyName="read-but-not-kms", PolicyDocument=json.dumps(policy))
key = call(iam.create_access_key, UserName="onus-scanner")["AccessKey"]
sts = client("sts")
while made < NO_AUTH_REQUESTS:
    call(sts.get_caller_identity)
print(json.dumps({"access_key_id": key["AccessKeyId"], "secret_access_key": key["SecretAccessKey"]}))
