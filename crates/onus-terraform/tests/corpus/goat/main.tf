# Deliberately vulnerable, in the style of TerraGoat: what a reviewer should
# catch in a pull request before anything is deployed.
variable "company_name" {
  default = "acme"
}

variable "environment" {
  default = "dev"
}

locals {
  resource_prefix = "${var.company_name}-${var.environment}"
}

resource "aws_s3_bucket" "data" {
  bucket        = "${local.resource_prefix}-data"
  force_destroy = true
}

resource "aws_s3_bucket_acl" "data" {
  bucket = aws_s3_bucket.data.id
  acl    = "public-read"
}

resource "aws_s3_bucket" "logs" {
  bucket = "${local.resource_prefix}-logs"
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_ebs_volume" "web_host_storage" {
  availability_zone = "us-west-2a"
  size              = 1
}

resource "aws_instance" "web_host" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t2.nano"
  user_data     = "#!/bin/bash\necho hello"
}

resource "aws_security_group" "web-node" {
  name        = "${local.resource_prefix}-sg"
  description = "${local.resource_prefix} Security Group"

  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_db_instance" "default" {
  name                    = "db"
  engine                  = "mysql"
  instance_class          = "db.t3.micro"
  backup_retention_period = 0
  publicly_accessible     = true
  storage_encrypted       = false
  skip_final_snapshot     = true
}

resource "aws_kms_key" "logs_key" {
  description             = "${local.resource_prefix}-logs bucket key"
  deletion_window_in_days = 7
}

resource "aws_iam_user" "user" {
  name          = "${local.resource_prefix}-user"
  force_destroy = true
}

resource "aws_iam_access_key" "user" {
  user = aws_iam_user.user.name
}

resource "aws_lambda_function" "analysis_lambda" {
  filename      = "resources/lambda_function_payload.zip"
  function_name = "${local.resource_prefix}-analysis"
  role          = "arn:aws:iam::111122223333:role/lambda"
  handler       = "exports.test"
  runtime       = "nodejs12.x"
}

resource "aws_lambda_function_url" "analysis_lambda" {
  function_name      = aws_lambda_function.analysis_lambda.function_name
  authorization_type = "NONE"
}

resource "aws_elasticsearch_domain" "monitoring" {
  domain_name = "${local.resource_prefix}-es"
}
