#!/usr/bin/env python3
"""Writes a syntactically valid Terraform plan JSON (`terraform show -json plan.out`
shape, format 1.2) with N resources in a realistic mix:

  per group of 20 resources: a bucket with 5 companions (versioning, public access
  block, encryption, policy, logging), a security group with 2 rules, an IAM role
  with a policy and an attachment, an instance, a volume, an RDS instance, a KMS key,
  a Lambda function, a DynamoDB table, a listener.

Attributes Terraform knows only after apply are marked in `after_unknown`, and
companions refer to their parent through `configuration` references, as a real plan
does. Usage: gen_tf_plan.py N OUT.json
"""
import json
import sys

AWS = "registry.terraform.io/hashicorp/aws"


def change(address, rtype, name, after, unknown, module=None):
    rc = {
        "address": address,
        "mode": "managed",
        "type": rtype,
        "name": name,
        "provider_name": AWS,
        "change": {"actions": ["create"], "before": None, "after": after, "after_unknown": unknown},
    }
    if module:
        rc["module_address"] = module
    return rc


def group(i):
    """20 resources and their configuration."""
    s = f"g{i}"
    ref = lambda addr: {"references": [f"{addr}.id", addr]}
    rcs, cfg = [], []

    def add(rtype, name, after, unknown, exprs):
        rcs.append(change(f"{rtype}.{name}", rtype, name, after, unknown))
        cfg.append({"address": f"{rtype}.{name}", "mode": "managed", "type": rtype, "name": name,
                    "provider_config_key": "aws", "expressions": exprs})

    bucket = f"aws_s3_bucket.{s}"
    add("aws_s3_bucket", s, {"bucket": f"bench-{s}", "force_destroy": False, "tags": {"group": s}},
        {"id": True, "arn": True, "versioning": True, "policy": True, "server_side_encryption_configuration": True},
        {"bucket": {"constant_value": f"bench-{s}"}})
    add("aws_s3_bucket_versioning", s, {"versioning_configuration": [{"status": "Enabled" if i % 3 else "Suspended"}]},
        {"bucket": True, "id": True}, {"bucket": ref(bucket)})
    add("aws_s3_bucket_public_access_block", s,
        {"block_public_acls": True, "ignore_public_acls": True, "block_public_policy": i % 4 != 0, "restrict_public_buckets": True},
        {"bucket": True, "id": True}, {"bucket": ref(bucket)})
    add("aws_s3_bucket_server_side_encryption_configuration", s,
        {"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": None}], "bucket_key_enabled": True}]},
        {"bucket": True, "id": True}, {"bucket": ref(bucket)})
    policy = {"Version": "2012-10-17", "Statement": [{"Sid": "DenyPlainHttp", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
              "Resource": [f"arn:aws:s3:::bench-{s}", f"arn:aws:s3:::bench-{s}/*"],
              "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
    add("aws_s3_bucket_policy", s, {"policy": json.dumps(policy)}, {"bucket": True, "id": True}, {"bucket": ref(bucket)})
    add("aws_s3_bucket_logging", s, {"target_bucket": "bench-logs", "target_prefix": f"{s}/"}, {"bucket": True, "id": True},
        {"bucket": ref(bucket)})
    sg = f"aws_security_group.{s}"
    add("aws_security_group", s, {"name": f"bench-{s}", "description": "bench", "ingress": [], "egress": [], "tags": {"group": s}},
        {"id": True, "arn": True, "vpc_id": True, "owner_id": True}, {"name": {"constant_value": f"bench-{s}"}})
    add("aws_security_group_rule", f"{s}_https", {"type": "ingress", "from_port": 443, "to_port": 443, "protocol": "tcp",
        "cidr_blocks": ["0.0.0.0/0"]}, {"id": True, "security_group_id": True}, {"security_group_id": ref(sg)})
    add("aws_security_group_rule", f"{s}_ssh", {"type": "ingress", "from_port": 22, "to_port": 22, "protocol": "tcp",
        "cidr_blocks": ["0.0.0.0/0" if i % 5 == 0 else "10.0.0.0/8"]}, {"id": True, "security_group_id": True},
        {"security_group_id": ref(sg)})
    assume = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    add("aws_iam_role", s, {"name": f"bench-{s}", "assume_role_policy": json.dumps(assume)}, {"id": True, "arn": True, "unique_id": True},
        {"name": {"constant_value": f"bench-{s}"}})
    add("aws_iam_policy", s, {"name": f"bench-{s}", "policy": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::bench-{s}/*"}]})}, {"id": True, "arn": True},
        {"name": {"constant_value": f"bench-{s}"}})
    add("aws_iam_role_policy_attachment", s, {"role": f"bench-{s}"}, {"id": True, "policy_arn": True},
        {"role": ref(f"aws_iam_role.{s}"), "policy_arn": ref(f"aws_iam_policy.{s}")})
    add("aws_instance", s, {"ami": "ami-0123456789abcdef0", "instance_type": "t3.micro",
        "metadata_options": [{"http_endpoint": "enabled", "http_tokens": "optional" if i % 2 else "required"}], "tags": {"group": s}},
        {"id": True, "arn": True, "public_ip": True, "private_ip": True, "subnet_id": True, "vpc_security_group_ids": True},
        {"ami": {"constant_value": "ami-0123456789abcdef0"}})
    add("aws_ebs_volume", s, {"availability_zone": "eu-west-1a", "size": 20, "type": "gp3", "encrypted": i % 6 != 0},
        {"id": True, "arn": True, "kms_key_id": True}, {"size": {"constant_value": 20}})
    add("aws_db_instance", s, {"engine": "postgres", "engine_version": "16.4", "instance_class": "db.t3.micro",
        "storage_encrypted": True, "publicly_accessible": False, "backup_retention_period": 7 if i % 3 else 1, "multi_az": False},
        {"id": True, "arn": True, "endpoint": True, "kms_key_id": True}, {"engine": {"constant_value": "postgres"}})
    add("aws_kms_key", s, {"description": f"bench {s}", "enable_key_rotation": i % 2 == 0, "is_enabled": True,
        "customer_master_key_spec": "SYMMETRIC_DEFAULT", "key_usage": "ENCRYPT_DECRYPT"},
        {"id": True, "arn": True, "key_id": True, "policy": True}, {"description": {"constant_value": f"bench {s}"}})
    add("aws_lambda_function", s, {"function_name": f"bench-{s}", "runtime": "nodejs16.x" if i % 7 == 0 else "python3.13",
        "handler": "main.handler", "package_type": "Zip", "environment": [{"variables": {"STAGE": "bench"}}]},
        {"id": True, "arn": True, "role": True, "qualified_arn": True}, {"function_name": {"constant_value": f"bench-{s}"}})
    add("aws_dynamodb_table", s, {"name": f"bench-{s}", "hash_key": "id", "point_in_time_recovery": [{"enabled": i % 2 == 0}]},
        {"id": True, "arn": True, "stream_arn": True}, {"name": {"constant_value": f"bench-{s}"}})
    add("aws_lb_listener", s, {"port": 443, "protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-2016-08" if i % 2 else
        "ELBSecurityPolicy-TLS13-1-2-2021-06", "default_action": [{"type": "forward"}]},
        {"id": True, "arn": True, "load_balancer_arn": True}, {"port": {"constant_value": 443}})
    return rcs, cfg


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_tf_plan.py N OUT.json")
    n, out = int(sys.argv[1]), sys.argv[2]
    rcs, cfg = [], []
    i = 0
    while len(rcs) < n:
        r, c = group(i)
        rcs.extend(r)
        cfg.extend(c)
        i += 1
    rcs, cfg = rcs[:n], cfg[:n]
    plan = {
        "format_version": "1.2",
        "terraform_version": "1.9.8",
        "planned_values": {"root_module": {"resources": [
            {"address": rc["address"], "mode": "managed", "type": rc["type"], "name": rc["name"], "provider_name": AWS,
             "schema_version": 0, "values": rc["change"]["after"], "sensitive_values": {}} for rc in rcs]}},
        "resource_changes": rcs,
        "configuration": {
            "provider_config": {"aws": {"name": "aws", "full_name": AWS, "expressions": {"region": {"constant_value": "eu-west-1"}}}},
            "root_module": {"resources": cfg},
        },
    }
    with open(out, "w") as f:
        json.dump(plan, f)


if __name__ == "__main__":
    main()
