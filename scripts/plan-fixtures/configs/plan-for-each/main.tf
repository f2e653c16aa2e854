# Node groups from a map, each with a role of its own (for_each over the same map everywhere). The
# builders group has ECR PowerUser, the general group only pulls. In the plan every role ARN and name
# is unknown: aws_iam_role.node[each.key] is recorded as aws_iam_role.node and each.key.
provider "aws" {
  region = "eu-west-1"
}

variable "node_groups" {
  type = map(object({ instance_types = list(string), ecr_policy = string }))
  default = {
    general  = { instance_types = ["m6i.large"], ecr_policy = "AmazonEC2ContainerRegistryPullOnly" }
    builders = { instance_types = ["c6i.2xlarge"], ecr_policy = "AmazonEC2ContainerRegistryPowerUser" }
  }
}

resource "aws_iam_role" "node" {
  for_each    = var.node_groups
  name_prefix = "${each.key}-nodes-"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "worker" {
  for_each   = var.node_groups
  role       = aws_iam_role.node[each.key].name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"
}

resource "aws_iam_role_policy_attachment" "cni" {
  for_each   = var.node_groups
  role       = aws_iam_role.node[each.key].name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"
}

resource "aws_iam_role_policy_attachment" "ecr" {
  for_each   = var.node_groups
  role       = aws_iam_role.node[each.key].name
  policy_arn = "arn:aws:iam::aws:policy/${each.value.ecr_policy}"
}

resource "aws_eks_node_group" "this" {
  for_each        = var.node_groups
  cluster_name    = "prod"
  node_group_name = each.key
  node_role_arn   = aws_iam_role.node[each.key].arn
  instance_types  = each.value.instance_types
  subnet_ids      = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 1
  }
}
