output "resource_group_name" {
  description = "Resource group that holds the environment's Azure resources."
  value       = azurerm_resource_group.this.name
}

output "storage_account_name" {
  description = "ADLS Gen2 account name, the <account> in the producer's adls:// sink."
  value       = module.storage.account_name
}

output "storage_account_id" {
  description = "Resource id of the ADLS Gen2 account."
  value       = module.storage.account_id
}

output "producer_sink" {
  description = "Value for the producer's --sink option."
  value       = "adls://${module.storage.account_name}/${module.storage.landing_filesystem_name}/${var.landing_prefix}"
}

output "producer_identity_client_id" {
  description = "Client id of the producer's managed identity: the producer's --identity-client-id."
  value       = module.producer_identity.client_id
}

output "producer_identity_id" {
  description = "Resource id of the producer's managed identity, to attach to the VM, container app or AKS workload that runs the producer."
  value       = module.producer_identity.id
}

output "access_connector_id" {
  description = "Resource id of the Databricks access connector behind the Unity Catalog storage credential."
  value       = module.databricks_access.access_connector_id
}

output "catalog" {
  description = "Bundle variable catalog."
  value       = module.databricks_access.catalog_name
}

output "schema" {
  description = "Bundle variable schema."
  value       = module.databricks_access.schema_name
}

output "landing_location" {
  description = "Bundle variable landing_location: the landing volume path."
  value       = module.databricks_access.landing_volume_path
}

output "checkpoint_location" {
  description = "Bundle variable checkpoint_location: the checkpoints volume path."
  value       = module.databricks_access.checkpoint_volume_path
}

output "pepper_secret_scope" {
  description = "Bundle variable pepper_secret_scope. The scope is created empty; put the pepper in by hand."
  value       = module.github_deploy.pepper_secret_scope
}

output "deploy_client_id" {
  description = "Application id of the deploy service principal in the Databricks account: the GitHub environment variable DATABRICKS_CLIENT_ID and the bundle's run_as_service_principal."
  value       = module.github_deploy.client_id
}

output "databricks_host" {
  description = "Workspace URL without a trailing slash: the GitHub environment variable DATABRICKS_HOST."
  value       = local.databricks_host
}

output "deploy_federation_subject" {
  description = "The only GitHub OIDC subject the deploy service principal accepts; a run that cannot sign in has a different repo:<owner>/<name>:environment:<env>."
  value       = module.github_deploy.federation_policy_subject
}

output "deploy_token_audience" {
  description = "Audience the federation policy accepts; deploy.yml requests it as DATABRICKS_TOKEN_AUDIENCE, built from DATABRICKS_HOST."
  value       = module.github_deploy.token_audience
}
