# The good twin of plan-child-module: the policy the root passes into the child module only pulls.
provider "aws" {
  region = "eu-west-1"
}

resource "aws_iam_policy" "pulls" {
  name_prefix = "node-pulls-"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_role" "cluster" {
  name_prefix = "prod-cluster-"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "eks.amazonaws.com" } }]
  })
}

resource "aws_eks_cluster" "this" {
  name     = "prod"
  role_arn = aws_iam_role.cluster.arn
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  }
}

module "nodes" {
  source           = "./nodes"
  cluster_name     = aws_eks_cluster.this.name
  extra_policy_arn = aws_iam_policy.pulls.arn
}
