output "account_id" {
  description = "Resource id of the storage account."
  value       = azurerm_storage_account.this.id
}

output "account_name" {
  description = "Name of the storage account."
  value       = azurerm_storage_account.this.name
}

output "dfs_endpoint" {
  description = "DFS (ADLS Gen2) endpoint of the account."
  value       = azurerm_storage_account.this.primary_dfs_endpoint
}

output "landing_filesystem_name" {
  description = "Name of the filesystem producers write to."
  value       = azurerm_storage_data_lake_gen2_filesystem.landing.name
}

output "lakehouse_filesystem_name" {
  description = "Name of the filesystem that holds the Unity Catalog managed tables and volumes."
  value       = azurerm_storage_data_lake_gen2_filesystem.lakehouse.name
}
