variable "cluster_name" {
  type = string
}

variable "extra_policy_arn" {
  type = string
}

resource "aws_iam_role" "cluster" {
  name_prefix = "${var.cluster_name}-cluster-"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "eks.amazonaws.com" } }]
  })
}

resource "aws_eks_cluster" "this" {
  name     = var.cluster_name
  role_arn = aws_iam_role.cluster.arn
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  }
}

module "nodes" {
  source           = "./nodes"
  cluster_name     = aws_eks_cluster.this.name
  extra_policy_arn = var.extra_policy_arn
}

output "node_role_name" {
  value = module.nodes.role_name
}
