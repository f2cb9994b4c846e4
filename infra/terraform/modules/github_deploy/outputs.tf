output "client_id" {
  description = "Application id of the deploy service principal: what DATABRICKS_CLIENT_ID names in deploy.yml."
  value       = databricks_service_principal.deploy.application_id
}

output "account_service_principal_id" {
  description = "Numeric id of the deploy service principal in the Databricks account; its federation policy hangs off it."
  value       = databricks_service_principal.deploy.id
}

output "federation_policy_subject" {
  description = "The only token subject the federation policy accepts."
  value       = databricks_service_principal_federation_policy.github.oidc_policy.subject
}

output "token_audience" {
  description = "The token audience the federation policy accepts."
  value       = var.token_audience
}

output "pepper_secret_scope" {
  description = "Name of the secret scope for the PII pepper."
  value       = databricks_secret_scope.pepper.name
}
