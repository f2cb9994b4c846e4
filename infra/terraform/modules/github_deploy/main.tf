data "azuread_client_config" "current" {}

resource "azuread_application" "deploy" {
  display_name = var.display_name
  owners       = [data.azuread_client_config.current.object_id]
}

resource "azuread_service_principal" "deploy" {
  client_id = azuread_application.deploy.client_id
  owners    = [data.azuread_client_config.current.object_id]
}

# Only jobs that run in this repository's GitHub environment get a token: not other
# repositories, branches, pull requests or environments.
resource "azuread_application_federated_identity_credential" "github" {
  application_id = azuread_application.deploy.id
  display_name   = "github-${var.github_environment}"
  description    = "GitHub Actions deploys of ${var.github_repository} in environment ${var.github_environment}."
  audiences      = ["api://AzureADTokenExchange"]
  issuer         = "https://token.actions.githubusercontent.com"
  subject        = "repo:${var.github_repository}:environment:${var.github_environment}"
}

# Bundle deploys write the bundle under /Workspace and create or update the job; serverless
# jobs need no cluster-create right.
resource "databricks_service_principal" "deploy" {
  application_id        = azuread_application.deploy.client_id
  display_name          = var.display_name
  workspace_access      = true
  databricks_sql_access = false
  allow_cluster_create  = false
  active                = true
}

# The scope is created empty: the pepper is put in by hand and never passes through Terraform state.
resource "databricks_secret_scope" "pepper" {
  name = var.pepper_secret_scope
}

resource "databricks_secret_acl" "pepper_reader" {
  scope      = databricks_secret_scope.pepper.name
  principal  = databricks_service_principal.deploy.application_id
  permission = "READ"
}
