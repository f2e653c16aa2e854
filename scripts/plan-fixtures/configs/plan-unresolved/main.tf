# What a plan cannot tell. Its configuration records no expressions of locals, of an index only its
# references (aws_iam_role.group[each.value] is recorded as aws_iam_role.group and each.value, which
# does not say which instance), and of a jsonencode() only its references. Scanned as HCL: three node
# roles with ECR FullAccess and one that can push. Scanned as a plan: the node group on the local is a
# PG901 note naming local.node_role_arn, the FullAccess attachments of the group roles name no role
# pullguard can tell (their role stays unknown), and the pushing policy is a PG901 note.
provider "aws" {
  region = "eu-west-1"
}

resource "aws_iam_role" "node" {
  name_prefix = "prod-nodes-"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "node" {
  for_each   = toset(["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryFullAccess"])
  role       = aws_iam_role.node.name
  policy_arn = "arn:aws:iam::aws:policy/${each.value}"
}

locals {
  node_role_arn = aws_iam_role.node.arn
}

resource "aws_eks_node_group" "default" {
  cluster_name  = "prod"
  node_role_arn = local.node_role_arn
  subnet_ids    = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 1
  }
}

variable "groups" {
  type    = set(string)
  default = ["general", "builders"]
}

resource "aws_iam_role" "group" {
  for_each    = var.groups
  name_prefix = "${each.key}-nodes-"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "group" {
  for_each   = { for g in var.groups : "${g}/ecr" => g }
  role       = aws_iam_role.group[each.value].name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess"
}

resource "aws_eks_node_group" "group" {
  for_each      = var.groups
  cluster_name  = "prod"
  node_role_arn = aws_iam_role.group[each.key].arn
  subnet_ids    = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 1
  }
}

# A policy built with jsonencode around an ARN of the plan: the plan holds neither its text (unknown)
# nor its expression (only the references, aws_ecr_repository.app.arn). The HCL finds ecr:PutImage.
resource "aws_ecr_repository" "app" {
  name                 = "app"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_iam_role" "builder" {
  name_prefix = "builder-nodes-"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "builder" {
  for_each   = toset(["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly"])
  role       = aws_iam_role.builder.name
  policy_arn = "arn:aws:iam::aws:policy/${each.value}"
}

resource "aws_iam_role_policy" "builder_push" {
  name = "push-app"
  role = aws_iam_role.builder.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["ecr:PutImage"], Resource = aws_ecr_repository.app.arn }]
  })
}

resource "aws_eks_node_group" "builder" {
  cluster_name  = "prod"
  node_role_arn = aws_iam_role.builder.arn
  subnet_ids    = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 1
  }
}
