# EKS nodes on launch templates with IMDS hop limit 2, so pods reach the node role's credentials:
# self-managed (an Auto Scaling group tagged for the cluster, its launch template by id, with an
# instance profile by ARN) and managed (a node group whose launch template is named by name). The plan
# creates all of them: the ids, ARNs and names are unknown.
provider "aws" {
  region = "eu-west-1"
}

resource "aws_iam_role" "node" {
  name_prefix = "self-managed-nodes-"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "node" {
  for_each   = toset(["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly"])
  role       = aws_iam_role.node.name
  policy_arn = "arn:aws:iam::aws:policy/${each.value}"
}

resource "aws_iam_instance_profile" "node" {
  name_prefix = "self-managed-nodes-"
  role        = aws_iam_role.node.name
}

resource "aws_launch_template" "node" {
  name_prefix   = "self-managed-nodes-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "m6i.large"
  iam_instance_profile {
    arn = aws_iam_instance_profile.node.arn
  }
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }
}

resource "aws_autoscaling_group" "nodes" {
  name_prefix         = "self-managed-nodes-"
  min_size            = 1
  max_size            = 3
  vpc_zone_identifier = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  launch_template {
    id      = aws_launch_template.node.id
    version = aws_launch_template.node.latest_version
  }
  tag {
    key                 = "kubernetes.io/cluster/prod"
    value               = "owned"
    propagate_at_launch = true
  }
}

resource "aws_launch_template" "managed" {
  name_prefix = "managed-nodes-"
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }
}

resource "aws_eks_node_group" "managed" {
  cluster_name  = "prod"
  node_role_arn = aws_iam_role.node.arn
  subnet_ids    = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 1
  }
  launch_template {
    name    = aws_launch_template.managed.name
    version = aws_launch_template.managed.latest_version
  }
}
