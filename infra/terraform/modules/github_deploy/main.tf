# GitHub Actions signs in with Databricks workload identity federation (DATABRICKS_AUTH_TYPE
# github-oidc): Databricks itself exchanges the job's GitHub OIDC token, so no Entra application
# or client secret is involved. Federation policies attach only to account-level service
# principals, hence the account provider for the principal and its policy.
resource "databricks_service_principal" "deploy" {
  provider     = databricks.account
  display_name = var.display_name
}

resource "databricks_mws_permission_assignment" "deploy" {
  provider     = databricks.account
  workspace_id = var.databricks_workspace_id
  principal_id = databricks_service_principal.deploy.id
  permissions  = ["USER"]
}

# Only jobs that run in this repository's GitHub environment may sign in as the principal: not
# other repositories, branches, tags, pull requests or environments. Which refs may enter the
# environment is the environment's own protection rule.
resource "databricks_service_principal_federation_policy" "github" {
  provider             = databricks.account
  service_principal_id = tonumber(databricks_service_principal.deploy.id)
  policy_id            = "github-${var.github_environment}"
  description          = "GitHub Actions deploys of ${var.github_repository} in environment ${var.github_environment}."
  oidc_policy = {
    issuer    = "https://token.actions.githubusercontent.com"
    audiences = [var.token_audience]
    subject   = "repo:${var.github_repository}:environment:${var.github_environment}"
  }
}

# Bundle deploys write the bundle under /Workspace and create or update the job; serverless
# jobs need no cluster-create right.
resource "databricks_entitlements" "deploy" {
  service_principal_id  = databricks_service_principal.deploy.id
  workspace_access      = true
  databricks_sql_access = false
  allow_cluster_create  = false

  depends_on = [databricks_mws_permission_assignment.deploy]
}

# The scope is created empty: the pepper is put in by hand and never passes through Terraform state.
resource "databricks_secret_scope" "pepper" {
  name = var.pepper_secret_scope
}

resource "databricks_secret_acl" "pepper_reader" {
  scope      = databricks_secret_scope.pepper.name
  principal  = databricks_service_principal.deploy.application_id
  permission = "READ"

  depends_on = [databricks_mws_permission_assignment.deploy]
}
