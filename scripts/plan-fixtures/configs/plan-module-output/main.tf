# A module makes the node role and hands its ARN out as an output; the node group in the root uses
# it. The role has ECR FullAccess. In the plan the ARN is unknown: the node group refers to
# module.iam.node_role_arn, whose expression in the child refers to aws_iam_role.this.
provider "aws" {
  region = "eu-west-1"
}

module "iam" {
  source = "./iam"
  name   = "prod-nodes"
}

resource "aws_eks_node_group" "default" {
  cluster_name  = "prod"
  node_role_arn = module.iam.node_role_arn
  subnet_ids    = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 1
  }
}
