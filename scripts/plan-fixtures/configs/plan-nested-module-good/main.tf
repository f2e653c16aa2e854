# The good twin of plan-nested-module: the policy passed down only pulls, and the root attaches SSM.
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

module "platform" {
  source           = "./platform"
  cluster_name     = "prod"
  extra_policy_arn = aws_iam_policy.pulls.arn
}

resource "aws_iam_role_policy_attachment" "extra" {
  role       = module.platform.node_role_name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}
