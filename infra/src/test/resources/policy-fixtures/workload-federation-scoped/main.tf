# Bad on purpose: one mistake per policy, then one policy that is scoped as it must be.
resource "databricks_service_principal_federation_policy" "wildcard" {
  provider             = databricks.account
  service_principal_id = tonumber(databricks_service_principal.deploy.id)
  policy_id            = "wildcard"
  oidc_policy = {
    issuer  = "https://token.actions.githubusercontent.com"
    subject = "repo:${var.github_repository}:*"
  }
}

resource "databricks_service_principal_federation_policy" "branch" {
  provider             = databricks.account
  service_principal_id = tonumber(databricks_service_principal.deploy.id)
  policy_id            = "branch"
  oidc_policy = {
    issuer  = "https://token.actions.githubusercontent.com"
    subject = "repo:${var.github_repository}:ref:refs/heads/main"
  }
}

resource "databricks_service_principal_federation_policy" "environment_wildcard" {
  provider             = databricks.account
  service_principal_id = tonumber(databricks_service_principal.deploy.id)
  policy_id            = "environment-wildcard"
  oidc_policy = {
    issuer  = "https://token.actions.githubusercontent.com"
    subject = "repo:example/clickflow:environment:*"
  }
}

resource "databricks_service_principal_federation_policy" "other_issuer" {
  provider             = databricks.account
  service_principal_id = tonumber(databricks_service_principal.deploy.id)
  policy_id            = "other-issuer"
  oidc_policy = {
    issuer  = "https://token.actions.example.com"
    subject = "repo:${var.github_repository}:environment:${var.github_environment}"
  }
}

resource "databricks_service_principal_federation_policy" "repository_claim" {
  provider             = databricks.account
  service_principal_id = tonumber(databricks_service_principal.deploy.id)
  policy_id            = "repository-claim"
  oidc_policy = {
    issuer        = "https://token.actions.githubusercontent.com"
    subject_claim = "repository"
    subject       = "repo:${var.github_repository}:environment:${var.github_environment}"
  }
}

resource "databricks_service_principal_federation_policy" "no_oidc_policy" {
  provider             = databricks.account
  service_principal_id = tonumber(databricks_service_principal.deploy.id)
  policy_id            = "no-oidc-policy"
}

resource "databricks_service_principal_federation_policy" "scoped" {
  provider             = databricks.account
  service_principal_id = tonumber(databricks_service_principal.deploy.id)
  policy_id            = "scoped"
  oidc_policy = {
    issuer    = "https://token.actions.githubusercontent.com"
    audiences = [var.token_audience]
    subject   = "repo:${var.github_repository}:environment:${var.github_environment}"
  }
}
