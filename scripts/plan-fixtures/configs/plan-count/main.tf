# Two node pools made with count, each with its own role; the second pool has ECR FullAccess. In the
# plan aws_iam_role.node[count.index] is recorded as aws_iam_role.node and count.index.
provider "aws" {
  region = "eu-west-1"
}

variable "pools" {
  type    = list(string)
  default = ["general", "builders"]
}

variable "ecr_policies" {
  type    = list(string)
  default = ["AmazonEC2ContainerRegistryPullOnly", "AmazonEC2ContainerRegistryFullAccess"]
}

resource "aws_iam_role" "node" {
  count       = length(var.pools)
  name_prefix = "${var.pools[count.index]}-nodes-"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "worker" {
  count      = length(var.pools)
  role       = aws_iam_role.node[count.index].name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"
}

resource "aws_iam_role_policy_attachment" "cni" {
  count      = length(var.pools)
  role       = aws_iam_role.node[count.index].name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"
}

resource "aws_iam_role_policy_attachment" "ecr" {
  count      = length(var.pools)
  role       = aws_iam_role.node[count.index].name
  policy_arn = "arn:aws:iam::aws:policy/${var.ecr_policies[count.index]}"
}

resource "aws_eks_node_group" "this" {
  count           = length(var.pools)
  cluster_name    = "prod"
  node_group_name = var.pools[count.index]
  node_role_arn   = aws_iam_role.node[count.index].arn
  subnet_ids      = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 1
  }
}
