output "client_id" {
  description = "Application (client) id of the deploy service principal."
  value       = azuread_application.deploy.client_id
}

output "service_principal_object_id" {
  description = "Object id of the deploy service principal in Microsoft Entra ID."
  value       = azuread_service_principal.deploy.object_id
}

output "workspace_service_principal_id" {
  description = "Id of the deploy service principal inside the Databricks workspace."
  value       = databricks_service_principal.deploy.id
}

output "pepper_secret_scope" {
  description = "Name of the secret scope for the PII pepper."
  value       = databricks_secret_scope.pepper.name
}
