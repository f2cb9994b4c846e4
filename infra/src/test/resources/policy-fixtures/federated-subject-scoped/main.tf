# Bad on purpose: a wildcard, a branch subject and a subject without the environment.
resource "azuread_application_federated_identity_credential" "wildcard" {
  application_id = azuread_application.deploy.id
  display_name   = "wildcard"
  audiences      = ["api://AzureADTokenExchange"]
  issuer         = "https://token.actions.githubusercontent.com"
  subject        = "repo:${var.github_repository}:*"
}

resource "azuread_application_federated_identity_credential" "branch" {
  application_id = azuread_application.deploy.id
  display_name   = "branch"
  audiences      = ["api://AzureADTokenExchange"]
  issuer         = "https://token.actions.githubusercontent.com"
  subject        = "repo:${var.github_repository}:ref:refs/heads/main"
}

resource "azurerm_federated_identity_credential" "environment_wildcard" {
  name      = "environment-wildcard"
  parent_id = azurerm_user_assigned_identity.producer.id
  audience  = ["api://AzureADTokenExchange"]
  issuer    = "https://token.actions.githubusercontent.com"
  subject   = "repo:example/clickflow:environment:*"
}

resource "azuread_application_federated_identity_credential" "scoped" {
  application_id = azuread_application.deploy.id
  display_name   = "scoped"
  audiences      = ["api://AzureADTokenExchange"]
  issuer         = "https://token.actions.githubusercontent.com"
  subject        = "repo:${var.github_repository}:environment:${var.github_environment}"
}
