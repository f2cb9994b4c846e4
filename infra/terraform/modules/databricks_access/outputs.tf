output "access_connector_id" {
  description = "Resource id of the Databricks access connector."
  value       = azurerm_databricks_access_connector.this.id
}

output "storage_credential_name" {
  description = "Name of the Unity Catalog storage credential."
  value       = databricks_storage_credential.this.name
}

output "catalog_name" {
  description = "Name of the catalog."
  value       = databricks_catalog.this.name
}

output "schema_name" {
  description = "Name of the schema."
  value       = databricks_schema.this.name
}

output "landing_volume_path" {
  description = "Path of the landing volume, /Volumes/<catalog>/<schema>/landing."
  value       = "/Volumes/${databricks_catalog.this.name}/${databricks_schema.this.name}/${databricks_volume.landing.name}"
}

output "checkpoint_volume_path" {
  description = "Path of the checkpoints volume, /Volumes/<catalog>/<schema>/checkpoints."
  value       = "/Volumes/${databricks_catalog.this.name}/${databricks_schema.this.name}/${databricks_volume.checkpoints.name}"
}
