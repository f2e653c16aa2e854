# Modules two deep: root -> module.platform -> module.platform.module.nodes. A customer policy that
# pushes images goes down two levels as a variable and is attached to the node role there; the role
# name comes back up two levels as outputs, and the root attaches ECR PowerUser to it.
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

module "platform" {
  source           = "./platform"
  cluster_name     = "prod"
  extra_policy_arn = aws_iam_policy.builds.arn
}

resource "aws_iam_role_policy_attachment" "extra" {
  role       = module.platform.node_role_name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"
}
