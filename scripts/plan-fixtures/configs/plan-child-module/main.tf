# The root passes a customer policy that pushes images into a child module, which attaches it to
# its node role. Both ARNs are unknown until apply: the plan only says that the module input refers to
# aws_iam_policy.builds.
provider "aws" {
  region = "eu-west-1"
}

resource "aws_iam_policy" "builds" {
  name_prefix = "node-builds-"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:BatchCheckLayerAvailability"]
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
  extra_policy_arn = aws_iam_policy.builds.arn
}
