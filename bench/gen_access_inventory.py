#!/usr/bin/env python3
"""Writes an onus inventory with N IAM principals for the access-analysis benchmark.

Usage: bench/gen_access_inventory.py N OUT.json

A realistic mix, per 10 principals: 6 users in 3 groups (read-only, developers who may
pass roles to Lambda, operators who may assume operator roles) and 4 roles (Lambda
execution roles, EC2 instance roles, an operator role trusting the account, one
administrator role every 50). One user in 100 may attach policies to itself, one role in
100 holds iam:* — so the analysis has administrators, self-escalation and multi-step
paths to find, as in a real account.
"""
import json
import sys

n = int(sys.argv[1])
out = sys.argv[2]
A = "111122223333"


def pol(*s):
    return {"Version": "2012-10-17", "Statement": list(s)}


res = []


def add(kind, rid, name, props):
    res.append({"id": rid, "name": name, "account": A, "provenance": {"source": "live", "arn": rid, "account": A},
                "type": kind, "properties": props})


def managed(name, doc):
    arn = f"arn:aws:iam::{A}:policy/{name}"
    add("AWS::IAM::ManagedPolicy", arn, name, {"arn": arn, "aws_managed": False, "default_version_id": "v1", "document": doc,
                                               "attachment_count": 1, "boundary_usage_count": 0})
    return arn


admin = managed("admin", pol({"Effect": "Allow", "Action": "*", "Resource": "*"}))
read = managed("read-only", pol({"Effect": "Allow", "Action": ["s3:Get*", "s3:List*", "dynamodb:Get*", "logs:Get*"], "Resource": "*"}))
dev = managed("developers", pol(
    {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:UpdateFunctionCode", "lambda:InvokeFunction"], "Resource": f"arn:aws:lambda:*:{A}:function:app-*"},
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": f"arn:aws:iam::{A}:role/app-*", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}))
ops = managed("operators", pol({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{A}:role/ops-*"}))
for g, p in (("readers", read), ("developers", dev), ("operators", ops)):
    arn = f"arn:aws:iam::{A}:group/{g}"
    add("AWS::IAM::Group", arn, g, {"arn": arn, "attached_policy_arns": [p], "inline_policies": []})

users = n * 6 // 10
roles = n - users
for i in range(users):
    name = f"user-{i:06d}"
    arn = f"arn:aws:iam::{A}:user/{name}"
    inline = []
    if i % 100 == 7:
        inline.append({"name": "self", "document": pol({"Effect": "Allow", "Action": "iam:AttachUserPolicy", "Resource": "arn:aws:iam::*:user/${aws:username}"})})
    add("AWS::IAM::User", arn, name, {"arn": arn, "created": "2025-01-01T00:00:00Z", "password_enabled": i % 2 == 0, "password_last_used": None,
        "mfa_devices": [], "access_keys": [], "groups": [("readers", "developers", "operators")[i % 3]], "attached_policy_arns": [],
        "inline_policies": inline, "permissions_boundary_arn": None})
lam = {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
ec2 = {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
root = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"}, "Action": "sts:AssumeRole"}
for i in range(roles):
    kind = i % 4
    name = ("app", "web", "ops", "app")[kind] + f"-{i:06d}"
    arn = f"arn:aws:iam::{A}:role/{name}"
    trust = pol((lam, ec2, root, lam)[kind])
    attached = [admin] if i % 50 == 3 else []
    inline = [{"name": "work", "document": pol({"Effect": "Allow", "Action": ["sqs:SendMessage", "s3:PutObject"], "Resource": "*"})}]
    if i % 100 == 11:
        inline.append({"name": "tenants", "document": pol({"Effect": "Allow", "Action": "iam:*", "Resource": "*"})})
    add("AWS::IAM::Role", arn, name, {"arn": arn, "path": "/", "created": "2025-01-01T00:00:00Z", "assume_role_policy": trust,
        "attached_policy_arns": attached, "inline_policies": inline, "permissions_boundary_arn": None, "last_used": None,
        "max_session_duration": 3600, "instance_profile_arns": [f"arn:aws:iam::{A}:instance-profile/{name}"] if kind == 1 else []})

inv = {"format": "onus-inventory", "format_version": 1,
       "metadata": {"source": "live", "accounts": [A], "regions": ["eu-west-1"], "collected_at": "2026-11-01T00:00:00Z", "onus_version": "0.1.0",
                    "description": f"{n} IAM principals for the access-analysis benchmark"},
       "resources": res}
with open(out, "w") as f:
    json.dump(inv, f)
